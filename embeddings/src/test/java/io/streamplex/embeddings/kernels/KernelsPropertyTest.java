package io.streamplex.embeddings.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Property tests: every {@link VectorKernels} method against its {@link ScalarKernels} twin over
 * seeded random shapes (0, 1, the lane count ± 1, odd and large sizes) at random offsets, so that
 * both the vector body and the scalar tail run. The SIMD class is called directly, so these tests
 * mean something even under {@code -Dstreamplex.kernels=scalar}.
 *
 * <p>Tolerances are derived, not tuned: a float sum of n terms is within γ_n·Σ|term| of the exact
 * value, γ_n ≈ n·2⁻²⁴, whatever the order, so two orders differ by at most 2·γ_n·Σ|term|. Kernels
 * without reductions (relu, scale, add, hadamard) must match bit for bit. Every output buffer has
 * random guard cells around the written range that must stay untouched.
 */
class KernelsPropertyTest {

  private static final int L = VectorKernels.lanes();
  private static final int RL = VectorKernels.reductionLanes();
  private static final double EPS = 0x1p-24;
  private static final long SEED = 20261128L;

  /**
   * Sizes around every loop boundary of the vector code (1, 2 and 4 vectors per step), for both the
   * preferred and the reduction species.
   */
  private static int[] sizes() {
    TreeSet<Integer> s = new TreeSet<>();
    for (int v : new int[] {0, 1, 2, 3, 5, 7, 17, 31, 33, 63, 64, 65, 100, 127, 257, 400, 1031}) {
      s.add(v);
    }
    for (int lanes : new int[] {L, RL}) {
      for (int k = 1; k <= 5; k++) {
        for (int d = -1; d <= 1; d++) {
          s.add(k * lanes + d);
        }
      }
    }
    s.add(4 * L + L - 1);
    return s.stream().mapToInt(Integer::intValue).toArray();
  }

  private static final int[] SIZES = sizes();

  /** Matrix dimensions: degenerate, around 4-row and 2-vector tiles, and ragged. */
  private static final int[] DIMS = {0, 1, 2, 3, 4, 5, 7, RL + 1, L - 1, L, L + 1, 2 * L + 3, 37};

  private final Random rnd = new Random(SEED);

  private float[] random(int len, float scale) {
    float[] a = new float[len];
    for (int i = 0; i < len; i++) {
      a[i] = (rnd.nextFloat() * 2f - 1f) * scale;
    }
    return a;
  }

  /** A value scale from 1e-3 to 1e3, so that relative tolerances are exercised. */
  private float randomScale() {
    return (float) Math.pow(10, rnd.nextInt(7) - 3);
  }

  private int randomOffset() {
    return rnd.nextInt(2 * L + 1);
  }

