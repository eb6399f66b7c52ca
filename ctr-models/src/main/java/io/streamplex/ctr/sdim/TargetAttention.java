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

  /**
   * Backward pass of {@link #interest} for g = ∂loss/∂interest at {@code grad[gOff ..]}: writes
   * ∂loss/∂s_i into {@code dSequence[i·d ..]} (overwritten) and adds ∂loss/∂candidate into {@code
   * dCandidate[dcOff ..]}. The softmax weights are recomputed into {@code scores}, so nothing needs
   * to be kept from the forward pass.
   *
   * <p>With w = softmax(⟨c, s_i⟩/√d), a_i = ⟨g, s_i⟩ and ā = Σ w_i a_i, the score gradient is
   * w_i(a_i − ā); then ∂/∂s_i = w_i·g + w_i(a_i − ā)·c/√d and ∂/∂c = Σ_i w_i(a_i − ā)·s_i/√d.
   */
  public static void backward(
      float[] sequence,
      int length,
      int dim,
      float[] candidate,
      int cOff,
      float[] grad,
      int gOff,
      float[] scores,
      float[] dSequence,
      float[] dCandidate,
      int dcOff) {
    if (length == 0) {
      return;
    }
    float invSqrt = (float) (1.0 / Math.sqrt(dim));
    Kernels.matvec(sequence, 0, length, dim, candidate, cOff, scores, 0);
    Kernels.scale(invSqrt, scores, 0, length);
    Kernels.softmax(scores, 0, length);
    float mean = 0f;
    for (int i = 0; i < length; i++) {
      mean += scores[i] * Kernels.dot(grad, gOff, sequence, i * dim, dim);
    }
    for (int i = 0; i < length; i++) {
      float w = scores[i];
      float dScore = w * (Kernels.dot(grad, gOff, sequence, i * dim, dim) - mean) * invSqrt;
      int off = i * dim;
      for (int k = 0; k < dim; k++) {
        dSequence[off + k] = w * grad[gOff + k] + dScore * candidate[cOff + k];
      }
      Kernels.axpy(dScore, sequence, off, dCandidate, dcOff, dim);
    }
  }
}
