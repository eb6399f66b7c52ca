package io.streamplex.ctr.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.embeddings.strategy.EmbeddingStrategy;
import org.junit.jupiter.api.Test;

class ModuloHashingTest {

  @Test
  void integerIdsGoToOnePlusIdModBuckets() {
    ModuloHashing m = new ModuloHashing("item_id", 5, 8); // 4 buckets after the missing row
    int[] row = new int[1];
    m.rows("7", row, 0);
    assertEquals(1 + 7 % 4, row[0]);
    m.rows(8L, row, 0);
    assertEquals(1, row[0]);
    m.rows(-3L, row, 0);
    assertEquals(1 + Math.floorMod(-3, 4), row[0]);
    m.rows(" ", row, 0);
    assertEquals(EmbeddingStrategy.MISSING_ROW, row[0]);
    assertEquals(5, m.tables().get(0).rows());
  }

  @Test
  void nonIntegerIdsAndUnknownStrategiesAreClearErrors() {
    ModuloHashing m = new ModuloHashing("item_id", 5, 8);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> m.rows("abc", new int[1], 0));
    assertTrue(e.getMessage().contains("'abc'") && e.getMessage().contains("item_id"));
    IllegalArgumentException k =
        assertThrows(
            IllegalArgumentException.class, () -> RetrievalStrategies.Kind.parse("graph_hash"));
    assertTrue(k.getMessage().contains("graphhash"), k.getMessage());
    assertEquals(
        RetrievalStrategies.Kind.DOUBLEGRAPHHASH,
        RetrievalStrategies.Kind.parse("double-graphhash"));
  }
}