  private static double absDot(float[] a, int aOff, float[] b, int bOff, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += Math.abs((double) a[aOff + i] * b[bOff + i]);
    }
    return s;
  }

  /** Bound on |order A − order B| for a float sum of n terms with Σ|term| = absSum. */
  private static double sumTol(int n, double absSum) {
    return 2 * (n + 2) * EPS * absSum + Float.MIN_NORMAL;
  }

  private static void assertClose(String what, double expected, double actual, double tol) {
    if (Double.isNaN(expected) && Double.isNaN(actual)) {
      return;
    }
    if (!(Math.abs(expected - actual) <= tol)) {
      fail(
          what
              + ": expected "
              + expected
              + " but was "
              + actual
              + " (|diff| "
              + Math.abs(expected - actual)
              + " > tol "
              + tol
              + ", lanes "
              + L
              + ", seed "
              + SEED
              + ")");
    }
  }

  /** Cells outside [off, off + n) must be unchanged. */
  private static void assertGuards(String what, float[] before, float[] after, int off, int n) {
    for (int i = 0; i < before.length; i++) {
      if ((i < off || i >= off + n)
          && Float.floatToRawIntBits(before[i]) != Float.floatToRawIntBits(after[i])) {
        fail(what + ": wrote outside its range at index " + i + " (range " + off + "+" + n + ")");
      }
    }
  }

  @Test
  void dotMatchesScalarAtEverySizeAndOffset() {
    for (int n : SIZES) {
      for (int trial = 0; trial < 3; trial++) {
        int aOff = randomOffset();
        int bOff = randomOffset();
        float[] a = random(aOff + n + 3, randomScale());
        float[] b = random(bOff + n + 3, randomScale());
        float expected = ScalarKernels.dot(a, aOff, b, bOff, n);
        float actual = VectorKernels.dot(a, aOff, b, bOff, n);
        assertClose("dot n=" + n, expected, actual, sumTol(n, absDot(a, aOff, b, bOff, n)));
      }
    }
    assertEquals(0f, VectorKernels.dot(new float[0], 0, new float[0], 0, 0));
  }

  @Test
  void sumMatchesScalar() {
    for (int n : SIZES) {
      int off = randomOffset();
      float[] x = random(off + n + 2, randomScale());
      double abs = 0;
      for (int i = 0; i < n; i++) {
        abs += Math.abs(x[off + i]);
      }
      assertClose(
          "sum n=" + n, ScalarKernels.sum(x, off, n), VectorKernels.sum(x, off, n), sumTol(n, abs));
    }
  }

  @Test
  void axpyMatchesScalarAndStaysInRange() {
    for (int n : SIZES) {
      int xOff = randomOffset();
      int yOff = randomOffset();
      float alpha = rnd.nextFloat() * 4 - 2;
      float[] x = random(xOff + n + 2, randomScale());
      float[] y = random(yOff + n + 2, randomScale());
      float[] expected = y.clone();
      float[] actual = y.clone();
      ScalarKernels.axpy(alpha, x, xOff, expected, yOff, n);
      VectorKernels.axpy(alpha, x, xOff, actual, yOff, n);
      assertGuards("axpy n=" + n, y, actual, yOff, n);
      for (int i = 0; i < n; i++) {
        // FMA rounds once where the scalar loop rounds twice.
        double tol = 2 * EPS * (Math.abs(y[yOff + i]) + Math.abs(alpha * x[xOff + i]));
        assertClose("axpy n=" + n + " i=" + i, expected[yOff + i], actual[yOff + i], tol);
      }
    }
  }

  @Test
  void axpyOnItsOwnRangeDoublesEachCell() {
    // x and y the same range: each cell reads only itself, so y = (1 + alpha)·y exactly here.
    float[] y = random(3 * L + 5, 1f);
    float[] expected = y.clone();
    for (int i = 0; i < expected.length; i++) {
      expected[i] = y[i] + 1f * y[i];
    }
    VectorKernels.axpy(1f, y, 0, y, 0, y.length);
    assertArrayEquals(expected, y);
  }

  @Test
  void matvecMatchesScalarForRaggedShapes() {
    for (int rows : DIMS) {
      for (int cols : SIZES) {
        if (cols > 400) {
          continue;
        }
        int wOff = randomOffset();
        int xOff = randomOffset();
        int yOff = randomOffset();
        float[] w = random(wOff + rows * cols + 1, randomScale());
        float[] x = random(xOff + cols + 1, randomScale());
        float[] y = random(yOff + rows + 3, 1f);
        float[] expected = y.clone();
        float[] actual = y.clone();
        ScalarKernels.matvec(w, wOff, rows, cols, x, xOff, expected, yOff);
        VectorKernels.matvec(w, wOff, rows, cols, x, xOff, actual, yOff);
        String what = "matvec " + rows + "x" + cols;
        assertGuards(what, y, actual, yOff, rows);
        for (int r = 0; r < rows; r++) {
          double tol = sumTol(cols, absDot(w, wOff + r * cols, x, xOff, cols));
          assertClose(what + " row " + r, expected[yOff + r], actual[yOff + r], tol);
        }
      }
    }
  }

  /** Which of the three products; each element of C is a dot of length k. */
  private enum Gemm {
    NN,
    TRANS_A,
    TRANS_B
  }

  @Test
  void matmulsMatchScalarForRaggedShapes() {
    for (Gemm g : Gemm.values()) {
      for (int m : DIMS) {
        for (int k : DIMS) {
          for (int n : DIMS) {
            checkGemm(g, m, k, n);
          }
        }
      }
      // one large, unaligned shape: many full tiles plus every kind of tail
      checkGemm(g, 4 * 9 + 3, 129, 5 * L + 3);
    }
  }

  private void checkGemm(Gemm g, int m, int k, int n) {
    float[] a = random(m * k, randomScale());
    float[] b = random(k * n, randomScale());
    // NaN everywhere: C must be overwritten, never accumulated into.
    float[] expected = new float[m * n];
    float[] actual = new float[m * n];
    Arrays.fill(actual, Float.NaN);
    float[] absA = new float[a.length];
    float[] absB = new float[b.length];
    for (int i = 0; i < a.length; i++) {
      absA[i] = Math.abs(a[i]);
    }
    for (int i = 0; i < b.length; i++) {
      absB[i] = Math.abs(b[i]);
    }
    float[] magnitude = new float[m * n];
    switch (g) {
      case NN:
        ScalarKernels.matmul(a, b, expected, m, k, n);
        VectorKernels.matmul(a, b, actual, m, k, n);
        ScalarKernels.matmul(absA, absB, magnitude, m, k, n);
        break;
      case TRANS_A:
        ScalarKernels.matmulTransA(a, b, expected, m, k, n);
        VectorKernels.matmulTransA(a, b, actual, m, k, n);
        ScalarKernels.matmulTransA(absA, absB, magnitude, m, k, n);
        break;
      case TRANS_B:
        // B is read as n × k here: same element count, so the random data serves as is.
        ScalarKernels.matmulTransB(a, b, expected, m, k, n);
        VectorKernels.matmulTransB(a, b, actual, m, k, n);
        ScalarKernels.matmulTransB(absA, absB, magnitude, m, k, n);
        break;
      default:
        throw new AssertionError(g);
    }
    for (int i = 0; i < m * n; i++) {
      assertClose(
          g + " " + m + "x" + k + "x" + n + " at " + i,
          expected[i],
          actual[i],
          sumTol(k, magnitude[i] * (1 + 4 * (k + 2) * EPS)));
    }
  }

  @Test
  void outerAddMatchesScalar() {
    for (int m : DIMS) {
      for (int n : SIZES) {
        if (n > 300) {
          continue;
        }
        int xOff = randomOffset();
        int yOff = randomOffset();
        int wOff = randomOffset();
        float alpha = rnd.nextFloat() - 0.5f;
        float[] x = random(xOff + m + 1, randomScale());
        float[] y = random(yOff + n + 1, randomScale());
        float[] w = random(wOff + m * n + 2, 1f);
        float[] expected = w.clone();
        float[] actual = w.clone();
        ScalarKernels.outerAdd(alpha, x, xOff, m, y, yOff, n, expected, wOff);
        VectorKernels.outerAdd(alpha, x, xOff, m, y, yOff, n, actual, wOff);
        assertGuards("outerAdd", w, actual, wOff, m * n);
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            int at = wOff + i * n + j;
            double tol =
                2 * EPS * (Math.abs(w[at]) + Math.abs(alpha * x[xOff + i] * y[yOff + j])) * 1.01;
            assertClose("outerAdd " + m + "x" + n, expected[at], actual[at], tol);
          }
        }
      }
    }
  }

  @Test
  void elementwiseKernelsMatchScalarBitForBit() {
    for (int n : SIZES) {
      int aOff = randomOffset();
      int bOff = randomOffset();
      int oOff = randomOffset();
      float[] a = random(aOff + n + 2, randomScale());
      float[] b = random(bOff + n + 2, randomScale());
      float[] out = random(oOff + n + 2, 1f);
      sprinkleSpecials(a, aOff, n);

      float[] e = out.clone();
      float[] v = out.clone();
      ScalarKernels.add(a, aOff, b, bOff, e, oOff, n);
      VectorKernels.add(a, aOff, b, bOff, v, oOff, n);
      assertGuards("add", out, v, oOff, n);
      assertArrayEquals(e, v, "add n=" + n);

      e = out.clone();
      v = out.clone();
      ScalarKernels.hadamard(a, aOff, b, bOff, e, oOff, n);
      VectorKernels.hadamard(a, aOff, b, bOff, v, oOff, n);
      assertGuards("hadamard", out, v, oOff, n);
      assertArrayEquals(e, v, "hadamard n=" + n);

      float alpha = rnd.nextFloat() * 3 - 1.5f;
      e = a.clone();
      v = a.clone();
      ScalarKernels.scale(alpha, e, aOff, n);
      VectorKernels.scale(alpha, v, aOff, n);
      assertGuards("scale", a, v, aOff, n);
      assertArrayEquals(e, v, "scale n=" + n);

      e = a.clone();
      v = a.clone();
      ScalarKernels.relu(e, aOff, n);
      VectorKernels.relu(v, aOff, n);
      assertGuards("relu", a, v, aOff, n);
      assertBitsEqual("relu n=" + n, e, v);
    }
  }

  /** −0.0, NaN and ±∞ at random places: relu must treat them exactly like the scalar twin. */
  private void sprinkleSpecials(float[] a, int off, int n) {
    float[] specials = {-0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
    for (int t = 0; t < Math.min(n, 4); t++) {
      a[off + rnd.nextInt(n)] = specials[t];
    }
  }

  private static void assertBitsEqual(String what, float[] expected, float[] actual) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(
          Float.floatToRawIntBits(expected[i]),
          Float.floatToRawIntBits(actual[i]),
          what + " at " + i + ": " + expected[i] + " vs " + actual[i]);
    }
  }

  @Test
  void elementwiseKernelsMayWriteOverTheirInput() {
    int n = 3 * L + 3;
    int off = 2;
    float[] a = random(off + n + 1, 1f);
    float[] b = random(off + n + 1, 1f);
    float[] expected = new float[a.length];
    ScalarKernels.add(a, off, b, off, expected, off, n);
    float[] inPlace = a.clone();
    VectorKernels.add(inPlace, off, b, off, inPlace, off, n);
    assertArrayEquals(
        Arrays.copyOfRange(expected, off, off + n), Arrays.copyOfRange(inPlace, off, off + n));
    ScalarKernels.hadamard(a, off, b, off, expected, off, n);
    inPlace = b.clone();
    VectorKernels.hadamard(a, off, inPlace, off, inPlace, off, n);
    assertArrayEquals(
        Arrays.copyOfRange(expected, off, off + n), Arrays.copyOfRange(inPlace, off, off + n));
  }

  @FunctionalInterface
  private interface InPlace {
    void apply(float[] x, int off, int n);
  }

  @Test
  void softmaxBothExpVariantsMatchScalar() {
    InPlace[] variants = {
      VectorKernels::softmax, VectorKernels::softmaxVectorExp, VectorKernels::softmaxScalarExp
    };
    for (InPlace variant : variants) {
      for (int n : SIZES) {
        for (float scale : new float[] {1f, 30f, 1e4f}) {
          int off = randomOffset();
          float[] x = random(off + n + 2, scale);
          float[] expected = x.clone();
          float[] actual = x.clone();
          ScalarKernels.softmax(expected, off, n);
          variant.apply(actual, off, n);
          assertGuards("softmax", x, actual, off, n);
          assertSoftmaxClose("softmax n=" + n + " scale=" + scale, expected, actual, off, n);
        }
      }
    }
  }

  private static void assertSoftmaxClose(
      String what, float[] expected, float[] actual, int off, int n) {
    double total = 0;
    for (int i = 0; i < n; i++) {
      float p = expected[off + i];
      // exp within 1 ulp on each side, then a sum of n terms ≤ 1 and one division.
      double tol = p * (2 * (n + 2) + 8) * EPS + Float.MIN_NORMAL;
      assertClose(what + " i=" + i, p, actual[off + i], tol);
      total += actual[off + i];
    }
    if (n > 0) {
      assertClose(what + " sums to 1", 1.0, total, (2 * n + 8) * EPS);
    }
  }

  /**
   * Self-attention of one head over a column slice of wider rows, against the scalar twin. Error
   * budget per output: a score is a d-term sum (scale·2(d+2)ε·Σ|q k|), which perturbs its weight
   * relatively by as much; exp, the n-term row sum and the division add (2n + 8)ε relatively; then
   * y = y₀ + Σ_j a_j v_j is an (n+1)-term sum.
   */
  @Test
  void selfAttentionHeadMatchesScalarOnColumnSlices() {
    for (int n : new int[] {0, 1, 2, 3, 4, 5, 7, 8, 9, RL + 1, L + 3, 39}) {
      for (int d : new int[] {1, 3, RL, L - 1, L, L + 1, 32, 2 * L + 3}) {
        float scale = (float) (1 / Math.sqrt(d));
        int col = rnd.nextInt(5);
        int stride = col + d + rnd.nextInt(5);
        int off = randomOffset() + col;
        int len = off + n * stride + 3;
        float mag = (float) Math.pow(10, rnd.nextInt(3) - 1);
        float[] q = random(len, mag);
        float[] k = random(len, mag);
        float[] v = random(len, randomScale());
        float[] y = random(len, 1f);
        float[] expected = y.clone();
        float[] actual = y.clone();
        float[] scratchS = new float[ScalarKernels.selfAttentionScratch(n, d)];
        float[] scratchV = new float[VectorKernels.selfAttentionScratch(n, d)];
        ScalarKernels.selfAttentionHead(q, k, v, expected, off, stride, n, d, scale, scratchS);
        VectorKernels.selfAttentionHead(q, k, v, actual, off, stride, n, d, scale, scratchV);
        String what = "selfAttentionHead n=" + n + " d=" + d + " stride=" + stride;
        for (int idx = 0; idx < len; idx++) {
          int rel = idx - off;
          boolean head = rel >= 0 && rel < n * stride && rel % stride < d;
          if (!head) {
            assertEquals(y[idx], actual[idx], what + ": wrote outside the head at " + idx);
          }
        }
        for (int i = 0; i < n; i++) {
          double maxScoreErr = 0;
          for (int j = 0; j < n; j++) {
            double absQk = absDot(q, off + i * stride, k, off + j * stride, d);
            maxScoreErr = Math.max(maxScoreErr, scale * 2 * (d + 2) * EPS * absQk);
          }
          double weightRel = 2 * maxScoreErr + (2 * n + 8) * EPS;
          for (int c = 0; c < d; c++) {
            int yi = off + i * stride + c;
            double absMix = 0;
            for (int j = 0; j < n; j++) {
              absMix += Math.abs((double) scratchS[i * n + j] * v[off + j * stride + c]);
            }
            double tol = absMix * weightRel + sumTol(n + 1, absMix + Math.abs(y[yi]));
            assertClose(what + " row " + i + " col " + c, expected[yi], actual[yi], tol);
          }
        }
      }
    }
  }

  @Test
  void softmaxEdgeCases() {
    InPlace[] all = {
      ScalarKernels::softmax, VectorKernels::softmaxVectorExp, VectorKernels::softmaxScalarExp
    };
    float ninf = Float.NEGATIVE_INFINITY;
    for (InPlace f : all) {
      // masked entries get exactly 0; the rest share the mass
      float[] masked = new float[2 * L + 3];
      Arrays.fill(masked, ninf);
      masked[1] = 0.5f;
      masked[L + 2] = 0.5f;
      f.apply(masked, 0, masked.length);
      for (int i = 0; i < masked.length; i++) {
        assertEquals(i == 1 || i == L + 2 ? 0.5f : 0f, masked[i], 1e-7f, "masked at " + i);
      }
      // a fully masked row is uniform, not NaN
      float[] allMasked = new float[L + 1];
      Arrays.fill(allMasked, ninf);
      f.apply(allMasked, 0, allMasked.length);
      for (float p : allMasked) {
        assertEquals(1f / (L + 1), p, 0f);
      }
      // huge logits do not overflow: the max is subtracted first
      float[] huge = new float[L + 2];
      Arrays.fill(huge, -3e38f);
      huge[3] = 3e38f;
      huge[4] = 3e38f;
      f.apply(huge, 0, huge.length);
      assertEquals(0.5f, huge[3], 1e-7f);
      assertEquals(0.5f, huge[4], 1e-7f);
      assertEquals(0f, huge[0], 0f);
      // +∞ or NaN in, NaN out: garbage is never turned into a plausible distribution
      float[] nan = {1f, Float.NaN, 2f};
      f.apply(nan, 0, 3);
      assertTrue(Float.isNaN(nan[0]) && Float.isNaN(nan[2]), Arrays.toString(nan));
      // n = 0 touches nothing
      float[] untouched = {7f, 8f};
      f.apply(untouched, 1, 0);
      assertArrayEquals(new float[] {7f, 8f}, untouched);
    }
  }

  @Test
  void sigmoidBothExpVariantsMatchScalarAndSaturate() {
    InPlace[] variants = {
      VectorKernels::sigmoid, VectorKernels::sigmoidVectorExp, ScalarKernels::sigmoid
    };
    for (InPlace variant : variants) {
      for (int n : SIZES) {
        int off = randomOffset();
        float[] x = random(off + n + 2, 20f);
        float[] expected = x.clone();
        float[] actual = x.clone();
        ScalarKernels.sigmoid(expected, off, n);
        variant.apply(actual, off, n);
        assertGuards("sigmoid", x, actual, off, n);
        for (int i = 0; i < n; i++) {
          double p = expected[off + i];
          assertClose("sigmoid n=" + n, p, actual[off + i], 12 * EPS * p + Float.MIN_NORMAL);
        }
      }
      float[] extremes = new float[L + 2];
      for (int i = 0; i < extremes.length; i++) {
        extremes[i] = i % 2 == 0 ? 200f : -200f;
      }
      variant.apply(extremes, 0, extremes.length);
      for (int i = 0; i < extremes.length; i++) {
        assertEquals(i % 2 == 0 ? 1f : 0f, extremes[i], 0f, "saturation at " + i);
      }
    }
  }

  @Test
  void layerNormMatchesScalarWithAndWithoutAffineAndInPlace() {
    for (int n : SIZES) {
      if (n == 0) {
        continue;
      }
      for (int variant = 0; variant < 4; variant++) {
        int xOff = randomOffset();
        int oOff = randomOffset();
        float[] x = random(xOff + n + 2, randomScale());
        float shift = (rnd.nextFloat() - 0.5f) * 4 * Math.abs(x[xOff]);
        for (int i = 0; i < n; i++) {
          x[xOff + i] += shift;
        }
        float[] gamma = (variant & 1) == 0 ? null : random(n, 2f);
        float[] beta = (variant & 2) == 0 ? null : random(n, 2f);
        float eps = 1e-5f;
        float[] out = random(oOff + n + 2, 1f);
        float[] expected = out.clone();
        float[] actual = out.clone();
        ScalarKernels.layerNorm(x, xOff, n, gamma, beta, eps, expected, oOff);
        VectorKernels.layerNorm(x, xOff, n, gamma, beta, eps, actual, oOff);
        assertGuards("layerNorm", out, actual, oOff, n);

        // out = x at the same offset must give the same numbers as a separate out
        float[] inPlace = x.clone();
        VectorKernels.layerNorm(inPlace, xOff, n, gamma, beta, eps, inPlace, xOff);

        double[] stats = meanStdMaxAbs(x, xOff, n, eps);
        for (int i = 0; i < n; i++) {
          double g = gamma == null ? 1 : Math.abs(gamma[i]);
          double bb = beta == null ? 0 : Math.abs(beta[i]);
          double z = Math.abs((x[xOff + i] - stats[0]) / stats[1]);
          // mean and variance are sums of n terms; their error moves z by ~γ_n·max|x|/σ
          double tol = 4 * (n + 4) * EPS * (z + stats[2] / stats[1]) * g + 4 * EPS * bb;
          String what = "layerNorm n=" + n + " variant " + variant + " i=" + i;
          assertClose(what, expected[oOff + i], actual[oOff + i], tol);
          assertEquals(actual[oOff + i], inPlace[xOff + i], 0f, what + " in place");
        }
      }
    }
  }

  /** Mean, sqrt(var + eps) and max|x|, in double: the mean's rounding error scales with max|x|. */
  private static double[] meanStdMaxAbs(float[] x, int off, int n, float eps) {
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += x[off + i];
    }
    mean /= n;
    double var = 0;
    double maxAbs = 0;
    for (int i = 0; i < n; i++) {
      double d = x[off + i] - mean;
      var += d * d;
      maxAbs = Math.max(maxAbs, Math.abs(x[off + i]));
    }
    return new double[] {mean, Math.sqrt(var / n + eps), maxAbs};
  }

  @Test
  void poolingMatchesScalarAndEmptyPoolIsZero() {
    int tableRows = 50;
    for (int dim : SIZES) {
      if (dim > 300) {
        continue;
      }
      float[] table = random(tableRows * dim, randomScale());
      for (int count : new int[] {0, 1, 2, 6, 13}) {
        int[] rows = new int[count + 2];
        for (int r = 0; r < rows.length; r++) {
          rows[r] = rnd.nextInt(tableRows);
        }
        int oOff = randomOffset();
        float[] out = random(oOff + dim + 2, 1f);
        for (boolean mean : new boolean[] {false, true}) {
          float[] expected = out.clone();
          float[] actual = out.clone();
          if (mean) {
            ScalarKernels.meanPool(table, dim, rows, count, expected, oOff);
            VectorKernels.meanPool(table, dim, rows, count, actual, oOff);
          } else {
            ScalarKernels.sumPool(table, dim, rows, count, expected, oOff);
            VectorKernels.sumPool(table, dim, rows, count, actual, oOff);
          }
          String what = (mean ? "meanPool" : "sumPool") + " dim=" + dim + " count=" + count;
          assertGuards(what, out, actual, oOff, dim);
          for (int j = 0; j < dim; j++) {
            if (count == 0) {
              assertEquals(0f, actual[oOff + j], 0f, what + " must be zeros");
              continue;
            }
            double abs = 0;
            for (int r = 0; r < count; r++) {
              abs += Math.abs(table[rows[r] * dim + j]);
            }
            double tol = sumTol(count, mean ? abs / count : abs) * (mean ? 1.5 : 1);
            assertClose(what + " j=" + j, expected[oOff + j], actual[oOff + j], tol);
          }
        }
      }
    }
  }
}
