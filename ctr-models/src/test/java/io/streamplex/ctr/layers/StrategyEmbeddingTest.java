package io.streamplex.ctr.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.ctr.data.EmbeddingSchema;
import io.streamplex.ctr.data.EncodedData;
import io.streamplex.ctr.data.RowMapper;
import io.streamplex.ctr.data.StrategyRows;
import io.streamplex.ctr.data.SyntheticCtr;
import io.streamplex.embeddings.graph.BipartiteGraph;
import io.streamplex.embeddings.graph.GraphClustering;
import io.streamplex.embeddings.graph.GraphHashMap;
import io.streamplex.embeddings.graph.Side;
import io.streamplex.embeddings.strategy.DoubleGraphHash;
import io.streamplex.embeddings.strategy.GraphHash;
import io.streamplex.embeddings.strategy.HashingTrick;
import io.streamplex.embeddings.strategy.UnifiedEmbedding;
import io.streamplex.embeddings.strategy.UnseenPolicy;
import io.streamplex.schema.Feature;
import io.streamplex.schema.TrainingExample;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The trainer's embedding layer reading embeddings-module strategies: Unified Embedding fields
 * share one table and concatenate their chunks, DoubleGraphHash sums its two rows, and the
 * gradients of all of it match finite differences.
 */
class StrategyEmbeddingTest {

  private static final int WIDTH = 4;

  @Test
  void unifiedEmbeddingSharesOneTableAndDoubleGraphHashSumsWithExactGradients() {
    List<TrainingExample> examples = SyntheticCtr.generate(60, 5);
    UnifiedEmbedding ue = new UnifiedEmbedding("ue", 2, 7, WIDTH / 2, 11);
    BipartiteGraph.Builder g = BipartiteGraph.builder();
    for (TrainingExample e : examples) {
      g.add(value(e, "user"), value(e, "item"));
    }
    BipartiteGraph graph = g.build(false);
    GraphClustering.Config config = GraphClustering.Config.leiden(1.0, 42);
    GraphHashMap map = GraphHashMap.of(graph, config, GraphClustering.cluster(graph, config, null));
    Map<String, RowMapper> strategies =
        Map.of(
            "item",
            new StrategyRows(ue.addFeature("item", 2)),
            "tags",
            new StrategyRows(ue.addFeature("tags", 2)),
            "device",
            new StrategyRows(new HashingTrick("device", 3, WIDTH, 7)),
            "user",
            new StrategyRows(
                new DoubleGraphHash(
                    new GraphHash("user", map, Side.USER, UnseenPolicy.HASH, 0, WIDTH, 3))));
    EmbeddingSchema schema =
        EmbeddingSchema.fit(SyntheticCtr.FIELDS, examples).withMappers(strategies);
    int item = 1;
    int tags = 3;
    int user = 0;
    assertEquals(schema.tableOf(item, 0), schema.tableOf(tags, 0), "UE fields share one table");
    assertEquals(schema.tableOf(item, 1), schema.tableOf(tags, 1));
    assertTrue(schema.mapper(user).summed());
    // DoubleGraphHash reads its cluster row and its hash row from the same table
    assertEquals(schema.tableOf(user, 0), schema.tableOf(user, 1));
    EncodedData data = EncodedData.encode(schema, examples);
    ParamStore store = new ParamStore(5);
    FieldEmbedding emb = new FieldEmbedding(store, "emb.", schema, WIDTH, 0.5, 8);
    assertEquals(
        WIDTH / 2,
        emb.table(schema.tableOf(item, 0)).w.length / emb.table(schema.tableOf(item, 0)).rows());
    assertEquals(
        WIDTH,
        emb.table(schema.tableOf(user, 0)).w.length / emb.table(schema.tableOf(user, 0)).rows());
    int[] index = {4, 9, 9, 30, 51, 2};
    int from = 1;
    int batch = 5;
    float[] out = emb.forward(data, index, from, batch);
    int fields = schema.fieldCount();
    for (int b = 0; b < batch; b++) {
      int e = index[from + b];
      int base = e * schema.slotsPerExample();
      float itemFactor = data.factors[e * fields + item];
      // item: chunk 0 then chunk 1, each half the width, read from the shared table
      for (int c = 0; c < 2; c++) {
        float[] t = emb.table(schema.tableOf(item, c)).w;
        int row = data.rows[base + schema.slotOffset(item) + c];
        for (int i = 0; i < WIDTH / 2; i++) {
          assertEquals(
              t[row * (WIDTH / 2) + i] * itemFactor,
              out[(b * fields + item) * WIDTH + c * (WIDTH / 2) + i],
              1e-6);
        }
      }
      // user: cluster row + hash row, summed over the full width
      float[] t0 = emb.table(schema.tableOf(user, 0)).w;
      float[] t1 = emb.table(schema.tableOf(user, 1)).w;
      int r0 = data.rows[base + schema.slotOffset(user)];
      int r1 = data.rows[base + schema.slotOffset(user) + schema.field(user).maxValues()];
      for (int i = 0; i < WIDTH; i++) {
        assertEquals(
            t0[r0 * WIDTH + i] + t1[r1 * WIDTH + i], out[(b * fields + user) * WIDTH + i], 1e-6);
      }
    }
    Random rnd = new Random(9);
    float[] r = GradCheck.gaussian(rnd, batch * emb.outDim(), 1);
    for (Param p : store.all()) {
      p.zeroGrad();
    }
    emb.forward(data, index, from, batch);
    emb.backward(r, batch);
    int checked = 0;
    for (Param p : store.all()) {
      float[] analytic = p.g.clone();
      checked +=
          GradCheck.compare(
              p.name,
              p.w,
              analytic,
              () -> GradCheck.weighted(emb.forward(data, index, from, batch), r, r.length),
              rnd,
              30);
    }
    assertTrue(checked > 60, "checked " + checked);
  }

  private static String value(TrainingExample e, String field) {
    for (Feature f : e.getFeatures()) {
      if (f.getName().toString().equals(field)) {
        return f.getValues().get(0).toString();
      }
    }
    throw new AssertionError("no " + field);
  }
}
