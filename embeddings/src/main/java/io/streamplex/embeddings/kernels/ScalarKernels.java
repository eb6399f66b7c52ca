package io.streamplex.embeddings.kernels;

import java.util.Arrays;

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

  /**
   * Numerically stable softmax of x[off .. off+n), in place. A row that is entirely −∞ (a fully
   * masked attention row) becomes uniform, the limit of softmax over equal logits, instead of 0/0;
   * NaN or +∞ in the input gives NaN.
   */
  public static void softmax(float[] x, int off, int n) {
    if (n <= 0) {
      return;
    }
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, x[off + i]);
    }
    if (max == Float.NEGATIVE_INFINITY) {
      Arrays.fill(x, off, off + n, 1f / n);
      return;
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

  /**
   * One head of scaled dot-product self-attention over n tokens, added into y: y_i += Σ_j
   * softmax_j(scale·⟨q_i, k_j⟩)·v_j (softmax as {@link #softmax}). Row i of q, k, v and y starts at
   * {@code off + i·stride} and the head reads d floats of it, so that a head can be a column slice
   * of wider rows. {@code scratch} holds at least {@link Kernels#selfAttentionScratch} floats; its
   * contents afterwards are unspecified. y must not overlap q, k, v or scratch.
   */
  /** Scratch floats {@link #selfAttentionHead} needs: the n × n weights. */
  public static int selfAttentionScratch(int n, int d) {
    return n * n;
  }

  public static void selfAttentionHead(
      float[] q,
      float[] k,
      float[] v,
      float[] y,
      int off,
      int stride,
      int n,
      int d,
      float scale,
      float[] scratch) {
    for (int i = 0; i < n; i++) {
      int qi = off + i * stride;
      for (int j = 0; j < n; j++) {
        scratch[i * n + j] = scale * dot(q, qi, k, off + j * stride, d);
      }
      softmax(scratch, i * n, n);
      for (int j = 0; j < n; j++) {
        axpy(scratch[i * n + j], v, off + j * stride, y, qi, d);
      }
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
    normalize(x, xOff, 0, n, mean, inv, gamma, beta, out, outOff);
  }

  /** The output loop of layerNorm for elements [from, n): also the tail of the vector version. */
  static void normalize(
      float[] x,
      int xOff,
      int from,
      int n,
      float mean,
      float inv,
      float[] gamma,
      float[] beta,
      float[] out,
      int outOff) {
    for (int i = from; i < n; i++) {
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

  /** Σ x[off+i] for i in [0, n). */
  public static float sum(float[] x, int off, int n) {
    float s = 0f;
    for (int i = 0; i < n; i++) {
      s += x[off + i];
    }
    return s;
  }

  /** x[off+i] *= alpha, in place. */
  public static void scale(float alpha, float[] x, int off, int n) {
    for (int i = 0; i < n; i++) {
      x[off + i] *= alpha;
    }
  }

  /** out = a + b elementwise; out may alias a or b at the same offset. */
  public static void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
    for (int i = 0; i < n; i++) {
      out[outOff + i] = a[aOff + i] + b[bOff + i];
    }
  }

  /** out = a ⊙ b (elementwise product); out may alias a or b at the same offset. */
  public static void hadamard(
      float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
    for (int i = 0; i < n; i++) {
      out[outOff + i] = a[aOff + i] * b[bOff + i];
    }
  }

  /**
   * Logistic function 1 / (1 + e^−x) in place. Saturates to exactly 0 or 1 for large |x| (e^−x
   * overflows to +∞ and 1/∞ = 0), never NaN for finite input.
   */
  /** Range limits of {@link #expf}: below LO the result is 0, above HI it is +∞. */
  static final float EXP_LO = -105f;

  static final float EXP_HI = 89f;

  static final float LOG2E = 1.44269504088896341f;

  /** ln 2 split so that n·LN2_HI is exact for |n| ≤ 2^8 (Cephes). */
  static final float LN2_HI = 0.693359375f;

  static final float LN2_LO = -2.12194440e-4f;

  /** 1.5·2^23: adding and subtracting it rounds a float of magnitude below 2^22 to an integer. */
  static final float ROUND = 12582912f;

  static final float P0 = 1.9875691500e-4f;
  static final float P1 = 1.3981999507e-3f;
  static final float P2 = 8.3334519073e-3f;
  static final float P3 = 4.1665795894e-2f;
  static final float P4 = 1.6666665459e-1f;
  static final float P5 = 5.0000001201e-1f;

  /**
   * e^x in float from IEEE operations only (the Cephes expf polynomial): x = n·ln 2 + r with |r| ≤
   * ln 2 / 2, e^r by a degree-7 polynomial, then two exact scalings by 2^⌊n/2⌋ and 2^(n−⌊n/2⌋) so
   * the result underflows gradually and overflows to +∞. At most 1.005 ulp off the exact value over
   * every 29th float of the normal range (ExpTest). This is the scalar twin of {@code
   * VectorKernels.exp} and equals it bit for bit: every step is one correctly rounded operation, so
   * the interpreter, C1, C2 and the Vector API's Java fallback all give the same float, which is
   * what makes training deterministic (the JDK's SVML {@code VectorOperators.EXP} rounds
   * differently from its own fallback, so a model's bytes depended on when the JIT compiled the
   * kernel).
   */
  static float expf(float x) {
    float c = Math.min(Math.max(x, EXP_LO), EXP_HI);
    float n = (c * LOG2E + ROUND) - ROUND;
    float r = Math.fma(-n, LN2_HI, c);
    r = Math.fma(-n, LN2_LO, r);
    float p = P0;
    p = Math.fma(p, r, P1);
    p = Math.fma(p, r, P2);
    p = Math.fma(p, r, P3);
    p = Math.fma(p, r, P4);
    p = Math.fma(p, r, P5);
    p = Math.fma(p, r * r, r);
    p = p + 1f;
    int ni = (int) n;
    int n1 = ni >> 1;
    int n2 = ni - n1;
    return p * Float.intBitsToFloat((n1 + 127) << 23) * Float.intBitsToFloat((n2 + 127) << 23);
  }

  public static void sigmoid(float[] x, int off, int n) {
    for (int i = 0; i < n; i++) {
      x[off + i] = 1f / (1f + (float) Math.exp(-x[off + i]));
    }
  }

  /**
   * C (m × n) = Aᵀ · B with A stored k × m and B stored k × n: the weight gradient of a linear
   * layer, δᵀ·X summed over a batch of k rows. C is overwritten.
   */
  public static void matmulTransA(float[] a, float[] b, float[] c, int m, int k, int n) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        c[i * n + j] = 0f;
      }
    }
    for (int p = 0; p < k; p++) {
      for (int i = 0; i < m; i++) {
        axpy(a[p * m + i], b, p * n, c, i * n, n);
      }
    }
  }

  /**
   * Rank-1 update W += alpha · x yᵀ, for W an m × n row-major block at wOff: one example's weight
   * gradient step without materialising the outer product.
   */
  public static void outerAdd(
      float alpha, float[] x, int xOff, int m, float[] y, int yOff, int n, float[] w, int wOff) {
    for (int i = 0; i < m; i++) {
      axpy(alpha * x[xOff + i], y, yOff, w, wOff + i * n, n);
    }
  }
}
