package io.streamplex.embeddings.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The kernels' own exponential: accurate, defined at the edges, and the vector version equal bit
 * for bit to its scalar twin, which is what makes training deterministic across JIT tiers.
 */
class ExpTest {

  private static double ulpError(float got, double exact) {
    return Math.abs(got - exact) / Math.ulp((float) exact);
  }

  @Test
  void withinAboutOneUlpOfTheExactValueOverTheWholeNormalRange() {
    // every 29th float from e^x's smallest normal result up to its largest finite one: the
    // negative floats walk down in bits from -0 to -87.33, the positive ones up from 0 to 88.72
    double[] worst = new double[2];
    long checked = scan(Float.floatToIntBits(-0f), Float.floatToIntBits(-87.33f), worst);
    checked += scan(0, Float.floatToIntBits(88.72f), worst);
    assertTrue(checked > 30_000_000, "checked " + checked);
    assertTrue(worst[0] <= 1.1, "worst " + worst[0] + " ulp at x = " + worst[1]);
  }

  /** Largest ulp error over float bit patterns [fromBits, toBits) by 29: {error, x}. */
  private static long scan(int fromBits, int toBits, double[] worst) {
    long checked = 0;
    for (int bits = fromBits; bits < toBits; bits += 29) {
      float x = Float.intBitsToFloat(bits);
      double e = ulpError(ScalarKernels.expf(x), Math.exp(x));
      if (e > worst[0]) {
        worst[0] = e;
        worst[1] = x;
      }
      checked++;
    }
    return checked;
  }

  @Test
  void edgesFollowTheExponential() {
    assertEquals(1f, ScalarKernels.expf(0f));
    assertEquals(1f, ScalarKernels.expf(-0f));
    assertEquals(0f, ScalarKernels.expf(Float.NEGATIVE_INFINITY));
    assertEquals(0f, ScalarKernels.expf(-200f));
    assertEquals(Float.POSITIVE_INFINITY, ScalarKernels.expf(Float.POSITIVE_INFINITY));
    assertEquals(Float.POSITIVE_INFINITY, ScalarKernels.expf(88.73f));
    assertTrue(Float.isNaN(ScalarKernels.expf(Float.NaN)));
    // gradual underflow: subnormal results are close to exact, not flushed
    float sub = ScalarKernels.expf(-95f);
    assertTrue(sub > 0 && sub < Float.MIN_NORMAL, "e^-95 = " + sub);
    assertEquals(Math.exp(-95), sub, Math.ulp(sub) * 2);
  }

  @Test
  void theVectorExponentialEqualsItsScalarTwinBitForBit() {
    SplittableRandom rnd = new SplittableRandom(5);
    int lanes = VectorKernels.SPECIES.length();
    float[] x = new float[lanes * 4096];
    for (int i = 0; i < x.length; i++) {
      x[i] =
          switch (i % 7) {
            case 0 -> (float) (rnd.nextDouble() * 200 - 110); // the whole range and past its ends
            case 1 -> (float) (rnd.nextDouble() * 2 - 1);
            case 2 -> (float) -rnd.nextDouble(30); // softmax inputs: x − max ≤ 0
            default -> (float) (rnd.nextGaussian() * 8);
          };
    }
    float[] edges = {
      Float.NaN,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      -0f,
      0f,
      88.72f,
      88.73f,
      -87.33f,
      -103.9f,
      -105f,
      -106f,
      89f,
      Float.MIN_VALUE,
      -Float.MAX_VALUE,
      Float.MAX_VALUE
    };
    System.arraycopy(edges, 0, x, 0, edges.length);
    // x·a − b as softmax (a = 1, b = max) and sigmoid (a = −1) call it; odd lengths leave a tail
    float[][] ab = {{1f, 0f}, {1f, 3.5f}, {-1f, 0f}};
    for (float[] c : ab) {
      for (int len : new int[] {x.length, x.length - 5}) {
        float[] out = x.clone();
        VectorKernels.exp(out, 0, len, c[0], c[1]);
        for (int i = 0; i < len; i++) {
          assertEquals(
              Float.floatToIntBits(ScalarKernels.expf(x[i] * c[0] - c[1])),
              Float.floatToIntBits(out[i]),
              "x = " + x[i] + ", a = " + c[0] + ", b = " + c[1]);
        }
      }
    }
  }
}
