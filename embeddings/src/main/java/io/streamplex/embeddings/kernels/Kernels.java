package io.streamplex.embeddings.kernels;

import java.util.Locale;

/**
 * The hot float kernels every layer is built on. Each has a twin in {@link ScalarKernels} with the
 * same signature and semantics, which is its test oracle; results differ from the twin only by
 * float summation order. Matrices are row-major {@code float[]}.
 *
 * <p>The implementation is chosen once, when this class loads: {@link VectorKernels} ({@code
 * jdk.incubator.vector}, {@code FloatVector.SPECIES_PREFERRED}) when the JVM runs with {@code
 * --add-modules=jdk.incubator.vector}, else the scalar twins. The system property {@code
 * streamplex.kernels} overrides it: {@code scalar} forces the plain loops (to rule the Vector API
 * out while debugging), {@code vector} demands SIMD and fails at start-up without the module. The
 * choice is a static final, so the JIT folds the branch in every method away.
 *
 * <p>Aliasing: elementwise kernels may write over their input at the same offset (see each method);
 * other overlaps are unsupported. Out-of-range offsets throw {@link IndexOutOfBoundsException},
 * possibly after part of the output was written.
 */
public final class Kernels {

  /** System property that selects the implementation: {@code scalar}, {@code vector} or unset. */
  public static final String PROPERTY = "streamplex.kernels";

  static final String VECTOR_MODULE = "jdk.incubator.vector";

  private static final boolean VECTOR =
      selectVector(
          System.getProperty(PROPERTY), ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent());

  private Kernels() {}

  /**
   * Decides the implementation from the property value and whether the incubator module is in the
   * boot layer.
   *
   * @throws IllegalArgumentException for an unknown property value
   * @throws IllegalStateException if {@code vector} is demanded but the module is absent
   */
  static boolean selectVector(String property, boolean moduleAvailable) {
    if (property == null || property.isBlank()) {
      return moduleAvailable;
    }
    switch (property.trim().toLowerCase(Locale.ROOT)) {
      case "scalar":
        return false;
      case "vector":
        if (!moduleAvailable) {
          throw new IllegalStateException(
              "-D"
                  + PROPERTY
                  + "=vector but module "
                  + VECTOR_MODULE
                  + " is not loaded: start the JVM with --add-modules="
                  + VECTOR_MODULE);
        }
        return true;
      default:
        throw new IllegalArgumentException(
            "-D" + PROPERTY + " must be 'scalar' or 'vector', got '" + property + "'");
    }
  }

  /** Whether the Vector API path is in use. */
  public static boolean vectorized() {
    return VECTOR;
  }

  /** For logs and benchmark reports: e.g. {@code vector(16 lanes)} or {@code scalar}. */
  public static String implementation() {
    return VECTOR ? "vector(" + VectorKernels.lanes() + " lanes)" : "scalar";
  }

