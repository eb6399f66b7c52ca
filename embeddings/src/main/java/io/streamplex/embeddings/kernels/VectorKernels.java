package io.streamplex.embeddings.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@code jdk.incubator.vector} implementation behind {@link Kernels}. Callers should go through
 * {@link Kernels}, which falls back to {@link ScalarKernels} when the incubator module is absent or
 * {@code -Dstreamplex.kernels=scalar} is set; this class is public only so that benchmarks and
 * tests can pit it against its scalar twin in one JVM. Touching it without {@code
 * --add-modules=jdk.incubator.vector} throws {@link NoClassDefFoundError}.
 *
 * <p>Tails shorter than one vector run as scalar loops: masked loads are only cheap on AVX-512 and
 * SVE, and these kernels must stay fast on AVX2 machines too.
 *
 * <p>Results equal the scalar twin up to float summation order: reductions keep several vector
 * accumulators (to hide FMA latency) and add them lane-wise at the end, so a sum of n terms may
 * differ from the left-to-right scalar sum by about n·2⁻²⁴·Σ|term|.
 *
 * <p>Aliasing: an elementwise kernel's output may be its input at the same offset (relu, scale,
 * sigmoid, softmax, layerNorm out = x, add/hadamard out = a or b). Partially overlapping ranges at
 * different offsets, and outputs that overlap the inputs of matvec or the matmuls, are not
 * supported: the vector loop reads a whole vector before writing it, so results would differ from
 * the scalar twin.
 */
public final class VectorKernels {

  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int L = SPECIES.length();

  private VectorKernels() {}

  /** Number of float lanes in one vector on this machine (8 for AVX2, 16 for AVX-512). */
  public static int lanes() {
    return L;
  }

