package io.streamplex.ctr.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Central finite differences of the scalar loss L = Σ r ⊙ output, compared with the hand-derived
 * backward pass. Forward passes run in float, the loss sums in double; tolerances allow for float
 * rounding of O(1e-7) relative in the outputs divided by the step.
 */
public final class GradCheck {

  static final double EPS = 4e-3;
  static final double RTOL = 3e-2;
  static final double ATOL = 2e-3;

  private GradCheck() {}

  public static float[] gaussian(Random r, int n, double scale) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (r.nextGaussian() * scale);
    }
    return x;
  }

  public static double weighted(float[] y, float[] r, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += (double) y[i] * r[i];
    }
    return s;
  }

  /** Checks the input gradient and every trainable parameter's gradient of a layer. */
  static void check(Layer layer, ParamStore store, int batch, long seed) {
    Random rnd = new Random(seed);
    float[] x = gaussian(rnd, batch * layer.inDim(), 1.0);
    float[] r = gaussian(rnd, batch * layer.outDim(), 1.0);
    int nOut = batch * layer.outDim();
    Supplier<Double> loss = () -> weighted(layer.forward(x, batch, true), r, nOut);

    for (Param p : store.all()) {
      p.zeroGrad();
    }
    layer.forward(x, batch, true);
    float[] dx = layer.backward(r, batch).clone();

    int checked = 0;
    checked += compare("input", x, dx, loss, rnd, 40);
    for (Param p : store.all()) {
      if (p.trainable()) {
        checked += compare(p.name, p.w, p.g.clone(), loss, rnd, 40);
      }
    }
    assertTrue(checked > 0, "nothing was checked");
  }

  static boolean close(double a, double b) {
    return Math.abs(a - b) <= ATOL + RTOL * Math.max(Math.abs(a), Math.abs(b));
  }

  static double centralDifference(float[] v, int i, double eps, Supplier<Double> loss) {
    float old = v[i];
    v[i] = (float) (old + eps);
    double up = loss.get();
    v[i] = (float) (old - eps);
    double down = loss.get();
    v[i] = old;
    return (up - down) / (2 * eps);
  }

  /** Perturbs up to {@code samples} random coordinates of v and compares with analytic[i]. */
  public static int compare(
      String what, float[] v, float[] analytic, Supplier<Double> loss, Random rnd, int samples) {
    int n = Math.min(samples, v.length);
    List<Integer> coords = new java.util.ArrayList<>();
    for (int i = 0; i < v.length; i++) {
      coords.add(i);
    }
    java.util.Collections.shuffle(coords, rnd);
    int kinks = 0;
    for (int s = 0; s < n; s++) {
      int i = coords.get(s);
      double numeric = centralDifference(v, i, EPS, loss);
      double finer = centralDifference(v, i, EPS / 4, loss);
      double a = analytic[i];
      if (close(a, numeric) || close(a, finer)) {
        continue;
      }
      // a ReLU kink within the larger step makes the two differences disagree; then neither is
      // a derivative. Agreeing differences that miss the analytic value are a wrong gradient.
      assertTrue(
          !close(numeric, finer),
          what + "[" + i + "]: analytic " + a + " vs finite difference " + numeric);
      kinks++;
    }
    assertTrue(kinks <= n / 5, what + ": " + kinks + " of " + n + " coordinates sit on a kink");
    loss.get();
    return n - kinks;
  }
}