  /** Σ a[aOff+i]·b[bOff+i] for i in [0, n). */
  public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
    return VECTOR ? VectorKernels.dot(a, aOff, b, bOff, n) : ScalarKernels.dot(a, aOff, b, bOff, n);
  }

  /** y[yOff+i] += alpha·x[xOff+i]; x and y may be the same range. */
  public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
    if (VECTOR) {
      VectorKernels.axpy(alpha, x, xOff, y, yOff, n);
    } else {
      ScalarKernels.axpy(alpha, x, xOff, y, yOff, n);
    }
  }

  /** y[yOff + r] = Σ_c w[wOff + r·cols + c]·x[xOff + c]; y must not overlap w or x. */
  public static void matvec(
      float[] w, int wOff, int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
    if (VECTOR) {
      VectorKernels.matvec(w, wOff, rows, cols, x, xOff, y, yOff);
    } else {
      ScalarKernels.matvec(w, wOff, rows, cols, x, xOff, y, yOff);
    }
  }

  /**
   * One head of scaled dot-product self-attention over n tokens, added into y: y_i += Σ_j
   * softmax_j(scale·⟨q_i, k_j⟩)·v_j (softmax as {@link #softmax}). Row i of q, k, v and y starts at
   * {@code off + i·stride} and the head reads d floats of it, so that a head can be a column slice
   * of wider rows. {@code scratch} holds at least {@link Kernels#selfAttentionScratch} floats; its
   * contents afterwards are unspecified. y must not overlap q, k, v or scratch.
   */
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
    if (VECTOR) {
      VectorKernels.selfAttentionHead(q, k, v, y, off, stride, n, d, scale, scratch);
    } else {
      ScalarKernels.selfAttentionHead(q, k, v, y, off, stride, n, d, scale, scratch);
    }
  }

  /** Scratch floats {@link #selfAttentionHead} needs for n tokens of head width d. */
  public static int selfAttentionScratch(int n, int d) {
    return VECTOR
        ? VectorKernels.selfAttentionScratch(n, d)
        : ScalarKernels.selfAttentionScratch(n, d);
  }

  /** C (m × n) = A (m × k) · B (k × n); C overwritten, must not overlap A or B. */
  public static void matmul(float[] a, float[] b, float[] c, int m, int k, int n) {
    if (VECTOR) {
      VectorKernels.matmul(a, b, c, m, k, n);
    } else {
      ScalarKernels.matmul(a, b, c, m, k, n);
    }
  }

  /** C (m × n) = A (m × k) · Bᵀ with B stored n × k: a batch through a linear layer. */
  public static void matmulTransB(float[] a, float[] b, float[] c, int m, int k, int n) {
    if (VECTOR) {
      VectorKernels.matmulTransB(a, b, c, m, k, n);
    } else {
      ScalarKernels.matmulTransB(a, b, c, m, k, n);
    }
  }

  /** C (m × n) = Aᵀ · B with A stored k × m, B k × n: weight gradients δᵀ·X. C overwritten. */
  public static void matmulTransA(float[] a, float[] b, float[] c, int m, int k, int n) {
    if (VECTOR) {
      VectorKernels.matmulTransA(a, b, c, m, k, n);
    } else {
      ScalarKernels.matmulTransA(a, b, c, m, k, n);
    }
  }

  /** W (m × n at wOff) += alpha · x yᵀ; W must not overlap x or y. */
  public static void outerAdd(
      float alpha, float[] x, int xOff, int m, float[] y, int yOff, int n, float[] w, int wOff) {
    if (VECTOR) {
      VectorKernels.outerAdd(alpha, x, xOff, m, y, yOff, n, w, wOff);
    } else {
      ScalarKernels.outerAdd(alpha, x, xOff, m, y, yOff, n, w, wOff);
    }
  }

  /**
   * Numerically stable softmax in place. An all −∞ row becomes uniform; NaN or +∞ input gives NaN.
   * The SIMD path takes e^x from the kernels' own deterministic exponential (within 1.005 ulp; see
   * {@link VectorKernels#softmaxVectorExp}), or Math.exp with {@code
   * -Dstreamplex.kernels.exp=scalar}.
   */
  public static void softmax(float[] x, int off, int n) {
    if (VECTOR) {
      VectorKernels.softmax(x, off, n);
    } else {
      ScalarKernels.softmax(x, off, n);
    }
  }

  /** max(x, 0) in place; −0.0 and NaN pass through unchanged. */
  public static void relu(float[] x, int off, int n) {
    if (VECTOR) {
      VectorKernels.relu(x, off, n);
    } else {
      ScalarKernels.relu(x, off, n);
    }
  }

  /**
   * Logistic function in place; saturates to exactly 0 or 1. Exponential as in {@link #softmax}.
   */
  public static void sigmoid(float[] x, int off, int n) {
    if (VECTOR) {
      VectorKernels.sigmoid(x, off, n);
    } else {
      ScalarKernels.sigmoid(x, off, n);
    }
  }

  /**
   * out = (x − mean) / sqrt(var + eps) · gamma + beta over n elements; gamma and beta may be null
   * (identity) and are indexed from 0. out may alias x at the same offset.
   */
  public static void layerNorm(
      float[] x, int xOff, int n, float[] gamma, float[] beta, float eps, float[] out, int outOff) {
    if (VECTOR) {
      VectorKernels.layerNorm(x, xOff, n, gamma, beta, eps, out, outOff);
    } else {
      ScalarKernels.layerNorm(x, xOff, n, gamma, beta, eps, out, outOff);
    }
  }

  /** out[outOff .. outOff+dim) = Σ of table rows rows[0 .. count); zeros when count is 0. */
  public static void sumPool(
      float[] table, int dim, int[] rows, int count, float[] out, int outOff) {
    if (VECTOR) {
      VectorKernels.sumPool(table, dim, rows, count, out, outOff);
    } else {
      ScalarKernels.sumPool(table, dim, rows, count, out, outOff);
    }
  }

  /** Like {@link #sumPool} divided by count; zeros when count is 0. */
  public static void meanPool(
      float[] table, int dim, int[] rows, int count, float[] out, int outOff) {
    if (VECTOR) {
      VectorKernels.meanPool(table, dim, rows, count, out, outOff);
    } else {
      ScalarKernels.meanPool(table, dim, rows, count, out, outOff);
    }
  }

  /** Σ x[off+i] for i in [0, n). */
  public static float sum(float[] x, int off, int n) {
    return VECTOR ? VectorKernels.sum(x, off, n) : ScalarKernels.sum(x, off, n);
  }

  /** x *= alpha in place. */
  public static void scale(float alpha, float[] x, int off, int n) {
    if (VECTOR) {
      VectorKernels.scale(alpha, x, off, n);
    } else {
      ScalarKernels.scale(alpha, x, off, n);
    }
  }

  /** out = a + b; out may alias a or b at the same offset. */
  public static void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
    if (VECTOR) {
      VectorKernels.add(a, aOff, b, bOff, out, outOff, n);
    } else {
      ScalarKernels.add(a, aOff, b, bOff, out, outOff, n);
    }
  }

  /** out = a ⊙ b (elementwise product); out may alias a or b at the same offset. */
  public static void hadamard(
      float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
    if (VECTOR) {
      VectorKernels.hadamard(a, aOff, b, bOff, out, outOff, n);
    } else {
      ScalarKernels.hadamard(a, aOff, b, bOff, out, outOff, n);
    }
  }
}
