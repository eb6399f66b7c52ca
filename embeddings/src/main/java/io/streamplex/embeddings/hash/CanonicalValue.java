package io.streamplex.embeddings.hash;

/**
 * The canonical byte form a categorical value is hashed in, so the same value gives the same row in
 * every JVM, operator and release.
 *
 * <ul>
 *   <li>A string is hashed as its UTF-8 bytes, exactly as given: no trimming, no case folding. An
 *       unpaired surrogate becomes {@code '?'}, as {@link String#getBytes} does.
 *   <li>An integer is canonicalised to its decimal form ({@link Long#toString(long)}), so {@code
 *       42} and {@code "42"} agree; {@code "042"} and {@code "+42"} are different strings.
 *   <li>A value is <b>missing</b> when it is {@code null}, empty, only whitespace, or {@code "NaN"}
 *       in any case (how pandas and CSV exports spell a missing float). Missing values never reach
 *       the hash: every strategy sends them to its reserved missing row ({@code
 *       EmbeddingStrategy.MISSING_ROW}).
 * </ul>
 */
public final class CanonicalValue {

  private CanonicalValue() {}

  public static boolean isMissing(CharSequence value) {
    if (value == null) {
      return true;
    }
    int n = value.length();
    if (n == 3
        && (value.charAt(0) | 0x20) == 'n'
        && (value.charAt(1) | 0x20) == 'a'
        && (value.charAt(2) | 0x20) == 'n') {
      return true;
    }
    for (int i = 0; i < n; i++) {
      if (!Character.isWhitespace(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  public static boolean isMissing(double value) {
    return Double.isNaN(value);
  }

  /** The most bytes {@link #encodeUtf8} can write for {@code value}. */
  public static int maxUtf8Length(CharSequence value) {
    return value.length() * 3;
  }

  /**
   * Writes the UTF-8 bytes of {@code value} into {@code out} (at least {@link #maxUtf8Length} long)
   * and returns their count. Allocation-free, unlike {@link String#getBytes}.
   */
  public static int encodeUtf8(CharSequence value, byte[] out) {
    int n = value.length();
    int p = 0;
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        out[p++] = (byte) c;
      } else if (c < 0x800) {
        out[p++] = (byte) (0xC0 | (c >> 6));
        out[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, value.charAt(++i));
        out[p++] = (byte) (0xF0 | (cp >> 18));
        out[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        out[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        out[p++] = (byte) (0x80 | (cp & 0x3F));
      } else if (Character.isSurrogate(c)) {
        out[p++] = '?';
      } else {
        out[p++] = (byte) (0xE0 | (c >> 12));
        out[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[p++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return p;
  }

  /**
   * Writes the decimal form of {@code value} (as {@link Long#toString(long)} spells it) into {@code
   * out} (at least 20 bytes) and returns its length, without allocating a string.
   */
  public static int encodeLong(long value, byte[] out) {
    if (value == Long.MIN_VALUE) {
      byte[] min = "-9223372036854775808".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      System.arraycopy(min, 0, out, 0, min.length);
      return min.length;
    }
    int p = 0;
    long v = value;
    if (v < 0) {
      out[p++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long t = v; t >= 10; t /= 10) {
      digits++;
    }
    for (int i = p + digits - 1; i >= p; i--) {
      out[i] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    return p + digits;
  }
}
