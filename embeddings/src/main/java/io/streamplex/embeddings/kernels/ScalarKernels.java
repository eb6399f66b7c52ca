package io.streamplex.embeddings.kernels;

/**
 * Plain-loop twins of {@link Kernels}: the test oracle for every vectorised kernel and the fallback
 * where the Vector API is unavailable. Same signatures, same semantics; results may differ from the
 * SIMD ones only by float summation order.
 *
 * <p>All matrices are row-major {@code float[]} with explicit offsets so that callers can work
 * inside larger buffers without copying.
 */
public final class ScalarKernels {

  private ScalarKernels() {}

  /** Σ a[aOff+i]·b[bOff+i] for i in [0, n). */
  public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
    float s = 0f;
    for (int i = 0; i < n; i++) {
      s += a[aOff + i] * b[bOff + i];
    }
    return s;
  }

  /** y[yOff+i] += alpha·x[xOff+i]. */
  public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
    for (int i = 0; i < n; i++) {
      y[yOff + i] += alpha * x[xOff + i];
    }
  }

  /** y[yOff + r] = Σ_c w[wOff + r·cols + c]·x[xOff + c], for a rows × cols matrix w. */
  public static void matvec(
      float[] w, int wOff, int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
    for (int r = 0; r < rows; r++) {
      y[yOff + r] = dot(w, wOff + r * cols, x, xOff, cols);
    }
  }

  /** C (m × n) = A (m × k) · B (k × n). */
  public static void matmul(float[] a, float[] b, float[] c, int m, int k, int n) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        c[i * n + j] = 0f;
      }
      for (int p = 0; p < k; p++) {
        float aip = a[i * k + p];
        for (int j = 0; j < n; j++) {
          c[i * n + j] += aip * b[p * n + j];
        }
      }
    }
  }

  /** C (m × n) = A (m × k) · Bᵀ, with B stored n × k: a batch through a linear layer. */
  public static void matmulTransB(float[] a, float[] b, float[] c, int m, int k, int n) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        c[i * n + j] = dot(a, i * k, b, j * k, k);
      }
    }
  }

  /** Numerically stable softmax of x[off .. off+n), in place. */
  public static void softmax(float[] x, int off, int n) {
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, x[off + i]);
    }
    float sum = 0f;
    for (int i = 0; i < n; i++) {
      float e = (float) Math.exp(x[off + i] - max);
      x[off + i] = e;
      sum += e;
    }
    float inv = 1f / sum;
    for (int i = 0; i < n; i++) {
      x[off + i] *= inv;
    }
  }

  /** max(x, 0) in place. */
  public static void relu(float[] x, int off, int n) {
    for (int i = 0; i < n; i++) {
      if (x[off + i] < 0f) {
        x[off + i] = 0f;
      }
    }
  }

  /**
   * out = (x − mean) / sqrt(var + eps) · gamma + beta over n elements; gamma and beta may be null
   * (identity). out may alias x.
   */
  public static void layerNorm(
      float[] x, int xOff, int n, float[] gamma, float[] beta, float eps, float[] out, int outOff) {
    float mean = 0f;
    for (int i = 0; i < n; i++) {
      mean += x[xOff + i];
    }
    mean /= n;
    float var = 0f;
    for (int i = 0; i < n; i++) {
      float d = x[xOff + i] - mean;
      var += d * d;
    }
    var /= n;
    float inv = (float) (1.0 / Math.sqrt(var + eps));
    for (int i = 0; i < n; i++) {
      float v = (x[xOff + i] - mean) * inv;
      if (gamma != null) {
        v *= gamma[i];
      }
      if (beta != null) {
        v += beta[i];
      }
      out[outOff + i] = v;
    }
  }

  /** out[outOff .. outOff+dim) = Σ over the first count rows of table rows[r] (each dim wide). */
  public static void sumPool(
      float[] table, int dim, int[] rows, int count, float[] out, int outOff) {
    for (int i = 0; i < dim; i++) {
      out[outOff + i] = 0f;
    }
    for (int r = 0; r < count; r++) {
      axpy(1f, table, rows[r] * dim, out, outOff, dim);
    }
  }

  /** Like {@link #sumPool} divided by count; zero when count is 0. */
  public static void meanPool(
      float[] table, int dim, int[] rows, int count, float[] out, int outOff) {
    sumPool(table, dim, rows, count, out, outOff);
    if (count > 0) {
      float inv = 1f / count;
      for (int i = 0; i < dim; i++) {
        out[outOff + i] *= inv;
      }
    }
  }
}
