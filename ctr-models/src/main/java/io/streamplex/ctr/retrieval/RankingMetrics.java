package io.streamplex.ctr.retrieval;

import java.util.Arrays;

/**
 * Top-k retrieval metrics over a full ranking, as GraphHash (and LightGCN before it) reports them:
 * Recall@k = hits in the top k / number of held-out items; NDCG@k with binary relevance, DCG =
 * Σ_{hit at rank r} 1/log2(r + 1) (ranks from 1), divided by the ideal DCG of min(k, held-out)
 * hits.
 */
public final class RankingMetrics {

  private RankingMetrics() {}

  /**
   * The indices of the {@code k} highest scores, best first, skipping the sorted {@code excluded}
   * indices. Ties go to the lower index, so the ranking is deterministic.
   */
  public static int[] topK(float[] scores, int n, int k, int[] excluded) {
    int[] best = new int[k];
    float[] bestScore = new float[k];
    int size = 0;
    int ex = 0;
    for (int i = 0; i < n; i++) {
      while (ex < excluded.length && excluded[ex] < i) {
        ex++;
      }
      if (ex < excluded.length && excluded[ex] == i) {
        continue;
      }
      float s = scores[i];
      if (size == k && !(s > bestScore[k - 1])) {
        continue;
      }
      int p = size < k ? size++ : k - 1;
      // Strictly greater moves up, so an equal score stays behind the earlier (lower) index.
      while (p > 0 && s > bestScore[p - 1]) {
        best[p] = best[p - 1];
        bestScore[p] = bestScore[p - 1];
        p--;
      }
      best[p] = i;
      bestScore[p] = s;
    }
    return size == k ? best : Arrays.copyOf(best, size);
  }

  /** Hits in {@code ranked[0, k)} among the sorted {@code relevant} / |relevant|. */
  public static double recallAtK(int[] ranked, int k, int[] relevant) {
    if (relevant.length == 0) {
      throw new IllegalArgumentException("recall needs at least one relevant item");
    }
    int hits = 0;
    for (int r = 0; r < Math.min(k, ranked.length); r++) {
      if (Arrays.binarySearch(relevant, ranked[r]) >= 0) {
        hits++;
      }
    }
    return (double) hits / relevant.length;
  }

  /** NDCG@k with binary relevance; {@code relevant} sorted. */
  public static double ndcgAtK(int[] ranked, int k, int[] relevant) {
    if (relevant.length == 0) {
      throw new IllegalArgumentException("NDCG needs at least one relevant item");
    }
    double dcg = 0;
    for (int r = 0; r < Math.min(k, ranked.length); r++) {
      if (Arrays.binarySearch(relevant, ranked[r]) >= 0) {
        dcg += 1 / log2(r + 2);
      }
    }
    double ideal = 0;
    for (int r = 0; r < Math.min(k, relevant.length); r++) {
      ideal += 1 / log2(r + 2);
    }
    return dcg / ideal;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
