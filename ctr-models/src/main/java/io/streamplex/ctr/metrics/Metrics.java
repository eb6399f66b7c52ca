package io.streamplex.ctr.metrics;

import java.util.Arrays;

/** Exact ranking and calibration metrics of a binary classifier. */
public final class Metrics {

  /** Predictions are clipped to [EPS, 1 − EPS] in logloss, as scikit-learn does. */
  public static final double LOGLOSS_EPS = 1e-7;

  private Metrics() {}

  /**
   * Exact area under the ROC curve by the rank-sum (Mann–Whitney) statistic. Tied scores get the
   * average of the ranks they span, so a tie between a positive and a negative counts one half,
   * exactly as the trapezoid rule over the ROC curve does.
   *
   * @throws IllegalArgumentException when lengths differ, a score is NaN, or one class is absent
   */
  public static double auc(float[] scores, boolean[] labels, int n) {
    checkLengths(scores.length, labels.length, n);
    Integer[] boxed = new Integer[n];
    for (int i = 0; i < n; i++) {
      if (Float.isNaN(scores[i])) {
        throw new IllegalArgumentException("AUC: score " + i + " is NaN");
      }
      boxed[i] = i;
    }
    Arrays.sort(boxed, (a, b) -> Float.compare(scores[a], scores[b]));
    long positives = 0;
    double positiveRankSum = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[boxed[j + 1]] == scores[boxed[i]]) {
        j++;
      }
      // ranks are 1-based; the group i..j shares the mean of ranks i+1 .. j+1
      double averageRank = (i + j + 2) / 2.0;
      for (int k = i; k <= j; k++) {
        if (labels[boxed[k]]) {
          positives++;
          positiveRankSum += averageRank;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      throw new IllegalArgumentException(
          "AUC is undefined with " + positives + " positives and " + negatives + " negatives");
    }
    return (positiveRankSum - positives * (positives + 1) / 2.0)
        / ((double) positives * (double) negatives);
  }

  /** Mean binary cross-entropy of probabilities p, each clipped to [EPS, 1 − EPS]. */
  public static double logloss(float[] p, boolean[] labels, int n) {
    checkLengths(p.length, labels.length, n);
    if (n == 0) {
      throw new IllegalArgumentException("logloss of zero examples");
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double q = p[i];
      if (Double.isNaN(q)) {
        throw new IllegalArgumentException("logloss: prediction " + i + " is NaN");
      }
      q = Math.min(Math.max(q, LOGLOSS_EPS), 1 - LOGLOSS_EPS);
      sum -= labels[i] ? Math.log(q) : Math.log(1 - q);
    }
    return sum / n;
  }

  private static void checkLengths(int scores, int labels, int n) {
    if (n < 0 || n > scores || n > labels) {
      throw new IllegalArgumentException(
          "n = " + n + " exceeds the " + scores + " scores or " + labels + " labels given");
    }
  }
}
