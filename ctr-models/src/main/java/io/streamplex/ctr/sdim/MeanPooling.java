package io.streamplex.ctr.sdim;

import io.streamplex.embeddings.kernels.Kernels;
import java.util.Arrays;

/**
 * The candidate-blind baseline: the mean of the behaviour embeddings. It is the same for every
 * candidate, so a request computes it once.
 */
public final class MeanPooling {

  private MeanPooling() {}

  /** Mean of the L × d row-major sequence into {@code out[outOff ..]}; zeros when L is 0. */
  public static void pool(float[] sequence, int length, int dim, float[] out, int outOff) {
    sum(sequence, length, dim, out, outOff);
    if (length > 0) {
      Kernels.scale(1f / length, out, outOff, dim);
    }
  }

  /** Sum of the L × d row-major sequence into {@code out[outOff ..]}. */
  static void sum(float[] sequence, int length, int dim, float[] out, int outOff) {
    Arrays.fill(out, outOff, outOff + dim, 0f);
    for (int i = 0; i < length; i++) {
      Kernels.axpy(1f, sequence, i * dim, out, outOff, dim);
    }
  }
}
