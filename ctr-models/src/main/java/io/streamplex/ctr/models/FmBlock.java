package io.streamplex.ctr.models;

import io.streamplex.ctr.data.EncodedData;

/**
 * The factorisation machine's pairwise term Σ_{i&lt;j} ⟨e_i, e_j⟩ = ½ Σ_k [(Σ_i e_ik)² − Σ_i
 * e_ik²], whose gradient for field i is (Σ_j e_j) − e_i.
 */
final class FmBlock implements LogitBlock {

  private final int fields;
  private final int width;
  private final float[] sums;
  private float[] emb;

  FmBlock(int fields, int width, int maxBatch) {
    this.fields = fields;
    this.width = width;
    this.sums = new float[maxBatch * width];
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
    this.emb = emb;
    for (int b = 0; b < batch; b++) {
      int s = b * width;
      java.util.Arrays.fill(sums, s, s + width, 0f);
      float squares = 0f;
      for (int f = 0; f < fields; f++) {
        int off = (b * fields + f) * width;
        for (int k = 0; k < width; k++) {
          float e = emb[off + k];
          sums[s + k] += e;
          squares += e * e;
        }
      }
      float total = 0f;
      for (int k = 0; k < width; k++) {
        total += sums[s + k] * sums[s + k];
      }
      logits[b] += 0.5f * (total - squares);
    }
  }

  @Override
  public void backward(float[] dLogit, int batch, float[] dEmb) {
    for (int b = 0; b < batch; b++) {
      float d = dLogit[b];
      for (int f = 0; f < fields; f++) {
        int off = (b * fields + f) * width;
        for (int k = 0; k < width; k++) {
          dEmb[off + k] += d * (sums[b * width + k] - emb[off + k]);
        }
      }
    }
  }
}
