package io.streamplex.embeddings.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.embeddings.hash.FeatureHasher;
import io.streamplex.embeddings.table.DenseEmbeddingTable;
import io.streamplex.embeddings.table.EmbeddingTable;
import io.streamplex.embeddings.table.SparseGradients;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StrategiesTest {

  static int[] rowsOf(EmbeddingStrategy s, String v) {
    int[] out = new int[s.lookups()];
    s.rows(v, out, 0);
    return out;
  }

  static Vocabulary vocab() {
    Vocabulary.Builder b = Vocabulary.builder();
    for (int i = 0; i < 5; i++) {
      b.add("a");
    }
    b.add("b").add("b").add("c").add("c").add("rare").add("").add((String) null).add("NaN");
    b.add(7L).add("7");
    return b.build(2);
  }

  @Test
  void vocabularyRanksByCountThenValueAndDropsMissingAndRare() {
    Vocabulary v = vocab();
    assertEquals(
        List.of("a", "7", "b", "c"), List.of(v.value(0), v.value(1), v.value(2), v.value(3)));
    assertEquals(4, v.size());
    assertEquals(5, v.count(0));
    assertEquals(-1, v.rank("rare"));
    assertEquals(1, v.rank(7L));
    assertEquals(v.rank("7"), v.rank(7L));
  }

  @Test
  void collisionlessGivesEveryValueItsOwnRowAfterMissingAndOov() {
    Collisionless s = new Collisionless("f", vocab(), 4);
    assertEquals(6, s.table().rows());
    assertEquals(0, rowsOf(s, null)[0]);
    assertEquals(0, rowsOf(s, "")[0]);
    assertEquals(0, rowsOf(s, "nan")[0]);
    assertEquals(Collisionless.OOV_ROW, rowsOf(s, "rare")[0]);
    assertEquals(Collisionless.OOV_ROW, rowsOf(s, "never")[0]);
    assertEquals(2, rowsOf(s, "a")[0]);
    int[] r = new int[1];
    s.rows(7L, r, 0);
    assertEquals(3, r[0]);
    Set<Integer> seen = new HashSet<>();
    for (String v : List.of("a", "7", "b", "c")) {
      seen.add(rowsOf(s, v)[0]);
    }
    assertEquals(Set.of(2, 3, 4, 5), seen);
  }

  @Test
  void hashingTrickStaysInRangeIsDeterministicAndSaltedByFeature() {
    HashingTrick a = new HashingTrick("a", 50, 4, 9);
    HashingTrick a2 = new HashingTrick("a", 50, 4, 9);
    HashingTrick b = new HashingTrick("b", 50, 4, 9);
    HashingTrick reseeded = new HashingTrick("a", 50, 4, 10);
    int differentFeature = 0;
    int differentSeed = 0;
    for (int i = 0; i < 1000; i++) {
      String v = "v" + i;
      int r = rowsOf(a, v)[0];
      assertTrue(r >= 1 && r < 50, "row " + r);
      assertEquals(r, rowsOf(a2, v)[0]);
      differentFeature += r != rowsOf(b, v)[0] ? 1 : 0;
      differentSeed += r != rowsOf(reseeded, v)[0] ? 1 : 0;
    }
    assertTrue(differentFeature > 900, "feature salt moves rows: " + differentFeature);
    assertTrue(differentSeed > 900, "seed moves rows: " + differentSeed);
    assertEquals(0, rowsOf(a, " ")[0]);
    assertThrows(IllegalArgumentException.class, () -> new HashingTrick("x", 1, 4, 0));
  }

  @Test
  void frequencyGivesFrequentValuesOwnRowsAndHashesTheRest() {
    FrequencyHashing s = new FrequencyHashing("f", vocab().top(2), 10, 4, 1);
    assertEquals(1, rowsOf(s, "a")[0]);
    assertEquals(2, rowsOf(s, "7")[0]);
    for (int i = 0; i < 200; i++) {
      int r = rowsOf(s, "x" + i)[0];
      assertTrue(r >= 3 && r < 10, "hashed row " + r);
    }
    assertEquals(0, rowsOf(s, null)[0]);
    FrequencyHashing half = FrequencyHashing.withCutoff("f", vocab(), 6, 0.5, 4, 1);
    assertEquals(3, half.frequent().size());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new FrequencyHashing("f", vocab(), 5, 4, 1));
    assertTrue(e.getMessage().contains("'f'"));
  }

  /** papers.md: UE concatenates chunks in chunk order with round-robin sub-tables. */
  @Test
  void unifiedEmbeddingPlacesChunksRoundRobinAndConcatenatesInChunkOrder() {
    UnifiedEmbedding ue = new UnifiedEmbedding("shared", 2, 100, 3, 2026);
    UnifiedEmbedding.Feature f0 = ue.addFeature("f0", 3);
    UnifiedEmbedding.Feature f1 = ue.addFeature("f1", 3);
    UnifiedEmbedding.Feature f2 = ue.addFeature("f2", 1);
    assertArrayEquals(new int[] {0, 1, 0}, ue.placement().get("f0"));
    assertArrayEquals(new int[] {1, 0, 1}, ue.placement().get("f1"));
    assertArrayEquals(new int[] {0}, ue.placement().get("f2"));
    assertEquals(9, f0.outputDim());
    assertEquals(new TableSpec("shared", 200, 3), ue.table());

    int[] rows = rowsOf(f1, "zip-02139");
    for (int j = 0; j < 3; j++) {
      int sub = f1.subTable(j);
      long h = new FeatureHasher("f1", 3, 2026).hash(j, "zip-02139");
      assertEquals(sub * 100 + 1 + FeatureHasher.bucket(h, 99), rows[j], "chunk " + j);
    }
    assertArrayEquals(new int[] {100, 0, 100}, rowsOf(f1, null));

    // Row r of the shared table holds (r, r, r): the embedding shows which row each chunk read.
    DenseEmbeddingTable table = new DenseEmbeddingTable("shared", 200, 3);
    for (int r = 0; r < 200; r++) {
      table.setRow(r, new float[] {r, r, r}, 0);
    }
    EmbeddingTable[] resolved = FieldEmbedder.resolve(f1, Map.of("shared", table));
    float[] out = new float[9];
    FieldEmbedder.forward(f1, resolved, rows, 0, out, 0);
    for (int j = 0; j < 3; j++) {
      for (int k = 0; k < 3; k++) {
        assertEquals(rows[j], out[3 * j + k], 0f, "chunk " + j);
      }
    }
    SparseGradients g = new SparseGradients(3);
    float[] grad = {1, 1, 1, 2, 2, 2, 3, 3, 3};
    FieldEmbedder.backward(f1, rows, 0, grad, 0, new SparseGradients[] {g, g, g});
    for (int j = 0; j < g.size(); j++) {
      int chunk = java.util.Arrays.asList(rows[0], rows[1], rows[2]).indexOf(g.row(j));
      assertEquals(chunk + 1, g.gradients()[3 * j], 0f);
    }
    assertThrows(IllegalArgumentException.class, () -> ue.addFeature("f0", 1));
    assertEquals(f2.subTable(0), 0);
  }

  @Test
  void unifiedChunksOfOneValueAreIndependent() {
    UnifiedEmbedding ue = new UnifiedEmbedding("u", 1, 1000, 4, 3);
    UnifiedEmbedding.Feature f = ue.addFeature("f", 2);
    UnifiedEmbedding.Feature g = ue.addFeature("g", 2);
    int same = 0;
    int sameAcrossFeatures = 0;
    for (int i = 0; i < 500; i++) {
      int[] r = rowsOf(f, "v" + i);
      same += r[0] == r[1] ? 1 : 0;
      sameAcrossFeatures += r[0] == rowsOf(g, "v" + i)[0] ? 1 : 0;
      int[] n = new int[2];
      f.rows((long) i, n, 0);
      assertArrayEquals(rowsOf(f, Integer.toString(i)), n);
    }
    assertTrue(same < 10, "chunks collide like independent hashes: " + same);
    assertTrue(sameAcrossFeatures < 10, "features are salted apart: " + sameAcrossFeatures);
  }

  @Test
  void sumAndMeanCombineAddRowsAndSplitTheGradient() {
    EmbeddingStrategy sum = twoLookups(Combine.SUM);
    EmbeddingStrategy mean = twoLookups(Combine.MEAN);
    DenseEmbeddingTable t = new DenseEmbeddingTable("t", 4, 2);
    t.setRow(1, new float[] {1, 2}, 0);
    t.setRow(3, new float[] {10, 20}, 0);
    int[] rows = {1, 3};
    float[] out = {7, 7, 7};
    FieldEmbedder.forward(sum, FieldEmbedder.resolve(sum, Map.of("t", t)), rows, 0, out, 1);
    assertArrayEquals(new float[] {7, 11, 22}, out);
    FieldEmbedder.forward(mean, FieldEmbedder.resolve(mean, Map.of("t", t)), rows, 0, out, 0);
    assertArrayEquals(new float[] {5.5f, 11, 22}, out);
    SparseGradients g = new SparseGradients(2);
    FieldEmbedder.backward(mean, rows, 0, new float[] {2, 4}, 0, new SparseGradients[] {g, g});
    assertArrayEquals(new float[] {1, 2, 1, 2}, java.util.Arrays.copyOf(g.gradients(), 4));
  }

  static EmbeddingStrategy twoLookups(Combine combine) {
    return new EmbeddingStrategy() {
      public String field() {
        return "x";
      }

      public String kind() {
        return "test";
      }

      public int lookups() {
        return 2;
      }

      public void rows(String value, int[] out, int off) {}

      public void rows(long value, int[] out, int off) {}

      public String tableId(int lookup) {
        return "t";
      }

      public List<TableSpec> tables() {
        return List.of(new TableSpec("t", 4, 2));
      }

      public int lookupDim(int lookup) {
        return 2;
      }

      public Combine combine() {
        return combine;
      }
    };
  }

  @Test
  void vocabularyRoundTrips(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("v.json");
    vocab().write(f);
    assertEquals(vocab(), Vocabulary.read(f));
    assertNotEquals(vocab(), vocab().top(2));
  }
}
