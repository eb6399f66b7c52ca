package io.streamplex.ctr.models;

import io.streamplex.ctr.data.EmbeddingSchema;
import io.streamplex.ctr.data.EncodedData;
import io.streamplex.ctr.layers.FieldEmbedding;
import io.streamplex.ctr.layers.ParamStore;

/**
 * Logistic regression over one-hot fields: a width-1 embedding per value (its weight), summed.
 * Multi-valued fields average their weights, numeric fields scale theirs.
 */
final class LinearBlock implements LogitBlock {

  private final FieldEmbedding weights;
  private final float[] dOut;
  private final int fields;

  LinearBlock(ParamStore store, EmbeddingSchema schema, double std, int maxBatch) {
    int chunks = 1;
    for (int f = 0; f < schema.fieldCount(); f++) {
      chunks = Math.max(chunks, schema.chunks(f));
    }
    // one weight per chunk row: width = chunks so that every chunk row is 1 wide
    this.weights = new FieldEmbedding(store, "linear.", schema, chunks, std, maxBatch);
    this.fields = weights.outDim();
    this.dOut = new float[maxBatch * fields];
  }

  @Override
  public boolean usesSharedEmbeddings() {
    return false;
  }

  @Override
  public void forward(
      float[] emb,
      EncodedData data,
      int[] index,
      int from,
      int batch,
      boolean training,
      float[] logits) {
    float[] w = weights.forward(data, index, from, batch);
    for (int b = 0; b < batch; b++) {
      float s = 0f;
      for (int i = 0; i < fields; i++) {
        s += w[b * fields + i];
      }
      logits[b] += s;
    }
  }

  @Override
  public void backward(float[] dLogit, int batch, float[] dEmb) {
    for (int b = 0; b < batch; b++) {
      java.util.Arrays.fill(dOut, b * fields, (b + 1) * fields, dLogit[b]);
    }
    weights.backward(dOut, batch);
  }
}
