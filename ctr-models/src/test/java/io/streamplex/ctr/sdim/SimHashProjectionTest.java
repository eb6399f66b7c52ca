package io.streamplex.ctr.sdim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SimHashProjectionTest {

  @Test
  void splitMix64MatchesTheReferenceSequence() {
    // first outputs of the reference SplitMix64 (Vigna's splitmix64.c) from state 0
    SeededGaussian g = new SeededGaussian(0L);
    assertEquals(0xE220A8397B1DCDAFL, g.nextLong());
    assertEquals(0x6E789E6AA1B965F4L, g.nextLong());
    assertEquals(0x06C45D188009454FL, g.nextLong());
  }

  @Test
  void gaussianIsBoxMullerOfTheUniforms() {
    SeededGaussian uniforms = new SeededGaussian(42L);
    double u1 = ((uniforms.nextLong() >>> 11) + 1) * 0x1.0p-53;
    double u2 = ((uniforms.nextLong() >>> 11) + 1) * 0x1.0p-53;
    double r = StrictMath.sqrt(-2 * StrictMath.log(u1));
    SeededGaussian g = new SeededGaussian(42L);
    assertEquals(r * StrictMath.cos(2 * StrictMath.PI * u2), g.nextGaussian(), 0.0);
    assertEquals(r * StrictMath.sin(2 * StrictMath.PI * u2), g.nextGaussian(), 0.0);
  }

  @Test
  void gaussianHasUnitMomentsRoughly() {
    SeededGaussian g = new SeededGaussian(7L);
    int n = 200_000;
    double s = 0;
    double s2 = 0;
    for (int i = 0; i < n; i++) {
      double x = g.nextGaussian();
      s += x;
      s2 += x * x;
    }
    assertEquals(0.0, s / n, 0.01);
    assertEquals(1.0, s2 / n, 0.02);
  }

  /** Golden rule: bit (j, b) = [⟨x, R[:, j, b]⟩ &gt; 0], signature j = Σ_b bit·2^b. */
  @Test
  void signatureIsTheSignPatternOfTheProjections() {
    SimHashProjection p = new SimHashProjection(16, 6, 4, 123L);
    Random rnd = new Random(5);
    for (int trial = 0; trial < 200; trial++) {
      float[] x = new float[16];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) rnd.nextGaussian();
      }
      int[] sig = p.signatures(x);
      for (int j = 0; j < 6; j++) {
        int expected = 0;
        for (int b = 0; b < 4; b++) {
          double dot = 0;
          for (int i = 0; i < 16; i++) {
            dot += (double) x[i] * p.r(i, j, b);
          }
          expected += (dot > 0 ? 1 : 0) << b;
        }
        assertEquals(expected, sig[j], "signature " + j + " of trial " + trial);
        assertTrue(sig[j] >= 0 && sig[j] < p.buckets());
      }
    }
  }

  @Test
  void rIsDrawnRowByRowFromTheSeed() {
    SimHashProjection p = new SimHashProjection(3, 2, 2, 99L);
    SeededGaussian g = new SeededGaussian(99L);
    for (int j = 0; j < 2; j++) {
      for (int b = 0; b < 2; b++) {
        for (int i = 0; i < 3; i++) {
          assertEquals((float) g.nextGaussian(), p.r(i, j, b), 0f);
        }
      }
    }
  }

  @Test
  void serialisationRedrawsTheSameProjection() throws Exception {
    SimHashProjection p = new SimHashProjection(8, 4, 3, -17L);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(p);
    }
    SimHashProjection q;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      q = (SimHashProjection) in.readObject();
    }
    assertEquals(p, q);
    float[] x = {1, -2, 3, -4, 5, -6, 7, -8};
    assertArrayEquals(p.signatures(x), q.signatures(x));
    assertEquals(p.r(7, 3, 2), q.r(7, 3, 2), 0f);
    assertNotEquals(p, new SimHashProjection(8, 4, 3, -16L));
  }

  @Test
  void badShapesAreRejectedWithTheirName() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> new SimHashProjection(0, 4, 3, 1))
            .getMessage()
            .contains("dim"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> new SimHashProjection(8, 0, 3, 1))
            .getMessage()
            .contains("numHashes"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> new SimHashProjection(8, 4, 17, 1))
            .getMessage()
            .contains("bits"));
    SimHashProjection p = new SimHashProjection(8, 4, 3, 1);
    assertThrows(IllegalArgumentException.class, () -> p.signatures(new float[7]));
  }

  /**
   * The expected-collision kernel: one hyperplane agrees with probability 1 − θ/π, a τ-bit
   * signature with (1 − θ/π)^τ. Averaged over many signatures, a close vector collides with the
   * candidate far more often than an orthogonal one, at the predicted rates.
   */
  @Test
  void similarVectorsCollideMoreOftenThanOrthogonalOnes() {
    int d = 32;
    int m = 4000;
    int tau = 3;
    SimHashProjection p = new SimHashProjection(d, m, tau, 2024L);
    Random rnd = new Random(11);
    float[] q = new float[d];
    float[] noise = new float[d];
    for (int i = 0; i < d; i++) {
      q[i] = (float) rnd.nextGaussian();
      noise[i] = (float) rnd.nextGaussian();
    }
    float[] similar = new float[d];
    for (int i = 0; i < d; i++) {
      similar[i] = q[i] + 0.3f * noise[i];
    }
    // Gram–Schmidt: the part of noise orthogonal to q
    double qq = 0;
    double qn = 0;
    for (int i = 0; i < d; i++) {
      qq += q[i] * q[i];
      qn += q[i] * noise[i];
    }
    float[] orthogonal = new float[d];
    for (int i = 0; i < d; i++) {
      orthogonal[i] = (float) (noise[i] - qn / qq * q[i]);
    }
    double simRate = collisionRate(p, q, similar);
    double orthRate = collisionRate(p, q, orthogonal);
    double predictedSim = Math.pow(1 - angle(q, similar) / Math.PI, tau);
    double predictedOrth = Math.pow(0.5, tau);
    assertEquals(predictedSim, simRate, 0.03, "close pair");
    assertEquals(predictedOrth, orthRate, 0.02, "orthogonal pair");
    assertTrue(simRate > 3 * orthRate, simRate + " vs " + orthRate);
  }

  private static double collisionRate(SimHashProjection p, float[] a, float[] b) {
    int[] sa = p.signatures(a);
    int[] sb = p.signatures(b);
    int same = 0;
    for (int j = 0; j < sa.length; j++) {
      same += sa[j] == sb[j] ? 1 : 0;
    }
    return (double) same / sa.length;
  }

  private static double angle(float[] a, float[] b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      ab += a[i] * b[i];
      aa += a[i] * a[i];
      bb += b[i] * b[i];
    }
    return Math.acos(ab / Math.sqrt(aa * bb));
  }
}
