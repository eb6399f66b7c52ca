package io.streamplex.embeddings.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.embeddings.strategy.Collisionless;
import io.streamplex.embeddings.strategy.EmbeddingStrategy;
import io.streamplex.embeddings.strategy.HashingTrick;
import io.streamplex.embeddings.strategy.UnifiedEmbedding;
import io.streamplex.embeddings.strategy.Vocabulary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddingMetricsTest {

  @Test
  void countsCollisionsRowsAndBytesPerFeature() {
    List<String> abc = List.of("a", "b", "c", "a", "", "NaN");
    Vocabulary v = Vocabulary.builder().add("a").add("b").add("c").build(1);
    // one hashed row: every value shares it
    HashingTrick oneRow = new HashingTrick("h", 2, 4, 0);
    Collisionless exact = new Collisionless("c", v, 4);
    List<EmbeddingMetrics.FeatureMetrics> m =
        EmbeddingMetrics.compute(List.of(oneRow, exact), Map.of("h", abc, "c", abc));
    EmbeddingMetrics.FeatureMetrics h = m.get(0);
    assertEquals(3, h.values(), "duplicates and missing values are left out");
    assertEquals(1.0, h.collisionRate());
    assertEquals(1.0, h.indistinguishableRate());
    assertEquals(1, h.rowsUsed());
    assertEquals(2, h.rowsAvailable());
    assertEquals(2 * 4 * 4, h.tableBytes());
    EmbeddingMetrics.FeatureMetrics c = m.get(1);
    assertEquals(0.0, c.collisionRate());
    assertEquals(3, c.rowsUsed());
    assertEquals(5, c.rowsAvailable());
    assertFalse(c.sharedTable());
  }

  @Test
  void sharedTableCollisionsCountAcrossFeatures() {
    // 2 hashed rows per sub-table and 1 sub-table: two features with one value each, four values
    // in all, must share rows across features.
    UnifiedEmbedding ue = new UnifiedEmbedding("u", 1, 3, 2, 1);
    EmbeddingStrategy f = ue.addFeature("f", 1);
    EmbeddingStrategy g = ue.addFeature("g", 1);
    List<EmbeddingMetrics.FeatureMetrics> m =
        EmbeddingMetrics.compute(List.of(f, g), Map.of("f", List.of("x", "y"), "g", List.of("z")));
    long sharing = m.stream().filter(x -> x.collisionRate() > 0).count();
    assertTrue(sharing >= 1, m.toString());
    assertTrue(m.get(0).sharedTable() && m.get(1).sharedTable());
    assertEquals(3 * 2 * 4, m.get(0).tableBytes());
    // f alone has 2 values in 2 rows: whether they collide with each other is the hash's call,
    // but with g's value added, 3 values in 2 rows means someone shares
    double total = m.get(0).collisionRate() * 2 + m.get(1).collisionRate();
    assertTrue(total >= 2, "at least two of the three values share a row: " + m);
  }
}
