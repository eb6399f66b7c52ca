package io.streamplex.ctr.sdim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BucketAggregatesTest {

  static final int D = 16;
  static final int M = 6;
  static final int TAU = 3;

  static float[] randomRows(int rows, int dim, long seed) {
    Random rnd = new Random(seed);
    float[] x = new float[rows * dim];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    return x;
  }

  /**
   * The definition, recomputed from the whole sequence in double: for each j, the sum of the
   * behaviours whose signature j equals the candidate's, normalised, averaged over m.
   */
  static double[] bruteForceInterest(
      SimHashProjection p, float[] seq, int length, float[] cand, Normalisation norm) {
    int d = p.dim();
    int m = p.numHashes();
    int[] cs = p.signatures(cand);
    double[] out = new double[d];
    for (int j = 0; j < m; j++) {
      double[] sum = new double[d];
      int count = 0;
      for (int i = 0; i < length; i++) {
        float[] s = java.util.Arrays.copyOfRange(seq, i * d, (i + 1) * d);
        if (p.signatures(s)[j] == cs[j]) {
          count++;
          for (int k = 0; k < d; k++) {
            sum[k] += s[k];
          }
        }
      }
      if (count == 0) {
        continue;
      }
      double scale =
          switch (norm) {
            case NONE -> 1;
            case COUNT -> 1.0 / count;
            case L2 -> {
              double n2 = 0;
              for (double v : sum) {
                n2 += v * v;
              }
              yield 1 / Math.sqrt(n2);
            }
          };
      for (int k = 0; k < d; k++) {
        out[k] += sum[k] * scale / m;
      }
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(Normalisation.class)
  void interestEqualsBruteForceRecomputationFromTheSequence(Normalisation norm) {
    SimHashProjection p = new SimHashProjection(D, M, TAU, 31L);
    SdimEncoder enc = new SdimEncoder(p, norm);
    int length = 300;
    float[] seq = randomRows(length, D, 1);
    BucketAggregates state = enc.emptyAggregates();
    SdimEncoder.Workspace ws = enc.workspace();
    for (int i = 0; i < length; i++) {
      enc.add(state, seq, i * D, ws);
    }
    assertEquals(length, state.size());
    int candidates = 20;
    float[] cands = randomRows(candidates, D, 2);
    float[] out = new float[candidates * D];
    enc.interestAll(state, cands, candidates, ws, out);
    for (int c = 0; c < candidates; c++) {
      float[] cand = java.util.Arrays.copyOfRange(cands, c * D, (c + 1) * D);
      double[] expected = bruteForceInterest(p, seq, length, cand, norm);
      double tol = norm == Normalisation.NONE ? 1e-3 : 1e-5;
      for (int k = 0; k < D; k++) {
        assertEquals(expected[k], out[c * D + k], tol, "candidate " + c + " component " + k);
      }
    }
  }

  @Test
  void candidateMatchingNoBehaviourGetsTheZeroVector() {
    SimHashProjection p = new SimHashProjection(D, M, TAU, 31L);
    SdimEncoder enc = new SdimEncoder(p, Normalisation.L2);
    BucketAggregates state = enc.emptyAggregates();
    float[] x = randomRows(1, D, 3);
    enc.add(state, x, 0, enc.workspace());
    // the opposite vector flips every bit: every signature lands in the complementary bucket
    float[] opposite = new float[D];
    for (int k = 0; k < D; k++) {
      opposite[k] = -x[k];
    }
    float[] out = new float[D];
    enc.interest(state, opposite, 0, enc.workspace(), out, 0);
    assertArrayEquals(new float[D], out);
    // the behaviour itself matches in every signature: ℓ2 gives its unit vector
    enc.interest(state, x, 0, enc.workspace(), out, 0);
    double norm = 0;
    for (float v : x) {
      norm += v * v;
    }
    for (int k = 0; k < D; k++) {
      assertEquals(x[k] / Math.sqrt(norm), out[k], 1e-6);
    }
  }

  @Test
  void addThenRemoveReturnsToTheEmptyState() {
    SimHashProjection p = new SimHashProjection(D, M, TAU, 8L);
    SdimEncoder enc = new SdimEncoder(p, Normalisation.COUNT);
    SdimEncoder.Workspace ws = enc.workspace();
    BucketAggregates state = enc.emptyAggregates();
    int length = 500;
    float[] seq = randomRows(length, D, 9);
    for (int i = 0; i < length; i++) {
      enc.add(state, seq, i * D, ws);
    }
    // remove in a different order than added: a window evicts the oldest, a rebuild may not
    for (int i = length - 1; i >= 0; i -= 2) {
      enc.remove(state, seq, i * D, ws);
    }
    assertEquals(length / 2, state.size());
    for (int i = length - 2; i >= 0; i -= 2) {
      enc.remove(state, seq, i * D, ws);
    }
    assertTrue(state.isEmpty());
    assertArrayEquals(new int[state.counts().length], state.counts());
    // a bucket whose count returns to 0 is reset to exact zeros
    assertArrayEquals(new float[state.sums().length], state.sums());
  }

  @Test
  void partialRemovalEqualsAggregatingTheRemainderWithinTolerance() {
    SimHashProjection p = new SimHashProjection(D, M, TAU, 8L);
    SdimEncoder enc = new SdimEncoder(p, Normalisation.NONE);
    SdimEncoder.Workspace ws = enc.workspace();
    BucketAggregates state = enc.emptyAggregates();
    BucketAggregates remainder = enc.emptyAggregates();
    float[] seq = randomRows(400, D, 10);
    for (int i = 0; i < 400; i++) {
      enc.add(state, seq, i * D, ws);
    }
    for (int i = 0; i < 300; i++) {
      enc.remove(state, seq, i * D, ws);
    }
    for (int i = 300; i < 400; i++) {
      enc.add(remainder, seq, i * D, ws);
    }
    assertArrayEquals(remainder.counts(), state.counts());
    assertArrayEquals(remainder.sums(), state.sums(), 1e-4f);
  }

  @Test
  void removingWhatWasNeverAddedFailsWithoutChangingState() {
    SimHashProjection p = new SimHashProjection(D, M, TAU, 8L);
    SdimEncoder enc = new SdimEncoder(p, Normalisation.NONE);
    BucketAggregates state = enc.emptyAggregates();
    float[] x = randomRows(1, D, 4);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> enc.remove(state, x, 0, enc.workspace()));
    assertTrue(e.getMessage().contains("empty bucket"));
    assertArrayEquals(new int[state.counts().length], state.counts());
  }

  @Test
  void wrapChecksTheShape() {
    SimHashProjection p = new SimHashProjection(D, M, TAU, 8L);
    assertThrows(
        IllegalArgumentException.class,
        () -> BucketAggregates.wrap(p, new float[10], new int[M << TAU]));
    BucketAggregates w = BucketAggregates.wrap(p, new float[(M << TAU) * D], new int[M << TAU]);
    assertEquals(BucketAggregates.floatsPerUser(D, M, TAU), w.sums().length);
  }
}
