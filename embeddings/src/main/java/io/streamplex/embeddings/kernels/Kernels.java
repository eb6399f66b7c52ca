package io.streamplex.embeddings.kernels;

/**
 * The hot float kernels every layer is built on. Each has a twin in {@link ScalarKernels} with the
 * same signature, which is its test oracle.
 *
 * <p>TODO(kernels): vectorise with jdk.incubator.vector; these delegate to the scalar twins until
 * then.
 */
public final class Kernels {

  private Kernels() {}

  public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
    return ScalarKernels.dot(a, aOff, b, bOff, n);
  }

  public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
    ScalarKernels.axpy(alpha, x, xOff, y, yOff, n);
  }

  public static void matvec(
      float[] w, int wOff, int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
    ScalarKernels.matvec(w, wOff, rows, cols, x, xOff, y, yOff);
  }

  public static void matmul(float[] a, float[] b, float[] c, int m, int k, int n) {
    ScalarKernels.matmul(a, b, c, m, k, n);
  }

  public static void matmulTransB(float[] a, float[] b, float[] c, int m, int k, int n) {
    ScalarKernels.matmulTransB(a, b, c, m, k, n);
  }

  public static void softmax(float[] x, int off, int n) {
    ScalarKernels.softmax(x, off, n);
  }

  public static void relu(float[] x, int off, int n) {
    ScalarKernels.relu(x, off, n);
  }

  public static void layerNorm(
      float[] x, int xOff, int n, float[] gamma, float[] beta, float eps, float[] out, int outOff) {
    ScalarKernels.layerNorm(x, xOff, n, gamma, beta, eps, out, outOff);
  }

  public static void sumPool(
      float[] table, int dim, int[] rows, int count, float[] out, int outOff) {
    ScalarKernels.sumPool(table, dim, rows, count, out, outOff);
  }

  public static void meanPool(
      float[] table, int dim, int[] rows, int count, float[] out, int outOff) {
    ScalarKernels.meanPool(table, dim, rows, count, out, outOff);
  }
}
