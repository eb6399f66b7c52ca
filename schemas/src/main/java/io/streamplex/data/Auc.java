package io.streamplex.data;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Exact ROC AUC: the Mann–Whitney U statistic with tied scores given their average rank, i.e. the
 * probability that a random positive scores above a random negative, counting ties as one half.
 */
public final class Auc {
  private Auc() {}

  /**
   * The AUC of {@code scores} against {@code labels}.
   *
   * @throws IllegalArgumentException if the lengths differ, a score is NaN, or one class is empty
   */
  public static double exact(double[] scores, boolean[] labels) {
    int n = scores.length;
    if (labels.length != n) {
      throw new IllegalArgumentException(n + " scores but " + labels.length + " labels");
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(scores[i])) {
        throw new IllegalArgumentException("score " + i + " is NaN");
      }
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    long positives = 0;
    double rankSumPositives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double averageRank = (i + j) / 2.0 + 1; // ranks i+1..j+1
      for (int k = i; k <= j; k++) {
        if (labels[order[k]]) {
          positives++;
          rankSumPositives += averageRank;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      throw new IllegalArgumentException(
          "AUC needs both classes; got "
              + positives
              + " positives and "
              + negatives
              + " negatives");
    }
    return (rankSumPositives - positives * (positives + 1) / 2.0)
        / ((double) positives * negatives);
  }
}
