package io.streamplex.ctr.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.api.Test;

class LowRankCompressorTest {

  private static final int IN = 12;
  private static final int OUT = 9;
  private static final int N = 500;

  /** A layer with a decaying output spectrum: inputs x = A z with z of decreasing scale. */
  private static float[] inputs(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[N * IN];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) ((r.nextDouble() * 2 - 1) * Math.pow(0.6, i % IN) + 0.3);
    }
    return x;
  }

  private static float[] randomFloats(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return w;
  }

  private static double[] affine(float[] w, float[] b, int out, int in, float[] x, int row) {
    double[] y = new double[out];
    for (int o = 0; o < out; o++) {
      double s = b[o];
      for (int i = 0; i < in; i++) {
        s += (double) w[o * in + i] * x[row * in + i];
      }
      y[o] = s;
    }
    return y;
  }

  private static float[] outputs(float[] w, float[] b, float[] x) {
    float[] y = new float[N * OUT];
    for (int n = 0; n < N; n++) {
      double[] yn = affine(w, b, OUT, IN, x, n);
      for (int o = 0; o < OUT; o++) {
        y[n * OUT + o] = (float) yn[o];
      }
    }
    return y;
  }

  private static double[] factorOutput(LowRankCompressor.Factors f, float[] x, int row) {
    double[] h = affine(f.w1(), f.b1(), f.rank(), IN, x, row);
    float[] hf = new float[f.rank()];
    for (int j = 0; j < hf.length; j++) {
      hf[j] = (float) h[j];
    }
    return affine(f.w2(), f.b2(), OUT, f.rank(), hf, 0);
  }

  private static Calibration calibrated(float[] y) {
    Calibration cal = new Calibration(OUT);
    cal.add(y, N);
    return cal;
  }

  @Test
  void factorsWithoutActivationAreTheRankKPcaProjectionOfTheOutputs() {
    float[] w = randomFloats(OUT * IN, 1);
    float[] b = randomFloats(OUT, 2);
    float[] x = inputs(3);
    float[] y = outputs(w, b, x);
    Calibration cal = calibrated(y);
    int k = 3;
    LowRankCompressor.Factors f =
        LowRankCompressor.compress(w, b, OUT, IN, cal, LowRankCompressor.RankRule.ofRank(k));
    assertEquals(k, f.rank());

    // Independent route to U_k: SVD of the centred data matrix instead of eig of the covariance.
    double[] mu = new double[OUT];
    for (int n = 0; n < N; n++) {
      for (int o = 0; o < OUT; o++) {
        mu[o] += y[n * OUT + o] / (double) N;
      }
    }
    DMatrixRMaj centred = new DMatrixRMaj(N, OUT);
    for (int n = 0; n < N; n++) {
      for (int o = 0; o < OUT; o++) {
        centred.set(n, o, y[n * OUT + o] - mu[o]);
      }
    }
    SingularValueDecomposition_F64<DMatrixRMaj> svd =
        DecompositionFactory_DDRM.svd(N, OUT, false, true, false);
    assertTrue(svd.decompose(centred));
    double[] s = svd.getSingularValues();
    DMatrixRMaj v = svd.getV(null, false);
    Integer[] order = new Integer[OUT];
    for (int i = 0; i < OUT; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, c) -> Double.compare(s[c], s[a]));
    DMatrixRMaj uk = new DMatrixRMaj(OUT, k);
    for (int j = 0; j < k; j++) {
      for (int o = 0; o < OUT; o++) {
        uk.set(o, j, v.get(o, order[j]));
      }
    }
    DMatrixRMaj projector = new DMatrixRMaj(OUT, OUT);
    CommonOps_DDRM.multTransB(uk, uk, projector);

    double maxErr = 0;
    double maxDropped = 0;
    for (int n = 0; n < N; n++) {
      double[] got = factorOutput(f, x, n);
      for (int o = 0; o < OUT; o++) {
        double want = mu[o];
        for (int p = 0; p < OUT; p++) {
          want += projector.get(o, p) * (y[n * OUT + p] - mu[p]);
        }
        maxErr = Math.max(maxErr, Math.abs(got[o] - want));
        maxDropped = Math.max(maxDropped, Math.abs(y[n * OUT + o] - want));
      }
    }
    assertTrue(maxErr < 1e-4, "factors differ from the PCA projection by " + maxErr);
    // The projection really drops something, so the comparison above is not trivially y = y.
    assertTrue(maxDropped > 1e-2, "rank 3 should not reproduce a rank-9 output: " + maxDropped);
  }

  @Test
  void fullRankReproducesTheLayer() {
    float[] w = randomFloats(OUT * IN, 4);
    float[] b = randomFloats(OUT, 5);
    float[] x = inputs(6);
    float[] y = outputs(w, b, x);
    Calibration cal = calibrated(y);
    LowRankCompressor.Factors f =
        LowRankCompressor.compress(w, b, OUT, IN, cal, LowRankCompressor.RankRule.ofRank(OUT));
    for (int n = 0; n < N; n++) {
      double[] got = factorOutput(f, x, n);
      for (int o = 0; o < OUT; o++) {
        assertEquals(y[n * OUT + o], got[o], 1e-4, "output " + o + " of example " + n);
      }
    }
    assertEquals(1.0, f.retainedVariance(), 1e-12);
  }

  @Test
  void varianceRuleFindsTheSubspaceOfLowRankOutputs() {
    // W of rank 2: the centred outputs live in a 2-dimensional subspace.
    float[] a = randomFloats(OUT * 2, 7);
    float[] c = randomFloats(2 * IN, 8);
    float[] w = new float[OUT * IN];
    for (int o = 0; o < OUT; o++) {
      for (int i = 0; i < IN; i++) {
        w[o * IN + i] = a[o * 2] * c[i] + a[o * 2 + 1] * c[IN + i];
      }
    }
    float[] b = randomFloats(OUT, 9);
    float[] x = inputs(10);
    Calibration cal = calibrated(outputs(w, b, x));
    LowRankCompressor.Factors f =
        LowRankCompressor.compress(
            w, b, OUT, IN, cal, LowRankCompressor.RankRule.ofVariance(0.999999));
    assertEquals(2, f.rank());
    float[] y = outputs(w, b, x);
    for (int n = 0; n < N; n += 7) {
      double[] got = factorOutput(f, x, n);
      for (int o = 0; o < OUT; o++) {
        assertEquals(y[n * OUT + o], got[o], 1e-4);
      }
    }
  }

  @Test
  void mergedCalibrationsEqualOneOverAllData() {
    float[] y = randomFloats(N * OUT, 11);
    Calibration whole = new Calibration(OUT);
    whole.add(y, N);
    Calibration first = new Calibration(OUT);
    first.add(java.util.Arrays.copyOfRange(y, 0, 200 * OUT), 200);
    Calibration second = new Calibration(OUT);
    second.add(java.util.Arrays.copyOfRange(y, 200 * OUT, N * OUT), N - 200);
    first.merge(second);
    assertEquals(N, first.count());
    assertArrayEquals(whole.mean(), first.mean(), 1e-12);
    assertArrayEquals(whole.covariance().data, first.covariance().data, 1e-12);
    double[] spectrum = LowRankCompressor.spectrum(whole);
    for (int i = 1; i < spectrum.length; i++) {
      assertTrue(spectrum[i - 1] >= spectrum[i]);
    }
  }

  @Test
  void badInputIsRefusedWithAClearMessage() {
    Calibration cal = new Calibration(OUT);
    assertTrue(
        assertThrows(IllegalStateException.class, cal::mean).getMessage().contains("no data"));
    float[] nan = new float[OUT];
    nan[3] = Float.NaN;
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> cal.add(nan, 1))
            .getMessage()
            .contains("non-finite"));
    cal.add(randomFloats(N * OUT, 12), N);
    float[] w = randomFloats(OUT * IN, 13);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            LowRankCompressor.compress(
                w, null, OUT, IN, cal, LowRankCompressor.RankRule.ofRank(OUT + 1)));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            LowRankCompressor.compress(
                w, null, IN, OUT, cal, LowRankCompressor.RankRule.ofRank(2)));
    assertThrows(IllegalArgumentException.class, () -> new LowRankCompressor.RankRule(2, 0.9));
    assertThrows(IllegalArgumentException.class, () -> cal.merge(new Calibration(OUT + 1)));
  }
}
