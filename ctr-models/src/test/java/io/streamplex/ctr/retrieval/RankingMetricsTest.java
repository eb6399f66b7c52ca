package io.streamplex.ctr.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RankingMetricsTest {

  private static final double LOG2_3 = Math.log(3) / Math.log(2);
  private static final double LOG2_5 = Math.log(5) / Math.log(2);

  @Test
  void recallAndNdcgOnAHandComputedRanking() {
    int[] ranked = {3, 1, 4, 5, 9};
    int[] relevant = {1, 5, 7};
    // hits at ranks 2 and 4
    assertEquals(2.0 / 3, RankingMetrics.recallAtK(ranked, 5, relevant), 1e-12);
    double dcg = 1 / LOG2_3 + 1 / LOG2_5;
    double ideal = 1 + 1 / LOG2_3 + 0.5;
    assertEquals(dcg / ideal, RankingMetrics.ndcgAtK(ranked, 5, relevant), 1e-12);
    assertEquals(0.49819, RankingMetrics.ndcgAtK(ranked, 5, relevant), 1e-5);
    // only the first rank counts at k = 1: a miss
    assertEquals(0, RankingMetrics.recallAtK(ranked, 1, relevant));
    assertEquals(0, RankingMetrics.ndcgAtK(ranked, 1, relevant));
    // k = 2: one hit at rank 2; the ideal has min(2, 3) = 2 hits
    assertEquals(1.0 / 3, RankingMetrics.recallAtK(ranked, 2, relevant), 1e-12);
    assertEquals(
        (1 / LOG2_3) / (1 + 1 / LOG2_3), RankingMetrics.ndcgAtK(ranked, 2, relevant), 1e-12);
  }

  @Test
  void perfectRankingScoresOne() {
    int[] ranked = {7, 2, 0, 9};
    int[] relevant = {2, 7};
    assertEquals(1, RankingMetrics.recallAtK(ranked, 4, relevant));
    assertEquals(1, RankingMetrics.ndcgAtK(ranked, 4, relevant), 1e-12);
  }

  @Test
  void recallDividesByAllHeldOutItemsEvenBeyondK() {
    // 3 relevant, k = 2, both top items relevant: recall 2/3 (the paper's definition), NDCG 1
    int[] ranked = {4, 6};
    int[] relevant = {4, 6, 8};
    assertEquals(2.0 / 3, RankingMetrics.recallAtK(ranked, 2, relevant), 1e-12);
    assertEquals(1, RankingMetrics.ndcgAtK(ranked, 2, relevant), 1e-12);
  }

  @Test
  void topKSkipsExcludedItemsAndBreaksTiesByLowerIndex() {
    float[] scores = {0.5f, 0.9f, 0.9f, 0.1f, 0.7f, 0.9f};
    assertArrayEquals(new int[] {1, 2, 5}, RankingMetrics.topK(scores, 6, 3, new int[0]));
    assertArrayEquals(new int[] {2, 4, 0}, RankingMetrics.topK(scores, 6, 3, new int[] {1, 5}));
    // fewer candidates than k
    assertArrayEquals(new int[] {4, 3}, RankingMetrics.topK(scores, 6, 3, new int[] {0, 1, 2, 5}));
  }

  @Test
  void emptyRelevantSetIsAnError() {
    assertThrows(
        IllegalArgumentException.class,
        () -> RankingMetrics.recallAtK(new int[] {1}, 1, new int[0]));
  }
}
