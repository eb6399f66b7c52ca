package io.streamplex.ctr.sdim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BaselinesTest {

  @Test
  void targetAttentionIsSoftmaxOfScaledDotsTimesTheSequence() {
    int d = 8;
    int length = 50;
    float[] seq = BucketAggregatesTest.randomRows(length, d, 1);
    float[] cand = BucketAggregatesTest.randomRows(1, d, 2);
    float[] out = new float[d];
    TargetAttention.interest(seq, length, d, cand, 0, new float[length], out, 0);

    double[] w = new double[length];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < length; i++) {
      double s = 0;
      for (int k = 0; k < d; k++) {
        s += (double) cand[k] * seq[i * d + k];
      }
      w[i] = s / Math.sqrt(d);
      max = Math.max(max, w[i]);
    }
    double z = 0;
    for (int i = 0; i < length; i++) {
      w[i] = Math.exp(w[i] - max);
      z += w[i];
    }
    for (int k = 0; k < d; k++) {
      double expected = 0;
      for (int i = 0; i < length; i++) {
        expected += w[i] / z * seq[i * d + k];
      }
      assertEquals(expected, out[k], 1e-5, "component " + k);
    }
  }

  @Test
  void emptySequencesGiveZeros() {
    float[] out = {1, 2, 3, 4};
    TargetAttention.interest(new float[0], 0, 4, new float[4], 0, new float[0], out, 0);
    assertArrayEquals(new float[4], out);
    out = new float[] {1, 2, 3, 4};
    MeanPooling.pool(new float[0], 0, 4, out, 0);
    assertArrayEquals(new float[4], out);
  }

  @Test
  void meanPoolingAveragesRows() {
    float[] seq = {1, 2, 3, 4, 5, 6};
    float[] out = new float[2];
    MeanPooling.pool(seq, 3, 2, out, 0);
    assertArrayEquals(new float[] {3, 4}, out, 1e-6f);
  }
}
