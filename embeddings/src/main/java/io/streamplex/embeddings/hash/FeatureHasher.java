package io.streamplex.embeddings.hash;

import com.dynatrace.hash4j.hashing.Hasher64;
import com.dynatrace.hash4j.hashing.Hashing;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Seeded, stable 64-bit hashing of (feature, chunk, value) with XXH3-64 (hash4j).
 *
 * <p>The scheme (version {@link #SCHEME_VERSION}), so any XXH3 implementation can reproduce it:
 *
 * <ol>
 *   <li>{@code featureKey = XXH3_64(utf8(featureName), seed)} — features are salted by name, not by
 *       position, so adding a field to a spec never moves another field's rows;
 *   <li>{@code chunkSeed = XXH3_64(le64(featureKey) ‖ le32(chunk), seed)} — the per-(feature,
 *       chunk) salt of Unified Embedding;
 *   <li>{@code hash = XXH3_64(canonical bytes of the value, chunkSeed)}, canonical bytes as in
 *       {@link CanonicalValue};
 *   <li>{@code bucket = hash mod buckets}, unsigned.
 * </ol>
 *
 * <p>Pinned by golden vectors computed with the reference C library (libxxhash), checked in under
 * {@code src/test/resources/golden}. Thread-safe; hashing allocates nothing after a thread's first
 * call.
 */
public final class FeatureHasher {

  public static final int SCHEME_VERSION = 1;
  public static final String ALGORITHM = "xxh3_64";

  private static final ThreadLocal<byte[][]> SCRATCH =
      ThreadLocal.withInitial(() -> new byte[][] {new byte[256]});

  private final String feature;
  private final long seed;
  private final long[] chunkSeeds;
  private final Hasher64[] chunkHashers;

  public FeatureHasher(String feature, int chunks, long seed) {
    if (feature == null || feature.isEmpty()) {
      throw new IllegalArgumentException("feature name must be non-empty");
    }
    if (chunks < 1) {
      throw new IllegalArgumentException("feature '" + feature + "': chunks must be >= 1");
    }
    this.feature = feature;
    this.seed = seed;
    this.chunkSeeds = new long[chunks];
    this.chunkHashers = new Hasher64[chunks];
    for (int c = 0; c < chunks; c++) {
      chunkSeeds[c] = chunkSeed(feature, c, seed);
      chunkHashers[c] = Hashing.xxh3_64(chunkSeeds[c]);
    }
  }

  public static long featureKey(String feature, long seed) {
    return Hashing.xxh3_64(seed).hashBytesToLong(feature.getBytes(StandardCharsets.UTF_8));
  }

  public static long chunkSeed(String feature, int chunk, long seed) {
    byte[] salt =
        ByteBuffer.allocate(12)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putLong(featureKey(feature, seed))
            .putInt(chunk)
            .array();
    return Hashing.xxh3_64(seed).hashBytesToLong(salt);
  }

  public String feature() {
    return feature;
  }

  public long seed() {
    return seed;
  }

  public int chunks() {
    return chunkHashers.length;
  }

  public long chunkSeed(int chunk) {
    return chunkSeeds[chunk];
  }

  /** Hash of a non-missing string value; the caller routes missing values to the missing row. */
  public long hash(int chunk, CharSequence value) {
    byte[][] holder = SCRATCH.get();
    byte[] buf = holder[0];
    int max = CanonicalValue.maxUtf8Length(value);
    if (buf.length < max) {
      buf = new byte[Math.max(max, buf.length * 2)];
      holder[0] = buf;
    }
    int len = CanonicalValue.encodeUtf8(value, buf);
    return chunkHashers[chunk].hashBytesToLong(buf, 0, len);
  }

  /** Hash of an integer value, equal to {@code hash(chunk, Long.toString(value))}. */
  public long hash(int chunk, long value) {
    byte[] buf = SCRATCH.get()[0];
    int len = CanonicalValue.encodeLong(value, buf);
    return chunkHashers[chunk].hashBytesToLong(buf, 0, len);
  }

  /** Unsigned {@code hash mod buckets}. */
  public static int bucket(long hash, int buckets) {
    return (int) Long.remainderUnsigned(hash, buckets);
  }
}
