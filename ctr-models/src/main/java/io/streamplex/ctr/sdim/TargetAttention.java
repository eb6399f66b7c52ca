package io.streamplex.ctr.sdim;

import io.streamplex.embeddings.kernels.Kernels;
import java.util.Arrays;

/**
 * The quality and speed baseline for SDIM: DIN-style target attention over the full behaviour
 * sequence, with no learned projections (as SDIM has none): scores_i = ⟨candidate, s_i⟩ / √d,
 * weights = softmax(scores), interest = Σ_i weights_i · s_i. Cost O(L·d) per candidate.
 */
public final class TargetAttention {

  private TargetAttention() {}

  /**
   * @param sequence L × d behaviour embeddings, row-major
   * @param length L; an empty sequence gives the zero vector
   * @param dim d
   * @param candidate the candidate embedding at {@code cOff}
   * @param scores scratch of at least L floats
   * @param out receives the interest vector at {@code outOff} (overwritten)
   */
  public static void interest(
      float[] sequence,
      int length,
      int dim,
      float[] candidate,
      int cOff,
      float[] scores,
      float[] out,
      int outOff) {
    Arrays.fill(out, outOff, outOff + dim, 0f);
    if (length == 0) {
      return;
    }
    Kernels.matvec(sequence, 0, length, dim, candidate, cOff, scores, 0);
    Kernels.scale((float) (1.0 / Math.sqrt(dim)), scores, 0, length);
    Kernels.softmax(scores, 0, length);
    for (int i = 0; i < length; i++) {
      Kernels.axpy(scores[i], sequence, i * dim, out, outOff, dim);
    }
  }
}
