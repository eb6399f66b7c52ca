package io.streamplex.benchmarks.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamplex.embeddings.strategy.Vocabulary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BudgetBenchTest {

  private static String run(long seed, double hashLargeValid, double hashAllValid) {
    String f = "\"fraction\":0.0625,\"seed\":" + seed + ",\"params\":3700,\"embeddingParams\":3500";
    return "{\"model\":\"fm\",\"seeds\":["
        + seed
        + "],\"budget\":[{\"perSeed\":["
        + "{\"strategy\":\"hashing large\","
        + f
        + ",\"auc\":0.79,\"validAuc\":"
        + hashLargeValid
        + "}]},{\"perSeed\":[{\"strategy\":\"hashing all\","
        + f
        + ",\"auc\":0.81,\"validAuc\":"
        + hashAllValid
        + "}]},{\"perSeed\":[{\"strategy\":\"unified all k=8 S=4\","
        + f
        + ",\"auc\":0.82,\"validAuc\":0.83}]}],\"graph\":[]}";
  }

  @Test
  void perSeedRunsMergeAndValidationNotTestPicksEachFamily(@TempDir Path dir) throws Exception {
    Path a = dir.resolve("a.json");
    Path b = dir.resolve("b.json");
    Files.writeString(a, "progress\n" + run(1, 0.80, 0.78) + "\n");
    Files.writeString(b, run(2, 0.82, 0.79) + "\n");
    ObjectNode merged = BudgetBench.merge(List.of(a, b));
    assertEquals("[1,2]", merged.get("seeds").toString());
    JsonNode sel = merged.get("selected").get(0);
    // "hashing all" has the better test AUC but the worse validation AUC: it must not be picked
    assertEquals("hashing large", sel.get("hashing").get("strategy").asText());
    assertEquals(2, sel.get("hashing").get("auc").get("n").asInt());
    assertEquals(0.81, sel.get("hashing").get("validAuc").asDouble(), 1e-12);
    assertEquals(0.82 - 0.79, sel.get("unifiedMinusHashing").asDouble(), 1e-12);
  }

  @Test
  void rowsFollowVocabularyPowerAndNeverExceedACollisionlessTable() {
    Vocabulary.Builder big = Vocabulary.builder();
    Vocabulary.Builder small = Vocabulary.builder();
    for (int i = 0; i < 400; i++) {
      big.add("b" + i);
    }
    for (int i = 0; i < 4; i++) {
      small.add("s" + i);
    }
    Map<String, Vocabulary> vocab = Map.of("big", big.build(1), "small", small.build(1));
    Map<String, Integer> full = Map.of("big", 402, "small", 6);
    // ∝ √size would give small 100 × 2/22 = 9 rows, more than its 6: the rest goes to big
    assertEquals(
        Map.of("big", 94, "small", 6),
        BudgetBench.allocate(100, List.of("big", "small"), full, vocab, 0.5));
    assertEquals(
        Map.of("big", 99, "small", 2),
        BudgetBench.allocate(100, List.of("big", "small"), full, vocab, 1.0));
    assertThrows(
        IllegalArgumentException.class,
        () -> BudgetBench.allocate(3, List.of("big", "small"), full, vocab, 1.0));
  }
}
