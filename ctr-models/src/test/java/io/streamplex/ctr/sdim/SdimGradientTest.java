package io.streamplex.ctr.sdim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gradient of SDIM's interest into the behaviour embeddings, checked against central finite
 * differences of loss = ⟨w, interest⟩ with the signatures held fixed (the hash has no gradient).
 */
class SdimGradientTest {

  static final int D = 8;
  static final int M = 4;
  static final int TAU = 2;

  /** loss for a sequence whose signatures are given (fixed), computed in double. */
  static double loss(
      float[] seq, int[] sigs, int length, int[] candSig, float[] w, Normalisation norm) {
    double total = 0;
    for (int j = 0; j < M; j++) {
      double[] s = new double[D];
      int c = 0;
      for (int i = 0; i < length; i++) {
        if (sigs[i * M + j] == candSig[j]) {
          c++;
          for (int k = 0; k < D; k++) {
            s[k] += seq[i * D + k];
          }
        }
      }
      if (c == 0) {
        continue;
      }
      double n2 = 0;
      for (double v : s) {
        n2 += v * v;
      }
      double scale =
          switch (norm) {
            case NONE -> 1;
            case COUNT -> 1.0 / c;
            case L2 -> 1 / Math.sqrt(n2);
          };
      for (int k = 0; k < D; k++) {
        total += w[k] * s[k] * scale / M;
      }
    }
    return total;
  }

  @ParameterizedTest
  @EnumSource(Normalisation.class)
  void backwardMatchesFiniteDifferences(Normalisation norm) {
    SimHashProjection p = new SimHashProjection(D, M, TAU, 3L);
    int length = 40;
    float[] seq = BucketAggregatesTest.randomRows(length, D, 21);
    float[] cand = BucketAggregatesTest.randomRows(1, D, 22);
    float[] w = BucketAggregatesTest.randomRows(1, D, 23);
    int[] sigs = new int[length * M];
    BucketAggregates state = BucketAggregates.empty(p);
    float[] proj = new float[p.projectionLength()];
    int[] sig = new int[M];
    for (int i = 0; i < length; i++) {
      p.signatures(seq, i * D, proj, sig);
      System.arraycopy(sig, 0, sigs, i * M, M);
      state.add(seq, i * D, sig);
    }
    int[] candSig = p.signatures(cand);
    float[] bucketGrad = new float[M * D];
    state.interestBackward(candSig, norm, w, 0, bucketGrad);
    float[] grad = new float[length * D];
    BucketAggregates.accumulateBehaviourGradients(sigs, length, candSig, bucketGrad, D, grad);

    // the forward pass agrees with the double-precision loss
    float[] out = new float[D];
    state.interest(candSig, norm, out, 0);
    double forward = 0;
    for (int k = 0; k < D; k++) {
      forward += w[k] * out[k];
    }
    assertEquals(loss(seq, sigs, length, candSig, w, norm), forward, 1e-4);

    double eps = 1e-2;
    int nonZero = 0;
    for (int idx = 0; idx < seq.length; idx++) {
      float saved = seq[idx];
      seq[idx] = (float) (saved + eps);
      double up = loss(seq, sigs, length, candSig, w, norm);
      seq[idx] = (float) (saved - eps);
      double down = loss(seq, sigs, length, candSig, w, norm);
      seq[idx] = saved;
      double numeric = (up - down) / (2 * eps);
      assertEquals(numeric, grad[idx], 1e-3, "∂loss/∂seq[" + idx + "]");
      nonZero += grad[idx] != 0 ? 1 : 0;
    }
    assertTrue(nonZero > D, "some behaviours share a bucket with the candidate");
  }
}