  public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
    int i = 0;
    FloatVector s0 = FloatVector.zero(SPECIES);
    FloatVector s1 = FloatVector.zero(SPECIES);
    FloatVector s2 = FloatVector.zero(SPECIES);
    FloatVector s3 = FloatVector.zero(SPECIES);
    // Four independent accumulators: one FMA chain would stall on its 4-cycle latency.
    for (; i + 4 * L <= n; i += 4 * L) {
      s0 = load(a, aOff + i).fma(load(b, bOff + i), s0);
      s1 = load(a, aOff + i + L).fma(load(b, bOff + i + L), s1);
      s2 = load(a, aOff + i + 2 * L).fma(load(b, bOff + i + 2 * L), s2);
      s3 = load(a, aOff + i + 3 * L).fma(load(b, bOff + i + 3 * L), s3);
    }
    for (; i + L <= n; i += L) {
      s0 = load(a, aOff + i).fma(load(b, bOff + i), s0);
    }
    float s = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      s += a[aOff + i] * b[bOff + i];
    }
    return s;
  }

  public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
    FloatVector av = FloatVector.broadcast(SPECIES, alpha);
    int i = 0;
    for (; i + L <= n; i += L) {
      av.fma(load(x, xOff + i), load(y, yOff + i)).intoArray(y, yOff + i);
    }
    for (; i < n; i++) {
      y[yOff + i] += alpha * x[xOff + i];
    }
  }

  public static void matvec(
      float[] w, int wOff, int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
    int r = 0;
    for (; r + 4 <= rows; r += 4) {
      dot4(w, wOff + r * cols, cols, x, xOff, cols, y, yOff + r);
    }
    for (; r < rows; r++) {
      y[yOff + r] = dot(w, wOff + r * cols, x, xOff, cols);
    }
  }

  /**
   * y[yo + t] = dot(w[wo + t·stride ..], x[xo ..]) over len, for t = 0..3: each chunk of x is
   * loaded once for four rows, which is what makes matvec several times faster than row-by-row.
   */
  private static void dot4(
      float[] w, int wo, int stride, float[] x, int xo, int len, float[] y, int yo) {
    int w0 = wo;
    int w1 = wo + stride;
    int w2 = wo + 2 * stride;
    int w3 = wo + 3 * stride;
    FloatVector s0 = FloatVector.zero(SPECIES);
    FloatVector s1 = FloatVector.zero(SPECIES);
    FloatVector s2 = FloatVector.zero(SPECIES);
    FloatVector s3 = FloatVector.zero(SPECIES);
    int c = 0;
    for (; c + L <= len; c += L) {
      FloatVector xv = load(x, xo + c);
      s0 = load(w, w0 + c).fma(xv, s0);
      s1 = load(w, w1 + c).fma(xv, s1);
      s2 = load(w, w2 + c).fma(xv, s2);
      s3 = load(w, w3 + c).fma(xv, s3);
    }
    float r0 = s0.reduceLanes(VectorOperators.ADD);
    float r1 = s1.reduceLanes(VectorOperators.ADD);
    float r2 = s2.reduceLanes(VectorOperators.ADD);
    float r3 = s3.reduceLanes(VectorOperators.ADD);
    for (; c < len; c++) {
      float xc = x[xo + c];
      r0 += w[w0 + c] * xc;
      r1 += w[w1 + c] * xc;
      r2 += w[w2 + c] * xc;
      r3 += w[w3 + c] * xc;
    }
    y[yo] = r0;
    y[yo + 1] = r1;
    y[yo + 2] = r2;
    y[yo + 3] = r3;
  }

  public static void matmul(float[] a, float[] b, float[] c, int m, int k, int n) {
    gemm(a, k, 1, b, c, m, k, n);
  }

  public static void matmulTransA(float[] a, float[] b, float[] c, int m, int k, int n) {
    gemm(a, 1, m, b, c, m, k, n);
  }

  public static void matmulTransB(float[] a, float[] b, float[] c, int m, int k, int n) {
    // Row i of C is B·(row i of A): a matvec, four rows of B per pass over row i of A.
    for (int i = 0; i < m; i++) {
      int ci = i * n;
      int j = 0;
      for (; j + 4 <= n; j += 4) {
        dot4(b, j * k, k, a, i * k, k, c, ci + j);
      }
      for (; j < n; j++) {
        c[ci + j] = dot(a, i * k, b, j * k, k);
      }
    }
  }

  /**
   * C (m × n) = op(A) · B with op(A)(i, p) = a[i·ars + p·acs] and B row-major k × n; C overwritten.
   * Register tiles of 4 rows × 2 vectors: per step of p, two loads of B and four broadcasts of A
   * feed eight FMAs, and the tile of C stays in registers for the whole k loop.
   */
  private static void gemm(float[] a, int ars, int acs, float[] b, float[] c, int m, int k, int n) {
    int i = 0;
    for (; i + 4 <= m; i += 4) {
      gemmRows4(a, ars, acs, b, c, i, k, n);
    }
    for (; i < m; i++) {
      gemmRow1(a, ars, acs, b, c, i, k, n);
    }
  }

  private static void gemmRows4(
      float[] a, int ars, int acs, float[] b, float[] c, int i, int k, int n) {
    int a0 = i * ars;
    int a1 = a0 + ars;
    int a2 = a1 + ars;
    int a3 = a2 + ars;
    int j = 0;
    for (; j + 2 * L <= n; j += 2 * L) {
      FloatVector c00 = FloatVector.zero(SPECIES);
      FloatVector c01 = FloatVector.zero(SPECIES);
      FloatVector c10 = FloatVector.zero(SPECIES);
      FloatVector c11 = FloatVector.zero(SPECIES);
      FloatVector c20 = FloatVector.zero(SPECIES);
      FloatVector c21 = FloatVector.zero(SPECIES);
      FloatVector c30 = FloatVector.zero(SPECIES);
      FloatVector c31 = FloatVector.zero(SPECIES);
      for (int p = 0; p < k; p++) {
        int bo = p * n + j;
        int ap = p * acs;
        FloatVector b0 = load(b, bo);
        FloatVector b1 = load(b, bo + L);
        FloatVector v0 = FloatVector.broadcast(SPECIES, a[a0 + ap]);
        FloatVector v1 = FloatVector.broadcast(SPECIES, a[a1 + ap]);
        FloatVector v2 = FloatVector.broadcast(SPECIES, a[a2 + ap]);
        FloatVector v3 = FloatVector.broadcast(SPECIES, a[a3 + ap]);
        c00 = v0.fma(b0, c00);
        c01 = v0.fma(b1, c01);
        c10 = v1.fma(b0, c10);
        c11 = v1.fma(b1, c11);
        c20 = v2.fma(b0, c20);
        c21 = v2.fma(b1, c21);
        c30 = v3.fma(b0, c30);
        c31 = v3.fma(b1, c31);
      }
      int c0 = i * n + j;
      c00.intoArray(c, c0);
      c01.intoArray(c, c0 + L);
      c10.intoArray(c, c0 + n);
      c11.intoArray(c, c0 + n + L);
      c20.intoArray(c, c0 + 2 * n);
      c21.intoArray(c, c0 + 2 * n + L);
      c30.intoArray(c, c0 + 3 * n);
      c31.intoArray(c, c0 + 3 * n + L);
    }
    for (; j + L <= n; j += L) {
      FloatVector c0v = FloatVector.zero(SPECIES);
      FloatVector c1v = FloatVector.zero(SPECIES);
      FloatVector c2v = FloatVector.zero(SPECIES);
      FloatVector c3v = FloatVector.zero(SPECIES);
      for (int p = 0; p < k; p++) {
        FloatVector bv = load(b, p * n + j);
        int ap = p * acs;
        c0v = FloatVector.broadcast(SPECIES, a[a0 + ap]).fma(bv, c0v);
        c1v = FloatVector.broadcast(SPECIES, a[a1 + ap]).fma(bv, c1v);
        c2v = FloatVector.broadcast(SPECIES, a[a2 + ap]).fma(bv, c2v);
        c3v = FloatVector.broadcast(SPECIES, a[a3 + ap]).fma(bv, c3v);
      }
      int c0 = i * n + j;
      c0v.intoArray(c, c0);
      c1v.intoArray(c, c0 + n);
      c2v.intoArray(c, c0 + 2 * n);
      c3v.intoArray(c, c0 + 3 * n);
    }
    for (; j < n; j++) {
      float s0 = 0f;
      float s1 = 0f;
      float s2 = 0f;
      float s3 = 0f;
      for (int p = 0; p < k; p++) {
        float bpj = b[p * n + j];
        int ap = p * acs;
        s0 += a[a0 + ap] * bpj;
        s1 += a[a1 + ap] * bpj;
        s2 += a[a2 + ap] * bpj;
        s3 += a[a3 + ap] * bpj;
      }
      int c0 = i * n + j;
      c[c0] = s0;
      c[c0 + n] = s1;
      c[c0 + 2 * n] = s2;
      c[c0 + 3 * n] = s3;
    }
  }

  private static void gemmRow1(
      float[] a, int ars, int acs, float[] b, float[] c, int i, int k, int n) {
    int a0 = i * ars;
    int j = 0;
    for (; j + L <= n; j += L) {
      FloatVector acc = FloatVector.zero(SPECIES);
      for (int p = 0; p < k; p++) {
        acc = FloatVector.broadcast(SPECIES, a[a0 + p * acs]).fma(load(b, p * n + j), acc);
      }
      acc.intoArray(c, i * n + j);
    }
    for (; j < n; j++) {
      float s = 0f;
      for (int p = 0; p < k; p++) {
        s += a[a0 + p * acs] * b[p * n + j];
      }
      c[i * n + j] = s;
    }
  }

  /**
   * Softmax with the exponential taken lane by lane with {@link Math#exp} (correctly rounded to
   * float), and the max, sum and scaling vectorised. On JDK 17 this is faster than {@link
   * #softmaxVectorExp}, whose EXP has no intrinsic there (see the benchmark report).
   */
  public static void softmax(float[] x, int off, int n) {
    softmax(x, off, n, false);
  }

  /**
   * Softmax with the exponential computed by {@link VectorOperators#EXP}. The Vector API promises
   * EXP within 1 ulp of the exact result; KernelsPropertyTest checks the outputs against the scalar
   * twin.
   */
  public static void softmaxVectorExp(float[] x, int off, int n) {
    softmax(x, off, n, true);
  }

  private static void softmax(float[] x, int off, int n, boolean vectorExp) {
    if (n <= 0) {
      return;
    }
    float max = max(x, off, n);
    if (max == Float.NEGATIVE_INFINITY) {
      uniform(x, off, n);
      return;
    }
    int i = 0;
    if (vectorExp) {
      FloatVector mv = FloatVector.broadcast(SPECIES, max);
      for (; i + L <= n; i += L) {
        load(x, off + i).sub(mv).lanewise(VectorOperators.EXP).intoArray(x, off + i);
      }
    }
    for (; i < n; i++) {
      x[off + i] = (float) Math.exp(x[off + i] - max);
    }
    scale(1f / sum(x, off, n), x, off, n);
  }

  private static void uniform(float[] x, int off, int n) {
    float u = 1f / n;
    for (int i = 0; i < n; i++) {
      x[off + i] = u;
    }
  }

  private static float max(float[] x, int off, int n) {
    FloatVector mv = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
    int i = 0;
    for (; i + L <= n; i += L) {
      mv = mv.max(load(x, off + i));
    }
    float max = mv.reduceLanes(VectorOperators.MAX);
    for (; i < n; i++) {
      max = Math.max(max, x[off + i]);
    }
    return max;
  }

  public static void relu(float[] x, int off, int n) {
    FloatVector zero = FloatVector.zero(SPECIES);
    int i = 0;
    for (; i + L <= n; i += L) {
      FloatVector v = load(x, off + i);
      // blend on x < 0 rather than max(x, 0): keeps −0.0 and NaN exactly as the scalar twin does.
      v.blend(zero, v.lt(0f)).intoArray(x, off + i);
    }
    for (; i < n; i++) {
      if (x[off + i] < 0f) {
        x[off + i] = 0f;
      }
    }
  }

  public static void layerNorm(
      float[] x, int xOff, int n, float[] gamma, float[] beta, float eps, float[] out, int outOff) {
    float mean = sum(x, xOff, n) / n;
    FloatVector mv = FloatVector.broadcast(SPECIES, mean);
    FloatVector acc = FloatVector.zero(SPECIES);
    int i = 0;
    for (; i + L <= n; i += L) {
      FloatVector d = load(x, xOff + i).sub(mv);
      acc = d.fma(d, acc);
    }
    float var = acc.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      float d = x[xOff + i] - mean;
      var += d * d;
    }
    var /= n;
    float inv = (float) (1.0 / Math.sqrt(var + eps));
    FloatVector iv = FloatVector.broadcast(SPECIES, inv);
    i = 0;
    for (; i + L <= n; i += L) {
      FloatVector v = load(x, xOff + i).sub(mv).mul(iv);
      if (gamma != null) {
        v = v.mul(load(gamma, i));
      }
      if (beta != null) {
        v = v.add(load(beta, i));
      }
      v.intoArray(out, outOff + i);
    }
    ScalarKernels.normalize(x, xOff, i, n, mean, inv, gamma, beta, out, outOff);
  }

  public static void sumPool(
      float[] table, int dim, int[] rows, int count, float[] out, int outOff) {
    pool(table, dim, rows, count, out, outOff, 1f);
  }

  public static void meanPool(
      float[] table, int dim, int[] rows, int count, float[] out, int outOff) {
    pool(table, dim, rows, count, out, outOff, count > 0 ? 1f / count : 1f);
  }

  /** Sum of the rows times factor; each output vector stays in a register across all rows. */
  private static void pool(
      float[] table, int dim, int[] rows, int count, float[] out, int outOff, float factor) {
    int j = 0;
    for (; j + L <= dim; j += L) {
      FloatVector acc = FloatVector.zero(SPECIES);
      for (int r = 0; r < count; r++) {
        acc = acc.add(load(table, rows[r] * dim + j));
      }
      acc.mul(factor).intoArray(out, outOff + j);
    }
    for (; j < dim; j++) {
      float s = 0f;
      for (int r = 0; r < count; r++) {
        s += table[rows[r] * dim + j];
      }
      out[outOff + j] = s * factor;
    }
  }

  public static float sum(float[] x, int off, int n) {
    FloatVector s0 = FloatVector.zero(SPECIES);
    FloatVector s1 = FloatVector.zero(SPECIES);
    int i = 0;
    for (; i + 2 * L <= n; i += 2 * L) {
      s0 = s0.add(load(x, off + i));
      s1 = s1.add(load(x, off + i + L));
    }
    for (; i + L <= n; i += L) {
      s0 = s0.add(load(x, off + i));
    }
    float s = s0.add(s1).reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      s += x[off + i];
    }
    return s;
  }

  public static void scale(float alpha, float[] x, int off, int n) {
    FloatVector av = FloatVector.broadcast(SPECIES, alpha);
    int i = 0;
    for (; i + L <= n; i += L) {
      load(x, off + i).mul(av).intoArray(x, off + i);
    }
    for (; i < n; i++) {
      x[off + i] *= alpha;
    }
  }

  public static void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
    int i = 0;
    for (; i + L <= n; i += L) {
      load(a, aOff + i).add(load(b, bOff + i)).intoArray(out, outOff + i);
    }
    for (; i < n; i++) {
      out[outOff + i] = a[aOff + i] + b[bOff + i];
    }
  }

  public static void hadamard(
      float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
    int i = 0;
    for (; i + L <= n; i += L) {
      load(a, aOff + i).mul(load(b, bOff + i)).intoArray(out, outOff + i);
    }
    for (; i < n; i++) {
      out[outOff + i] = a[aOff + i] * b[bOff + i];
    }
  }

  /** Logistic function with Math.exp per lane, like {@link #softmax}. */
  public static void sigmoid(float[] x, int off, int n) {
    ScalarKernels.sigmoid(x, off, n);
  }

  /** Logistic function with {@link VectorOperators#EXP}. */
  public static void sigmoidVectorExp(float[] x, int off, int n) {
    FloatVector one = FloatVector.broadcast(SPECIES, 1f);
    int i = 0;
    for (; i + L <= n; i += L) {
      FloatVector e = load(x, off + i).neg().lanewise(VectorOperators.EXP);
      one.div(one.add(e)).intoArray(x, off + i);
    }
    ScalarKernels.sigmoid(x, off + i, n - i);
  }

  public static void outerAdd(
      float alpha, float[] x, int xOff, int m, float[] y, int yOff, int n, float[] w, int wOff) {
    for (int i = 0; i < m; i++) {
      axpy(alpha * x[xOff + i], y, yOff, w, wOff + i * n, n);
    }
  }

  private static FloatVector load(float[] a, int off) {
    return FloatVector.fromArray(SPECIES, a, off);
  }
}
