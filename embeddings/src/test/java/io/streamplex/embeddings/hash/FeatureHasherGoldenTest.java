package io.streamplex.embeddings.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.embeddings.strategy.HashingTrick;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Pins the (feature, chunk, value, seed) → row scheme to vectors computed by the reference C XXH3
 * (src/test/python/feature_hash_vectors.py), so a row never moves across JVMs or releases.
 */
class FeatureHasherGoldenTest {

  record Vector(String feature, int chunk, String value, long seed, long hash, int[] buckets) {}

  static final int[] SIZES = {1000, 65536, 999983};

  static List<Vector> vectors() throws IOException {
    List<Vector> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                Objects.requireNonNull(
                    FeatureHasherGoldenTest.class.getResourceAsStream(
                        "/golden/feature-hash-v1.tsv")),
                StandardCharsets.UTF_8))) {
      r.readLine();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] c = line.split("\t", -1);
        out.add(
            new Vector(
                c[0],
                Integer.parseInt(c[1]),
                c[2],
                Long.parseLong(c[3]),
                Long.parseUnsignedLong(c[4], 16),
                new int[] {
                  Integer.parseInt(c[5]), Integer.parseInt(c[6]), Integer.parseInt(c[7])
                }));
      }
    }
    return out;
  }

  @Test
  void hashesAndBucketsMatchReferenceXxh3() throws IOException {
    List<Vector> vs = vectors();
    assertEquals(14, vs.size());
    for (Vector v : vs) {
      FeatureHasher h = new FeatureHasher(v.feature(), v.chunk() + 1, v.seed());
      long got = h.hash(v.chunk(), v.value());
      assertEquals(v.hash(), got, () -> "hash of " + v);
      for (int k = 0; k < SIZES.length; k++) {
        assertEquals(v.buckets()[k], FeatureHasher.bucket(got, SIZES[k]), "bucket of " + v);
      }
    }
  }

  @Test
  void integerValuesHashLikeTheirDecimalString() throws IOException {
    for (Vector v : vectors()) {
      long parsed;
      try {
        parsed = Long.parseLong(v.value());
      } catch (NumberFormatException e) {
        continue;
      }
      FeatureHasher h = new FeatureHasher(v.feature(), v.chunk() + 1, v.seed());
      if (Long.toString(parsed).equals(v.value())) {
        assertEquals(v.hash(), h.hash(v.chunk(), parsed), v.toString());
      } else {
        // "02139" is a string, not the integer 2139
        assertTrue(v.hash() != h.hash(v.chunk(), parsed), v.toString());
      }
    }
  }

  @Test
  void hashingTrickRowIsOnePlusBucketOfTheRemainingRows() throws IOException {
    for (Vector v : vectors()) {
      if (v.chunk() != 0) {
        continue;
      }
      HashingTrick s = new HashingTrick(v.feature(), 1001, 8, v.seed());
      int[] row = new int[1];
      s.rows(v.value(), row, 0);
      assertEquals(1 + v.buckets()[0], row[0], v.toString());
    }
  }

  @Test
  void missingValuesAreDefined() {
    for (String m : new String[] {null, "", "   ", "NaN", "nan", "NAN", "\t"}) {
      assertTrue(CanonicalValue.isMissing(m), "missing: [" + m + "]");
    }
    for (String p : new String[] {"0", "na", "nana", " a", "null"}) {
      assertFalse(CanonicalValue.isMissing(p), "present: [" + p + "]");
    }
    assertTrue(CanonicalValue.isMissing(Double.NaN));
  }

  @Test
  void utf8EncodingMatchesTheJdk() {
    byte[] buf = new byte[64];
    for (String s : new String[] {"abc", "Zürich", "東京", "\uD83D\uDE00", "x\uD800y"}) {
      int n = CanonicalValue.encodeUtf8(s, buf);
      assertEquals(
          new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1),
          new String(buf, 0, n, StandardCharsets.ISO_8859_1),
          s);
    }
    for (long v : new long[] {0, 7, -7, 42, Long.MAX_VALUE, Long.MIN_VALUE, -1000}) {
      int n = CanonicalValue.encodeLong(v, buf);
      assertEquals(Long.toString(v), new String(buf, 0, n, StandardCharsets.US_ASCII));
    }
  }
}
