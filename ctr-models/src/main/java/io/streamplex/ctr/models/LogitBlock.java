package io.streamplex.ctr.models;

import io.streamplex.ctr.data.EncodedData;

/**
 * One additive part of a model's logit. Blocks read the shared field embeddings (batch × fields ×
 * width) and add their gradient with respect to them into dEmb.
 */
interface LogitBlock {

  /** Adds this block's logit for each example to logits[0 .. batch). */
  void forward(
      float[] emb,
      EncodedData data,
      int[] index,
      int from,
      int batch,
      boolean training,
      float[] logits);

  /** Backward from dLogit (one value per example); adds into dEmb. */
  void backward(float[] dLogit, int batch, float[] dEmb);

  /** Whether the block reads the shared embeddings. */
  default boolean usesSharedEmbeddings() {
    return true;
  }
}
