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

  /**
   * The angular variant: scores_i = β·cos(candidate, s_i), weights = softmax(scores), interest =
   * Σ_i weights_i · s_i. Like SDIM's SimHash (whose collision kernel (1 − θ/π)^τ depends on the
   * angle only) it ignores the embeddings' lengths when matching, so it is selective from the first
   * step even when embeddings start tiny, where ⟨c, s⟩/√d ≈ 0 makes the dot form a plain mean. β is
   * the sharpness (a larger β is closer to hard matching). A zero vector scores 0.
   */
  public static void interestCosine(
      float[] sequence,
      int length,
      int dim,
      float[] candidate,
      int cOff,
      float beta,
      float[] scores,
      float[] out,
      int outOff) {
    Arrays.fill(out, outOff, outOff + dim, 0f);
    if (length == 0) {
      return;
    }
    cosineWeights(sequence, length, dim, candidate, cOff, beta, scores);
    for (int i = 0; i < length; i++) {
      Kernels.axpy(scores[i], sequence, i * dim, out, outOff, dim);
    }
  }

  /** Softmax of β·cos(candidate, s_i) into scores[0 .. length). */
  private static void cosineWeights(
      float[] sequence, int length, int dim, float[] candidate, int cOff, float beta, float[] w) {
    float cNorm = (float) Math.sqrt(Kernels.dot(candidate, cOff, candidate, cOff, dim));
    Kernels.matvec(sequence, 0, length, dim, candidate, cOff, w, 0);
    for (int i = 0; i < length; i++) {
      float sNorm = (float) Math.sqrt(Kernels.dot(sequence, i * dim, sequence, i * dim, dim));
      float denominator = cNorm * sNorm;
      w[i] = denominator > 0f ? beta * w[i] / denominator : 0f;
    }
    Kernels.softmax(w, 0, length);
  }

  /**
   * Backward pass of {@link #interestCosine}, with the same contract as {@link #backward}. With u =
   * c/‖c‖, v_i = s_i/‖s_i‖, cos_i = ⟨u, v_i⟩ and score gradient δ_i = w_i(⟨g, s_i⟩ − Σ_j w_j⟨g,
   * s_j⟩): ∂/∂s_i = w_i·g + δ_i·β(u − cos_i·v_i)/‖s_i‖ and ∂/∂c = Σ_i δ_i·β(v_i − cos_i·u)/‖c‖.
   */
  public static void backwardCosine(
      float[] sequence,
      int length,
      int dim,
      float[] candidate,
      int cOff,
      float beta,
      float[] grad,
      int gOff,
      float[] scores,
      float[] dSequence,
      float[] dCandidate,
      int dcOff) {
    if (length == 0) {
      return;
    }
    cosineWeights(sequence, length, dim, candidate, cOff, beta, scores);
    float cNorm = (float) Math.sqrt(Kernels.dot(candidate, cOff, candidate, cOff, dim));
    float mean = 0f;
    for (int i = 0; i < length; i++) {
      mean += scores[i] * Kernels.dot(grad, gOff, sequence, i * dim, dim);
    }
    for (int i = 0; i < length; i++) {
      float w = scores[i];
      int off = i * dim;
      float delta = w * (Kernels.dot(grad, gOff, sequence, off, dim) - mean);
      float sNorm = (float) Math.sqrt(Kernels.dot(sequence, off, sequence, off, dim));
      for (int k = 0; k < dim; k++) {
        dSequence[off + k] = w * grad[gOff + k];
      }
      if (cNorm == 0f || sNorm == 0f) {
        continue;
      }
      float cos = Kernels.dot(candidate, cOff, sequence, off, dim) / (cNorm * sNorm);
      // ∂/∂s_i: δβ/‖s‖ · (c/‖c‖ − cos · s/‖s‖)
      float a = delta * beta / sNorm;
      Kernels.axpy(a / cNorm, candidate, cOff, dSequence, off, dim);
      Kernels.axpy(-a * cos / sNorm, sequence, off, dSequence, off, dim);
      // ∂/∂c: δβ/‖c‖ · (s/‖s‖ − cos · c/‖c‖)
      float b = delta * beta / cNorm;
      Kernels.axpy(b / sNorm, sequence, off, dCandidate, dcOff, dim);
      Kernels.axpy(-b * cos / cNorm, candidate, cOff, dCandidate, dcOff, dim);
    }
  }
}
