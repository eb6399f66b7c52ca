package io.streamplex.embeddings.kernels;

import java.util.Locale;
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
 * <p>Tails shorter than one vector run as scalar loops: masked loads and stores need mask registers
 * (AVX-512, SVE) to be cheap, and these kernels must stay fast on AVX2 machines too.
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

  /**
   * The species of the kernels that end in a horizontal sum (dot, matvec, matmulTransB, sum,
   * layerNorm): at most 256 bits. JDK 17's C2 reduces a float vector lane by lane in order (its
   * AddReductionVF is strictly ordered), so one 16-lane reduceLanes(ADD) costs as much as a dot of
   * 16 floats by itself; measured with JMH on this AVX-512 AMD EPYC (shared, noisy), dot of 16
   * floats took 12–14 ns with 16 lanes and 7 ns with 8. Elementwise kernels and
   * matmul/matmulTransA, which never reduce across lanes, keep the preferred width.
   */
  static final VectorSpecies<Float> RSPECIES =
      SPECIES.vectorBitSize() > 256 ? FloatVector.SPECIES_256 : SPECIES;

  private static final int RL = RSPECIES.length();

  /**
   * System property choosing the exponential of softmax and sigmoid: {@code vector} or {@code
   * scalar}.
   */
  public static final String EXP_PROPERTY = "streamplex.kernels.exp";

  /**
   * Whether softmax and sigmoid use the vector exponential {@link #exp} (the default) or Math.exp
   * lane by lane ({@code -Dstreamplex.kernels.exp=scalar}). {@link #exp} is built from lanewise
   * IEEE operations only, so it is vectorised wherever the Vector API is and gives the same bits in
   * every JIT tier. It replaced {@code VectorOperators.EXP}: on x86-64 that is an SVML intrinsic in
   * C2 code but Math.exp in the Java fallback that runs before C2 compiles the kernel, so training
   * results depended on JIT timing (measured: the same DNN + target attention seed gave test AUC
   * 0.8383 alone and 0.8381 after other models in one JVM; with either deterministic exponential
   * both orders agree). Speed: SoftmaxBenchmark.
   */
  static final boolean VECTOR_EXP = selectVectorExp(System.getProperty(EXP_PROPERTY));

  private VectorKernels() {}

  static boolean selectVectorExp(String property) {
    if (property == null || property.isBlank()) {
      return true;
    }
    switch (property.trim().toLowerCase(Locale.ROOT)) {
      case "vector":
        return true;
      case "scalar":
        return false;
      default:
        throw new IllegalArgumentException(
            "-D" + EXP_PROPERTY + " must be 'vector' or 'scalar', got '" + property + "'");
    }
  }

  /** Whether softmax and sigmoid use the vector exponential (see {@link #VECTOR_EXP}). */
  public static boolean vectorExp() {
    return VECTOR_EXP;
  }

  /** Number of float lanes in one vector on this machine (8 for AVX2, 16 for AVX-512). */
  public static int lanes() {
    return L;
  }

  /** Lanes of the vectors that the reducing kernels use (see {@link #RSPECIES}). */
  public static int reductionLanes() {
    return RL;
  }

  public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
    int i = 0;
    FloatVector s0 = FloatVector.zero(RSPECIES);
    if (n >= 4 * RL) {
      // Four independent accumulators: one FMA chain would stall on its 4-cycle latency.
      FloatVector s1 = FloatVector.zero(RSPECIES);
      FloatVector s2 = FloatVector.zero(RSPECIES);
      FloatVector s3 = FloatVector.zero(RSPECIES);
      for (; i + 4 * RL <= n; i += 4 * RL) {
        s0 = rload(a, aOff + i).fma(rload(b, bOff + i), s0);
        s1 = rload(a, aOff + i + RL).fma(rload(b, bOff + i + RL), s1);
        s2 = rload(a, aOff + i + 2 * RL).fma(rload(b, bOff + i + 2 * RL), s2);
        s3 = rload(a, aOff + i + 3 * RL).fma(rload(b, bOff + i + 3 * RL), s3);
      }
      s0 = s0.add(s1).add(s2.add(s3));
    }
    for (; i + RL <= n; i += RL) {
      s0 = rload(a, aOff + i).fma(rload(b, bOff + i), s0);
    }
    float s = s0.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      s += a[aOff + i] * b[bOff + i];
    }
    return s;
  }

  /**
   * The plain loop, on purpose: C2 auto-vectorises it (SuperWord, with a pre-loop that aligns the
   * stores), and JMH measured it faster than a FloatVector loop here: at n = 256, 28–57 ns against
   * 64–229 ns for 512- and 256-bit FloatVector versions (JDK 17, AVX-512, shared machine; no
   * allocation, so the intrinsics did apply). The cause was not pinned down.
   */
  public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
    ScalarKernels.axpy(alpha, x, xOff, y, yOff, n);
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
    FloatVector s0 = FloatVector.zero(RSPECIES);
    FloatVector s1 = FloatVector.zero(RSPECIES);
    FloatVector s2 = FloatVector.zero(RSPECIES);
    FloatVector s3 = FloatVector.zero(RSPECIES);
    int c = 0;
    for (; c + RL <= len; c += RL) {
      FloatVector xv = rload(x, xo + c);
      s0 = rload(w, w0 + c).fma(xv, s0);
      s1 = rload(w, w1 + c).fma(xv, s1);
      s2 = rload(w, w2 + c).fma(xv, s2);
      s3 = rload(w, w3 + c).fma(xv, s3);
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
   * One head of scaled dot-product self-attention over n tokens, added into y: y_i += Σ_j
   * softmax_j(scale·⟨q_i, k_j⟩)·v_j (softmax as {@link #softmax}). Row i of q, k, v and y starts at
   * {@code off + i·stride} and the head reads d floats of it, so that a head can be a column slice
   * of wider rows. {@code scratch} holds at least {@link Kernels#selfAttentionScratch} floats; its
   * contents afterwards are unspecified. y must not overlap q, k, v or scratch.
   */
  /** Scratch floats {@link #selfAttentionHead} needs: scores and kᵀ, rows padded to vectors. */
  public static int selfAttentionScratch(int n, int d) {
    return (n + d) * ((n + L - 1) / L * L);
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
    // Rows of scores and of kᵀ are padded to whole vectors of the preferred species: a 256-bit
    // species for AutoInt's 8 fields would share FloatVector.intoArray's type profile with the
    // 512-bit stores of every other kernel, and the polluted profile made C2 box vectors in both
    // (measured: a whole AutoInt+ forward 5× slower). Padding costs no FMAs, as a row of 8 fills
    // one vector either way.
    int w = (n + L - 1) / L * L;
    int kt = n * w;
    // kᵀ (d × w): a row's scores are then Σ_p q_ip·(row p of kᵀ), vectors over j with no
    // horizontal sum, where n dot products would each end in an ordered lane reduction.
    for (int p = 0; p < d; p++) {
      int r = kt + p * w;
      for (int j = 0; j < n; j++) {
        scratch[r + j] = k[off + j * stride + p];
      }
      java.util.Arrays.fill(scratch, r + n, r + w, 0f);
    }
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      attentionScores4(q, off + i * stride, stride, scratch, kt, i * w, w, d, scale);
    }
    for (; i < n; i++) {
      attentionScores1(q, off + i * stride, scratch, kt, i * w, w, d, scale);
    }
    softmaxRows(scratch, n, w);
    i = 0;
    for (; i + 4 <= n; i += 4) {
      attentionMix4(scratch, i, w, v, y, off, stride, n, d);
    }
    for (; i < n; i++) {
      int yi = off + i * stride;
      for (int j = 0; j < n; j++) {
        axpy(scratch[i * w + j], v, off + j * stride, y, yi, d);
      }
    }
  }

  /** Scores of four rows (q rows at q0 + r·stride) into s[sOff + r·w ..], four FMA chains. */
  private static void attentionScores4(
      float[] q, int q0, int stride, float[] s, int kt, int sOff, int w, int d, float scale) {
    int q1 = q0 + stride;
    int q2 = q1 + stride;
    int q3 = q2 + stride;
    for (int j = 0; j < w; j += L) {
      FloatVector a0 = FloatVector.zero(SPECIES);
      FloatVector a1 = FloatVector.zero(SPECIES);
      FloatVector a2 = FloatVector.zero(SPECIES);
      FloatVector a3 = FloatVector.zero(SPECIES);
      for (int p = 0; p < d; p++) {
        FloatVector kv = load(s, kt + p * w + j);
        a0 = FloatVector.broadcast(SPECIES, q[q0 + p]).fma(kv, a0);
        a1 = FloatVector.broadcast(SPECIES, q[q1 + p]).fma(kv, a1);
        a2 = FloatVector.broadcast(SPECIES, q[q2 + p]).fma(kv, a2);
        a3 = FloatVector.broadcast(SPECIES, q[q3 + p]).fma(kv, a3);
      }
      a0.mul(scale).intoArray(s, sOff + j);
      a1.mul(scale).intoArray(s, sOff + w + j);
      a2.mul(scale).intoArray(s, sOff + 2 * w + j);
      a3.mul(scale).intoArray(s, sOff + 3 * w + j);
    }
  }

  private static void attentionScores1(
      float[] q, int q0, float[] s, int kt, int sOff, int w, int d, float scale) {
    for (int j = 0; j < w; j += L) {
      FloatVector acc = FloatVector.zero(SPECIES);
      for (int p = 0; p < d; p++) {
        acc = FloatVector.broadcast(SPECIES, q[q0 + p]).fma(load(s, kt + p * w + j), acc);
      }
      acc.mul(scale).intoArray(s, sOff + j);
    }
  }

  /**
   * Row-wise softmax of the first n columns of the n × w block at s[0..n·w): maxima subtracted row
   * by row, then one exponential pass over the whole block, which for AutoInt's few fields is a
   * handful of vectors where a softmax per row of 8 would run entirely in the scalar tail.
   */
  private static void softmaxRows(float[] s, int n, int w) {
    for (int i = 0; i < n; i++) {
      int r = i * w;
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        max = Math.max(max, s[r + j]);
      }
      // a row of −∞ scores becomes uniform, as in softmax; padding columns stay finite
      boolean uniform = max == Float.NEGATIVE_INFINITY;
      for (int j = 0; j < w; j++) {
        s[r + j] = uniform || j >= n ? 0f : s[r + j] - max;
      }
    }
    int nw = n * w;
    if (VECTOR_EXP) {
      exp(s, 0, nw, 1f, 0f);
    } else {
      for (int i = 0; i < nw; i++) {
        s[i] = (float) Math.exp(s[i]);
      }
    }
    for (int r = 0; r < nw; r += w) {
      float sum = 0f;
      for (int j = 0; j < n; j++) {
        sum += s[r + j];
      }
      float inv = 1f / sum;
      for (int j = 0; j < n; j++) {
        s[r + j] *= inv;
      }
    }
  }

  /** y rows i..i+3 += Σ_j a_rj·v_j, the four rows' accumulators sharing each load of v_j. */
  private static void attentionMix4(
      float[] a, int i, int w, float[] v, float[] y, int off, int stride, int n, int d) {
    int y0 = off + i * stride;
    int y1 = y0 + stride;
    int y2 = y1 + stride;
    int y3 = y2 + stride;
    int a0 = i * w;
    int c = 0;
    for (; c + L <= d; c += L) {
      // Accumulators start at zero and y is added once at the end: started from load(y), JDK 17's
      // C2 failed to intrinsify the final store and boxed every vector (measured 40× slower).
      FloatVector acc0 = FloatVector.zero(SPECIES);
      FloatVector acc1 = FloatVector.zero(SPECIES);
      FloatVector acc2 = FloatVector.zero(SPECIES);
      FloatVector acc3 = FloatVector.zero(SPECIES);
      for (int j = 0; j < n; j++) {
        FloatVector vj = load(v, off + j * stride + c);
        acc0 = FloatVector.broadcast(SPECIES, a[a0 + j]).fma(vj, acc0);
        acc1 = FloatVector.broadcast(SPECIES, a[a0 + w + j]).fma(vj, acc1);
        acc2 = FloatVector.broadcast(SPECIES, a[a0 + 2 * w + j]).fma(vj, acc2);
        acc3 = FloatVector.broadcast(SPECIES, a[a0 + 3 * w + j]).fma(vj, acc3);
      }
      load(y, y0 + c).add(acc0).intoArray(y, y0 + c);
      load(y, y1 + c).add(acc1).intoArray(y, y1 + c);
      load(y, y2 + c).add(acc2).intoArray(y, y2 + c);
      load(y, y3 + c).add(acc3).intoArray(y, y3 + c);
    }
    for (; c < d; c++) {
      for (int r = 0; r < 4; r++) {
        int yr = y0 + r * stride + c;
        float acc = y[yr];
        for (int j = 0; j < n; j++) {
          acc += a[a0 + r * w + j] * v[off + j * stride + c];
        }
        y[yr] = acc;
      }
    }
  }

  /** Softmax with the exponential chosen by {@link #VECTOR_EXP}. */
  public static void softmax(float[] x, int off, int n) {
    softmax(x, off, n, VECTOR_EXP);
  }

  /** Softmax with the vector exponential {@link #exp} (within 1.005 ulp, see ExpTest). */
  public static void softmaxVectorExp(float[] x, int off, int n) {
    softmax(x, off, n, true);
  }

  /** Softmax with Math.exp lane by lane; max, sum and scaling still vectorised. */
  public static void softmaxScalarExp(float[] x, int off, int n) {
    softmax(x, off, n, false);
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
    if (vectorExp) {
      exp(x, off, n, 1f, max);
    } else {
      for (int i = 0; i < n; i++) {
        x[off + i] = (float) Math.exp(x[off + i] - max);
      }
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
    FloatVector mv = FloatVector.broadcast(RSPECIES, mean);
    FloatVector acc = FloatVector.zero(RSPECIES);
    int i = 0;
    for (; i + RL <= n; i += RL) {
      FloatVector d = rload(x, xOff + i).sub(mv);
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
      FloatVector v = load(x, xOff + i).sub(mean).mul(iv);
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
    FloatVector s0 = FloatVector.zero(RSPECIES);
    FloatVector s1 = FloatVector.zero(RSPECIES);
    int i = 0;
    for (; i + 2 * RL <= n; i += 2 * RL) {
      s0 = s0.add(rload(x, off + i));
      s1 = s1.add(rload(x, off + i + RL));
    }
    for (; i + RL <= n; i += RL) {
      s0 = s0.add(rload(x, off + i));
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

  /** Logistic function with the exponential chosen by {@link #VECTOR_EXP}. */
  public static void sigmoid(float[] x, int off, int n) {
    if (VECTOR_EXP) {
      sigmoidVectorExp(x, off, n);
    } else {
      ScalarKernels.sigmoid(x, off, n);
    }
  }

  /** Logistic function with the vector exponential {@link #exp}. */
  public static void sigmoidVectorExp(float[] x, int off, int n) {
    exp(x, off, n, -1f, 0f);
    FloatVector one = FloatVector.broadcast(SPECIES, 1f);
    int i = 0;
    for (; i + L <= n; i += L) {
      one.div(one.add(load(x, off + i))).intoArray(x, off + i);
    }
    for (; i < n; i++) {
      x[off + i] = 1f / (1f + x[off + i]);
    }
  }

  /**
   * x[off ..] = e^x in place with the kernels' exponential (see {@link #exp(float[], int, int,
   * float, float)}).
   */
  public static void exp(float[] x, int off, int n) {
    exp(x, off, n, 1f, 0f);
  }

  /**
   * 2^23 + 127: adding it to an integral float k in [−127, 2^23 − 127) puts k + 127 in its low
   * bits.
   */
  private static final float EXPONENT_BIAS = 8388608f + 127f;

  /**
   * x[off + i] = e^(a·x[off + i] − b) in place, each equal bit for bit to {@link
   * ScalarKernels#expf} of the same argument (whose comment has the method, and why it replaced
   * {@code VectorOperators.EXP}). The loop lives here, with the polynomial written out in it, so
   * that no vector crosses a call: when JDK 17's C2 declined to inline a FloatVector → FloatVector
   * helper (an already compiled callee over InlineSmallCode), every vector was boxed, 20 KB
   * allocated per softmax of 1,000 and a 3–5× slower target attention (JMH, -prof gc).
   */
  static void exp(float[] x, int off, int n, float a, float b) {
    FloatVector ln2Hi = FloatVector.broadcast(SPECIES, ScalarKernels.LN2_HI);
    FloatVector ln2Lo = FloatVector.broadcast(SPECIES, ScalarKernels.LN2_LO);
    FloatVector p0 = FloatVector.broadcast(SPECIES, ScalarKernels.P0);
    FloatVector p1 = FloatVector.broadcast(SPECIES, ScalarKernels.P1);
    FloatVector p2 = FloatVector.broadcast(SPECIES, ScalarKernels.P2);
    FloatVector p3 = FloatVector.broadcast(SPECIES, ScalarKernels.P3);
    FloatVector p4 = FloatVector.broadcast(SPECIES, ScalarKernels.P4);
    FloatVector p5 = FloatVector.broadcast(SPECIES, ScalarKernels.P5);
    int i = 0;
    for (; i + L <= n; i += L) {
      FloatVector c =
          load(x, off + i).mul(a).sub(b).max(ScalarKernels.EXP_LO).min(ScalarKernels.EXP_HI);
      FloatVector k = c.mul(ScalarKernels.LOG2E).add(ScalarKernels.ROUND).sub(ScalarKernels.ROUND);
      FloatVector nk = k.neg();
      FloatVector r = nk.fma(ln2Lo, nk.fma(ln2Hi, c));
      FloatVector p = p0.fma(r, p1).fma(r, p2).fma(r, p3).fma(r, p4).fma(r, p5);
      p = p.fma(r.mul(r), r).add(1f);
      // 2^⌊k/2⌋ and 2^(k−⌊k/2⌋) from float lanes only (a float-to-int convert made C2 box here):
      // ⌊k/2⌋ is k/2 − 1/4 rounded to nearest, and j + 127 + 2^23 holds j + 127 in its low bits,
      // which the shift moves into the exponent
      FloatVector k1 = k.mul(0.5f).sub(0.25f).add(ScalarKernels.ROUND).sub(ScalarKernels.ROUND);
      FloatVector k2 = k.sub(k1);
      FloatVector s1 =
          k1.add(EXPONENT_BIAS)
              .reinterpretAsInts()
              .lanewise(VectorOperators.LSHL, 23)
              .reinterpretAsFloats();
      FloatVector s2 =
          k2.add(EXPONENT_BIAS)
              .reinterpretAsInts()
              .lanewise(VectorOperators.LSHL, 23)
              .reinterpretAsFloats();
      p.mul(s1).mul(s2).intoArray(x, off + i);
    }
    for (; i < n; i++) {
      x[off + i] = ScalarKernels.expf(x[off + i] * a - b);
    }
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

  private static FloatVector rload(float[] a, int off) {
    return FloatVector.fromArray(RSPECIES, a, off);
  }
}
