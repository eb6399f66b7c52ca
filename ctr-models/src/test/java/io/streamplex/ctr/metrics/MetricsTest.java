package io.streamplex.ctr.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void perfectAndReversedRankings() {
    float[] s = {0.1f, 0.2f, 0.8f, 0.9f};
    boolean[] y = {false, false, true, true};
    assertEquals(1.0, Metrics.auc(s, y, 4), 0);
    boolean[] flipped = {true, true, false, false};
    assertEquals(0.0, Metrics.auc(s, flipped, 4), 0);
  }

  @Test
  void handComputedCaseWithoutTies() {
    // positives at 0.35 and 0.8; negatives at 0.1, 0.4, 0.9.
    // pairs (pos > neg): 0.35>0.1; 0.8>0.1, 0.8>0.4 → 3 of 6.
    float[] s = {0.1f, 0.4f, 0.35f, 0.8f, 0.9f};
    boolean[] y = {false, false, true, true, false};
    assertEquals(0.5, Metrics.auc(s, y, 5), 1e-15);
  }

  @Test
  void tiesBetweenClassesCountOneHalf() {
    // one positive and one negative share 0.5: that pair counts 1/2.
    // pos {0.5, 0.7}, neg {0.5, 0.2}: pairs 0.5~0.5 → .5, 0.5>0.2 → 1, 0.7>0.5 → 1, 0.7>0.2 → 1
    float[] s = {0.5f, 0.7f, 0.5f, 0.2f};
    boolean[] y = {true, true, false, false};
    assertEquals(3.5 / 4, Metrics.auc(s, y, 4), 1e-15);
    // all scores equal → 0.5 whatever the labels
    float[] same = {0.3f, 0.3f, 0.3f, 0.3f, 0.3f};
    boolean[] y2 = {true, false, false, true, false};
    assertEquals(0.5, Metrics.auc(same, y2, 5), 1e-15);
  }

  @Test
  void matchesQuadraticPairCountOnRandomScoresWithManyTies() {
    Random r = new Random(7);
    int n = 400;
    float[] s = new float[n];
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      s[i] = r.nextInt(20) / 20f;
      y[i] = r.nextDouble() < 0.3 + 0.4 * s[i];
    }
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (y[i] && !y[j]) {
          pairs++;
          wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
        }
      }
    }
    assertEquals(wins / pairs, Metrics.auc(s, y, n), 1e-12);
  }

  @Test
  void usesOnlyTheFirstNEntries() {
    float[] s = {0.9f, 0.1f, 0.0f};
    boolean[] y = {true, false, true};
    assertEquals(1.0, Metrics.auc(s, y, 2), 0);
  }

  @Test
  void aucRefusesOneClassAndNaN() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Metrics.auc(new float[] {0.1f, 0.2f}, new boolean[] {true, true}, 2));
    assertThrows(
        IllegalArgumentException.class,
        () -> Metrics.auc(new float[] {Float.NaN, 0.2f}, new boolean[] {true, false}, 2));
  }

  @Test
  void loglossHandComputedAndClipped() {
    float[] p = {0.8f, 0.25f};
    boolean[] y = {true, false};
    double expected = -(Math.log(0.8f) + Math.log(1 - 0.25f)) / 2;
    assertEquals(expected, Metrics.logloss(p, y, 2), 1e-12);
    // p = 0 for a positive would be infinite; clipping makes it −ln(1e-7)
    assertEquals(
        -Math.log(Metrics.LOGLOSS_EPS),
        Metrics.logloss(new float[] {0f}, new boolean[] {true}, 1),
        1e-9);
    assertEquals(
        -Math.log(Metrics.LOGLOSS_EPS),
        Metrics.logloss(new float[] {1f}, new boolean[] {false}, 1),
        1e-6);
  }
}
