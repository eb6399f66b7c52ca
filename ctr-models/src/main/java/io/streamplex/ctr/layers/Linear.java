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

  /**
   * Inference scratch: the batch transposed (in × batch) and the output transposed (out × batch).
   */
  private final float[] xT;

  private final float[] yT;
  private float[] x;

  /**
   * From this many rows on, inference runs as Yᵀ = W·Xᵀ, a register-tiled product over the batch
   * with no horizontal sums, instead of one dot product per row and output; the two transposes cost
   * rows·(in + out), small next to rows·in·out. Training keeps the dot-product kernel so that
   * trained weights do not depend on this switch.
   */
  static final int TILED_ROWS = 16;

  public Linear(ParamStore store, String name, int in, int out, boolean bias, int maxBatch) {
    this.in = in;
    this.out = out;
    this.weight = store.dense(name + ".weight", ParamStore.Init.XAVIER_UNIFORM, out, in);
    this.bias = bias ? store.dense(name + ".bias", ParamStore.Init.ZERO, out, 0) : null;
    this.y = new float[maxBatch * out];
    this.dx = new float[maxBatch * in];
    boolean tiled = maxBatch >= TILED_ROWS;
    this.xT = tiled ? new float[padded(maxBatch) * in] : null;
    this.yT = tiled ? new float[padded(maxBatch) * out] : null;
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
   * The batch rounded up to a whole number of vectors (16 floats covers every lane count), so that
   * every example goes through the same vector lanes and gets bit-identical output wherever it sits
   * in the batch; the padding columns are zeros.
   */
  private static int padded(int batch) {
    return (batch + TILED_ROWS - 1) / TILED_ROWS * TILED_ROWS;
  }

  private void forwardTiled(float[] x, int batch) {
    int n = padded(batch);
    for (int r = 0; r < batch; r++) {
      int off = r * in;
      for (int p = 0; p < in; p++) {
        xT[p * n + r] = x[off + p];
      }
    }
    for (int p = 0; p < in; p++) {
      java.util.Arrays.fill(xT, p * n + batch, (p + 1) * n, 0f);
    }
    Kernels.matmul(weight.w, xT, yT, out, in, n);
    float[] b = bias == null ? null : bias.w;
    for (int o = 0; o < out; o++) {
      float bo = b == null ? 0f : b[o];
      int off = o * n;
      for (int r = 0; r < batch; r++) {
        y[r * out + o] = yT[off + r] + bo;
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
