package io.streamplex.ctr.layers;

/**
 * Layer normalisation over groups of {@code width} consecutive values (one row, or one field of a
 * row), with a learned gain and shift per position in the group.
 */
public final class LayerNorm extends SameWidthLayer {

  static final float EPS = 1e-5f;

  private final int width;
  private final Param gamma;
  private final Param beta;
  private final float[] y;
  private final float[] xhat;
  private final float[] invStd;
  private final float[] dx;

  /**
   * @param dim values per row
   * @param width size of each normalised group; dim must be a multiple of it
   */
  public LayerNorm(ParamStore store, String name, int dim, int width, int maxBatch) {
    super(dim);
    if (dim % width != 0) {
      throw new IllegalArgumentException(name + ": width " + width + " does not divide " + dim);
    }

    this.width = width;
    this.gamma = store.dense(name + ".weight", ParamStore.Init.ONE, width, 0);
    this.beta = store.dense(name + ".bias", ParamStore.Init.ZERO, width, 0);
    this.y = new float[maxBatch * dim];
    this.xhat = new float[maxBatch * dim];
    this.invStd = new float[maxBatch * dim / width];
    this.dx = new float[maxBatch * dim];
  }

  @Override
  public float[] forward(float[] x, int batch, boolean training) {
    int groups = batch * dim / width;
    for (int gi = 0; gi < groups; gi++) {
      int off = gi * width;
      // TODO(kernels): Kernels.layerNorm does not return the statistics backward needs
      double mean = 0;
      for (int i = 0; i < width; i++) {
        mean += x[off + i];
      }
      mean /= width;
      double var = 0;
      for (int i = 0; i < width; i++) {
        double d = x[off + i] - mean;
        var += d * d;
      }
      float inv = (float) (1.0 / Math.sqrt(var / width + EPS));
      invStd[gi] = inv;
      float m = (float) mean;
      for (int i = 0; i < width; i++) {
        xhat[off + i] = (x[off + i] - m) * inv;
        y[off + i] = xhat[off + i] * gamma.w[i] + beta.w[i];
      }
    }
    return y;
  }

  @Override
  public float[] backward(float[] dy, int batch) {
    int groups = batch * dim / width;
    for (int gi = 0; gi < groups; gi++) {
      int off = gi * width;
      // dx = invStd · (ĝ − mean(ĝ) − x̂ · mean(ĝ ⊙ x̂)), with ĝ = dy ⊙ γ
      float sumG = 0f;
      float sumGx = 0f;
      for (int i = 0; i < width; i++) {
        float gh = dy[off + i] * gamma.w[i];
        sumG += gh;
        sumGx += gh * xhat[off + i];
        gamma.g[i] += dy[off + i] * xhat[off + i];
        beta.g[i] += dy[off + i];
      }
      float meanG = sumG / width;
      float meanGx = sumGx / width;
      for (int i = 0; i < width; i++) {
        float gh = dy[off + i] * gamma.w[i];
        dx[off + i] = invStd[gi] * (gh - meanG - xhat[off + i] * meanGx);
      }
    }
    return dx;
  }
}
