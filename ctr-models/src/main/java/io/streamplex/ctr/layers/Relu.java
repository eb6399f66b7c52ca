package io.streamplex.ctr.layers;

import io.streamplex.embeddings.kernels.Kernels;

/** max(x, 0); the gradient passes where the output is positive. */
public final class Relu extends SameWidthLayer {

  private final float[] y;
  private final float[] dx;

  public Relu(int dim, int maxBatch) {
    super(dim);

    this.y = new float[maxBatch * dim];
    this.dx = new float[maxBatch * dim];
  }

  @Override
  public float[] forward(float[] x, int batch, boolean training) {
    int n = batch * dim;
    System.arraycopy(x, 0, y, 0, n);
    Kernels.relu(y, 0, n);
    return y;
  }

  @Override
  public float[] backward(float[] dy, int batch) {
    maskByPositive(dy, y, dx, batch * dim);
    return dx;
  }

  /** dx = dy where y &gt; 0, else 0. */
  static void maskByPositive(float[] dy, float[] y, float[] dx, int n) {
    for (int i = 0; i < n; i++) {
      dx[i] = y[i] > 0f ? dy[i] : 0f;
    }
  }
}
