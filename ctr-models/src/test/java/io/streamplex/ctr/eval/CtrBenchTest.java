package io.streamplex.ctr.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamplex.ctr.data.DatasetFields;
import io.streamplex.ctr.data.EmbeddingSchema;
import io.streamplex.ctr.data.FieldSpec;
import io.streamplex.ctr.data.SyntheticCtr;
import io.streamplex.ctr.metrics.Metrics;
import io.streamplex.ctr.models.CtrModel;
import io.streamplex.ctr.models.ModelConfig;
import io.streamplex.data.CtrDataset;
import io.streamplex.data.Datasets;
import io.streamplex.data.ReadReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
  void ensembleAveragesItsMembersChosenRunsAndTrainsNoMemberTwice() throws Exception {
    ModelConfig fm = CtrBench.loadConfig("fm");
    ModelConfig lr = CtrBench.loadConfig("lr");
    for (ModelConfig c : List.of(fm, lr)) {
      c.embeddingDim = 4;
      c.batchSize = 128;
      c.maxEpochs = 3;
      c.optimizer.lr = 0.01;
    }
    CtrDataset data = synthetic();
    List<Long> seeds = List.of(1L, 2L);
    double[] grid = {0, 1e-3};
    Map<String, List<List<CtrBench.Scored>>> memo = new HashMap<>();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(log);
    JsonNode alone =
        CtrBench.benchmark(data, fm, seeds, CtrBench.Protocol.DEFAULT, grid, out, memo);
    JsonNode ens =
        CtrBench.benchmarkEnsemble(
            data, "fm+lr", List.of(fm, lr), seeds, CtrBench.Protocol.DEFAULT, grid, out, memo);

    // fm's four runs (2 L2 values × 2 seeds) were trained once, for both summaries
    assertEquals(4, log.toString().split("fm l2=", -1).length - 1, log.toString());
    assertEquals(4, log.toString().split("lr l2=", -1).length - 1, log.toString());
    assertEquals(alone.get("l2").asDouble(), ens.get("members").get(0).get("l2").asDouble());

    long parameters = 0;
    for (int s = 0; s < seeds.size(); s++) {
      float[] a =
          chosen(memo, fm, ens.get("members").get(0).get("l2").asDouble(), grid)
              .get(s)
              .testLogits();
      CtrBench.Scored lrRun =
          chosen(memo, lr, ens.get("members").get(1).get("l2").asDouble(), grid).get(s);
      float[] b = lrRun.testLogits();
      float[] mean = new float[a.length];
      for (int e = 0; e < a.length; e++) {
        mean[e] = (float) (((double) a[e] + b[e]) / 2);
      }
      // AUC of the probabilities, as every model is scored
      double expected = Metrics.auc(CtrModel.sigmoid(mean), lrRun.testLabels(), mean.length);
      assertEquals(expected, ens.get("perSeed").get(s).get("auc").asDouble(), 0);
      parameters = lrRun.run().parameters();
    }
    assertEquals(alone.get("parameters").asLong() + parameters, ens.get("parameters").asLong());
  }

  private static List<CtrBench.Scored> chosen(
      Map<String, List<List<CtrBench.Scored>>> memo, ModelConfig c, double l2, double[] grid) {
    return memo.get(c.toJson()).get(l2 == grid[0] ? 0 : 1);
  }

  @Test
  void anEnsembleIsNotLoadedAsOneModel() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CtrBench.loadConfig("fm+autoint-plus"));
    assertTrue(e.getMessage().contains("ensemble"), e.getMessage());
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
