package io.streamplex.ctr.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.ctr.data.EmbeddingSchema;
import io.streamplex.ctr.data.EncodedData;
import io.streamplex.ctr.data.SyntheticCtr;
import io.streamplex.schema.TrainingExample;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Fields with a low-rank table (V × k) and a k → width projection, as embedding compression. */
class LowRankFieldEmbeddingTest {

  private static final int WIDTH = 4;

  @Test
  void projectedLookupsMatchByHandAndGradientsMatchFiniteDifferences() {
    List<TrainingExample> examples = SyntheticCtr.generate(50, 3);
    EmbeddingSchema schema = EmbeddingSchema.fit(SyntheticCtr.FIELDS, examples);
    EncodedData data = EncodedData.encode(schema, examples);
    ParamStore store = new ParamStore(5);
    // user and tags (multi-valued, averaged) at rank 2, price (numeric) at rank 1
    int[] ranks = {2, 0, 0, 2, 1};
    FieldEmbedding emb = new FieldEmbedding(store, "emb.", schema, WIDTH, 0.5, 8, ranks);
    for (Param p : store.all()) {
      if (p.name.contains(".bias")) {
        // non-zero biases so the check covers them
        for (int i = 0; i < p.w.length; i++) {
          p.w[i] = 0.1f * (i + 1);
        }
      }
    }
    int[] index = {7, 3, 3, 20, 41, 0};
    int from = 1;
    int batch = 5;
    float[] out = emb.forward(data, index, from, batch);
    int fields = schema.fieldCount();
    for (int b = 0; b < batch; b++) {
      int e = index[from + b];
      for (int f = 0; f < fields; f++) {
        int k = ranks[f] > 0 ? ranks[f] : WIDTH;
        float[] table = emb.table(schema.tableOf(f, 0)).w;
        int base = e * schema.slotsPerExample() + schema.slotOffset(f);
        double[] pooled = new double[k];
        for (int j = 0; j < k; j++) {
          for (int v = 0; v < data.counts[e * fields + f]; v++) {
            pooled[j] += table[data.rows[base + v] * k + j];
          }
          pooled[j] *= data.factors[e * fields + f];
        }
        for (int i = 0; i < WIDTH; i++) {
          double expected;
          if (ranks[f] > 0) {
            expected = emb.projectionBias(f).w[i];
            for (int j = 0; j < k; j++) {
              expected += emb.projection(f).w[i * k + j] * pooled[j];
            }
          } else {
            expected = pooled[i];
          }
          assertEquals(expected, out[(b * fields + f) * WIDTH + i], 1e-5, "field " + f);
        }
      }
    }
    assertEquals(
        (long) schema.tableRows(0) * 2 + 2 * WIDTH + WIDTH,
        store.get("emb." + schema.tableName(0)).size()
            + store.get("emb.proj.user.weight").size()
            + store.get("emb.proj.user.bias").size());

    Random rnd = new Random(9);
    float[] r = GradCheck.gaussian(rnd, batch * emb.outDim(), 1);
    for (Param p : store.all()) {
      p.zeroGrad();
    }
    emb.forward(data, index, from, batch);
    emb.backward(r, batch);
    int checked = 0;
    for (Param p : store.all()) {
      checked +=
          GradCheck.compare(
              p.name,
              p.w,
              p.g.clone(),
              () -> GradCheck.weighted(emb.forward(data, index, from, batch), r, r.length),
              rnd,
              30);
    }
    assertTrue(checked > 80, "checked " + checked);
  }

  @Test
  void refusesARankWiderThanTheFieldOrASharedTable() {
    List<TrainingExample> examples = SyntheticCtr.generate(20, 3);
    EmbeddingSchema schema = EmbeddingSchema.fit(SyntheticCtr.FIELDS, examples);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new FieldEmbedding(
                    new ParamStore(1), "emb.", schema, WIDTH, 0.1, 4, new int[] {5, 0, 0, 0, 0}));
    assertTrue(
        e.getMessage().contains("field user: embedding rank 5 must be in [1, 4]"), e.getMessage());
  }
}
