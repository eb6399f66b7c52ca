package io.streamplex.ctr.layers;

import io.streamplex.embeddings.kernels.Kernels;

/** y = W x + b, with W stored out × in as in PyTorch's {@code nn.Linear}. */
public final class Linear implements Layer {

  private final int in;
  private final int out;
  private final Param weight;
  private final Param bias;
  private final float[] y;
  private final float[] dx;

  /** Inference scratch: W transposed (in × out), refreshed on every tiled forward. */
  private final float[] wT;

  private float[] x;

  /**
   * From this many rows on, inference runs as Y = X·Wᵀ, a register-tiled product (four rows of X
   * against vectors of Wᵀ's columns) with no horizontal sums, instead of one dot product per row
   * and output. Only W is transposed, in·out floats per call, small next to rows·in·out;
   * transposing the batch instead (Yᵀ = W·Xᵀ, the first version) wrote every row at a stride of the
   * whole batch, which at AutoInt's 8 fields × 256 examples is 8 KB: every store hit the same cache
   * set and the transposes cost five times the product. Training keeps the dot-product kernel so
   * that trained weights do not depend on this switch.
   */
  static final int TILED_ROWS = 16;

  public Linear(ParamStore store, String name, int in, int out, boolean bias, int maxBatch) {
    this.in = in;
    this.out = out;
    this.weight = store.dense(name + ".weight", ParamStore.Init.XAVIER_UNIFORM, out, in);
    this.bias = bias ? store.dense(name + ".bias", ParamStore.Init.ZERO, out, 0) : null;
    this.y = new float[maxBatch * out];
    this.dx = new float[maxBatch * in];
    this.wT = maxBatch >= TILED_ROWS ? new float[in * out] : null;
  }

  @Override
  public int inDim() {
    return in;
  }

  @Override
  public int outDim() {
    return out;
  }

  public Param weight() {
    return weight;
  }

  public Param bias() {
    return bias;
  }

  /** The last forward pass's output (pre-activation), read by calibration for compression. */
  public float[] output() {
    return y;
  }

  @Override
  public float[] forward(float[] x, int batch, boolean training) {
    this.x = x;
    if (!training && batch >= TILED_ROWS) {
      forwardTiled(x, batch);
      return y;
    }
    Kernels.matmulTransB(x, weight.w, y, batch, in, out);
    if (bias != null) {
      for (int b = 0; b < batch; b++) {
        Kernels.axpy(1f, bias.w, 0, y, b * out, out);
      }
    }
    return y;
  }

  /**
   * Every row of Y takes the same path through the kernel (its lanes run over output columns, in
   * the same order of p), so an example's output does not depend on where it sits in the batch.
   */
  private void forwardTiled(float[] x, int batch) {
    float[] w = weight.w;
    for (int o = 0; o < out; o++) {
      int off = o * in;
      for (int p = 0; p < in; p++) {
        wT[p * out + o] = w[off + p];
      }
    }
    Kernels.matmul(x, wT, y, batch, in, out);
    if (bias != null) {
      for (int r = 0; r < batch; r++) {
        Kernels.axpy(1f, bias.w, 0, y, r * out, out);
      }
    }
  }

  @Override
  public float[] backward(float[] dy, int batch) {
    accumulateOuterProducts(dy, out, x, in, batch, weight.g);
    if (bias != null) {
      for (int b = 0; b < batch; b++) {
        Kernels.axpy(1f, dy, b * out, bias.g, 0, out);
      }
    }
    Kernels.matmul(dy, weight.w, dx, batch, out, in);
    return dx;
  }

  /**
   * gW (rows × cols) += Σ_b dy_b x_bᵀ over the batch.
   *
   * <p>TODO(kernels): a transposed-A matmul primitive would do this in one call.
   */
  static void accumulateOuterProducts(
      float[] dy, int rows, float[] x, int cols, int batch, float[] gW) {
    for (int b = 0; b < batch; b++) {
      int dyOff = b * rows;
      int xOff = b * cols;
      for (int r = 0; r < rows; r++) {
        float d = dy[dyOff + r];
        if (d != 0f) {
          Kernels.axpy(d, x, xOff, gW, r * cols, cols);
        }
      }
    }
  }
}
