package io.streamplex.ctr.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamplex.ctr.data.DatasetFields;
import io.streamplex.ctr.data.EmbeddingSchema;
import io.streamplex.ctr.data.FieldSpec;
import io.streamplex.ctr.data.SyntheticCtr;
import io.streamplex.ctr.models.ModelConfig;
import io.streamplex.data.CtrDataset;
import io.streamplex.data.Datasets;
import io.streamplex.data.ReadReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class CtrBenchTest {

  private static CtrDataset synthetic() {
    List<io.streamplex.data.FieldSpec> fields =
        List.of(
            io.streamplex.data.FieldSpec.categorical(
                "user", io.streamplex.data.FieldSpec.Side.USER),
            io.streamplex.data.FieldSpec.categorical(
                "item", io.streamplex.data.FieldSpec.Side.ITEM),
            io.streamplex.data.FieldSpec.categorical(
                "device", io.streamplex.data.FieldSpec.Side.CONTEXT),
            io.streamplex.data.FieldSpec.multi("tags", io.streamplex.data.FieldSpec.Side.ITEM),
            io.streamplex.data.FieldSpec.numeric("price", io.streamplex.data.FieldSpec.Side.ITEM));
    return new CtrDataset("syn", fields, SyntheticCtr.generate(3000, 5), new ReadReport());
  }

  @Test
  void benchmarkChoosesTheL2ByValidationAndSummarisesSeeds() throws Exception {
    ModelConfig c = CtrBench.loadConfig("fm");
    c.embeddingDim = 4;
    c.batchSize = 128;
    c.maxEpochs = 4;
    c.optimizer.lr = 0.01;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    JsonNode m =
        CtrBench.benchmark(
            synthetic(),
            c,
            List.of(1L, 2L),
            "random",
            new double[] {0, 1e-3},
            new PrintStream(log));
    assertEquals("fm", m.get("name").asText());
    assertEquals(2, m.get("perSeed").size());
    assertEquals(2, m.get("grid").size());
    double chosen = m.get("l2").asDouble();
    JsonNode grid = m.get("grid");
    double best =
        Math.max(grid.get(0).get("validAuc").asDouble(), grid.get(1).get("validAuc").asDouble());
    double chosenValid = grid.get(chosen == 0 ? 0 : 1).get("validAuc").asDouble();
    assertEquals(best, chosenValid, 0);
    double a = m.get("perSeed").get(0).get("auc").asDouble();
    double b = m.get("perSeed").get(1).get("auc").asDouble();
    assertEquals((a + b) / 2, m.get("auc").get("mean").asDouble(), 1e-12);
    assertEquals(Math.abs(a - b) / Math.sqrt(2), m.get("auc").get("std").asDouble(), 1e-12);
    assertTrue(a > 0.6 && b > 0.6, a + " " + b);
    assertTrue(log.toString().contains("chosen l2"));
  }

  @Test
  void unknownConfigNameIsAClearError() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CtrBench.loadConfig("no-such-model"));
    assertTrue(e.getMessage().contains("no-such-model") && e.getMessage().contains("autoint-plus"));
  }

  @Test
  void movieLens100kFieldsAndVocabulary() throws Exception {
    Assumptions.assumeTrue(
        Datasets.get("movielens-100k").available(),
        "movielens-100k is not staged under ../shared/datasets; skipping");
    CtrDataset d = Datasets.get("movielens-100k").ctr();
    assertEquals(72_855, d.size());
    List<FieldSpec> fields = DatasetFields.of(d, FieldSpec.Transform.MIN_MAX);
    assertEquals(
        List.of(
            "user_id", "item_id", "gender", "age", "occupation", "zip", "genres", "release_year"),
        fields.stream().map(FieldSpec::name).toList());
    FieldSpec genres = fields.get(6);
    assertEquals(FieldSpec.Kind.MULTI, genres.kind());
    assertEquals(6, genres.maxValues());
    EmbeddingSchema schema = EmbeddingSchema.fit(fields, d.examples());
    // 943 users and 2 gender values, each + the OOV and missing rows
    assertEquals(943 + 2, schema.tableRows(0));
    assertEquals(2 + 2, schema.tableRows(2));
  }
}
