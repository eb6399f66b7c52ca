package io.streamplex.ctr.sdim;

import io.streamplex.embeddings.kernels.Kernels;
import java.util.Arrays;

/**
 * The interest vector a model reads from one example's behaviour sequence, with its backward pass,
 * for the three {@link SequenceModule}s, as a trained model uses them: the sequence rows are the
 * model's own item embeddings, so gradients flow back into them.
 *
 * <p>For SDIM the training path gathers only the candidate's m buckets straight from the sequence
 * (a behaviour joins bucket j when its signature j equals the candidate's), which is what the BSE
 * state holds for that candidate, without building all m·2^τ buckets. The signatures of the
 * behaviours and of the candidate are computed by the caller from the current embeddings (they are
 * piecewise constant, so no gradient flows through them). One instance per thread.
 */
public final class SequenceInterest {

  private final SequenceModule module;
  private final Normalisation normalisation;
  private final int dim;
  private final int numHashes;

  /** β of the angular target attention; 0 selects the dot form ⟨c, s⟩/√d. */
  private final float cosineBeta;

  private final float[] scores;
  private final float[] sums;
  private final int[] counts;
  private final float[] bucketGrad;

  /**
   * @param normalisation of SDIM's gathered buckets, or of mean pooling's one sum over the whole
   *     sequence (COUNT gives the mean)
   * @param numHashes m (SDIM only)
   * @param maxLength the longest sequence passed in
   */
  public SequenceInterest(
      SequenceModule module, Normalisation normalisation, int dim, int numHashes, int maxLength) {
    this(module, normalisation, dim, numHashes, maxLength, 0f);
  }

  /**
   * @param cosineBeta for target attention: β of the angular form β·cos(c, s) ({@link
   *     TargetAttention#interestCosine}), or 0 for the dot form ⟨c, s⟩/√d
   */
  public SequenceInterest(
      SequenceModule module,
      Normalisation normalisation,
      int dim,
      int numHashes,
      int maxLength,
      float cosineBeta) {
    if (module == SequenceModule.NONE) {
      throw new IllegalArgumentException("no interest to compute for sequence module NONE");
    }
    this.module = module;
    this.cosineBeta = cosineBeta;
    this.normalisation = normalisation;
    this.dim = dim;
    this.numHashes = numHashes;
    this.scores = new float[Math.max(1, maxLength)];
    this.sums = new float[numHashes * dim];
    this.counts = new int[numHashes];
    this.bucketGrad = new float[numHashes * dim];
  }

  /**
   * Interest of candidate {@code c[cOff ..]} over {@code sequence} (length × d, oldest first) into
   * {@code out[outOff .. +d)}; an empty sequence gives zeros.
   *
   * @param sequenceSigs length × m signatures of the behaviours (SDIM only)
   * @param candidateSig the candidate's m signatures (SDIM only)
   */
  public void forward(
      float[] sequence,
      int[] sequenceSigs,
      int length,
      float[] c,
      int cOff,
      int[] candidateSig,
      float[] out,
      int outOff) {
    switch (module) {
      case MEAN -> {
        // mean pooling is SDIM with one bucket that every behaviour falls into
        MeanPooling.sum(sequence, length, dim, out, outOff);
        if (length > 0) {
          Kernels.scale(
              BucketAggregates.scale(normalisation, out, outOff, dim, length, 1f),
              out,
              outOff,
              dim);
        }
      }
      case TARGET_ATTENTION -> {
        if (cosineBeta > 0f) {
          TargetAttention.interestCosine(
              sequence, length, dim, c, cOff, cosineBeta, scores, out, outOff);
        } else {
          TargetAttention.interest(sequence, length, dim, c, cOff, scores, out, outOff);
        }
      }
      case SDIM -> {
        gather(sequence, sequenceSigs, length, candidateSig);
        Arrays.fill(out, outOff, outOff + dim, 0f);
        float perHash = 1f / numHashes;
        for (int j = 0; j < numHashes; j++) {
          if (counts[j] > 0) {
            float s = BucketAggregates.scale(normalisation, sums, j * dim, dim, counts[j], perHash);
            Kernels.axpy(s, sums, j * dim, out, outOff, dim);
          }
        }
      }
      case NONE -> throw new IllegalStateException();
    }
  }

  /**
   * Backward of {@link #forward} for g at {@code grad[gOff ..]}: writes ∂loss/∂s_i into {@code
   * dSequence[i·d ..]} (overwritten) and adds ∂loss/∂c into {@code dCandidate[dcOff ..]} (target
   * attention only: mean pooling does not read the candidate, and SDIM reads it only through its
   * hash).
   */
  public void backward(
      float[] sequence,
      int[] sequenceSigs,
      int length,
      float[] c,
      int cOff,
      int[] candidateSig,
      float[] grad,
      int gOff,
      float[] dSequence,
      float[] dCandidate,
      int dcOff) {
    switch (module) {
      case MEAN -> {
        if (length > 0) {
          if (normalisation == Normalisation.L2) {
            // only ℓ2's Jacobian reads the sum; the mean's and the raw sum's are constant
            MeanPooling.sum(sequence, length, dim, sums, 0);
          }
          Arrays.fill(bucketGrad, 0, dim, 0f);
          BucketAggregates.cellGradient(
              normalisation, sums, 0, dim, length, 1f, grad, gOff, bucketGrad, 0);
          for (int i = 0; i < length; i++) {
            System.arraycopy(bucketGrad, 0, dSequence, i * dim, dim);
          }
        }
      }
      case TARGET_ATTENTION -> {
        if (cosineBeta > 0f) {
          TargetAttention.backwardCosine(
              sequence,
              length,
              dim,
              c,
              cOff,
              cosineBeta,
              grad,
              gOff,
              scores,
              dSequence,
              dCandidate,
              dcOff);
        } else {
          TargetAttention.backward(
              sequence, length, dim, c, cOff, grad, gOff, scores, dSequence, dCandidate, dcOff);
        }
      }
      case SDIM -> {
        gather(sequence, sequenceSigs, length, candidateSig);
        float perHash = 1f / numHashes;
        Arrays.fill(bucketGrad, 0f);
        for (int j = 0; j < numHashes; j++) {
          if (counts[j] > 0) {
            BucketAggregates.cellGradient(
                normalisation,
                sums,
                j * dim,
                dim,
                counts[j],
                perHash,
                grad,
                gOff,
                bucketGrad,
                j * dim);
          }
        }
        Arrays.fill(dSequence, 0, length * dim, 0f);
        BucketAggregates.accumulateBehaviourGradients(
            sequenceSigs, length, candidateSig, bucketGrad, dim, dSequence);
      }
      case NONE -> throw new IllegalStateException();
    }
  }

  /** Sums and counts of the behaviours in the candidate's bucket, per signature. */
  private void gather(float[] sequence, int[] sigs, int length, int[] candidateSig) {
    Arrays.fill(sums, 0f);
    Arrays.fill(counts, 0);
    for (int i = 0; i < length; i++) {
      int base = i * numHashes;
      for (int j = 0; j < numHashes; j++) {
        if (sigs[base + j] == candidateSig[j]) {
          Kernels.axpy(1f, sequence, i * dim, sums, j * dim, dim);
          counts[j]++;
        }
      }
    }
  }
}
