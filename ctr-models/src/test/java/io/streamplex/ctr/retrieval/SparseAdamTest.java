package io.streamplex.ctr.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SparseAdamTest {

  @Test
  void firstTwoStepsMatchTheAdamFormulas() {
    SparseAdam adam = new SparseAdam(0.1f, 0.9f, 0.999f, 0f);
    float[] w = {1f, 1f};
    float[] slots = new float[4];
    adam.beginStep();
    adam.update(0, w, 0, new float[] {2f, -0.5f}, 0, 2, slots, 0);
    // step 1: m̂ = g, v̂ = g², so every weight moves by lr against the sign of its gradient
    assertEquals(0.9f, w[0], 1e-6);
    assertEquals(1.1f, w[1], 1e-6);
    adam.beginStep();
    adam.update(0, w, 0, new float[] {1f, -0.5f}, 0, 2, slots, 0);
    double m = 0.9 * 0.2 + 0.1 * 1;
    double v = 0.999 * 0.004 + 0.001 * 1;
    double expected = 0.9 - 0.1 * (m / (1 - 0.81)) / Math.sqrt(v / (1 - 0.999 * 0.999));
    assertEquals(expected, w[0], 1e-6);
    assertEquals(1.2f, w[1], 1e-6);
  }

  @Test
  void updateWithoutBeginStepIsAnError() {
    SparseAdam adam = SparseAdam.withDefaults(0.01f);
    assertThrows(
        IllegalStateException.class,
        () -> adam.update(0, new float[1], 0, new float[1], 0, 1, new float[2], 0));
  }
}
