package io.streamplex.ctr.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamplex.ctr.data.EmbeddingSchema;
import io.streamplex.ctr.data.EncodedData;
import io.streamplex.ctr.data.SyntheticCtr;
import io.streamplex.schema.TrainingExample;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FieldEmbeddingTest {

  @Test
  void pooledLookupsMatchTheTablesAndGradientsMatchFiniteDifferences() {
    List<TrainingExample> examples = SyntheticCtr.generate(50, 3);
    EmbeddingSchema schema = EmbeddingSchema.fit(SyntheticCtr.FIELDS, examples);
    EncodedData data = EncodedData.encode(schema, examples);
    ParamStore store = new ParamStore(5);
    int width = 4;
    FieldEmbedding emb = new FieldEmbedding(store, "emb.", schema, width, 0.5, 8);
    int[] index = {7, 3, 3, 20, 41, 0};
    int from = 1;
    int batch = 5;
    float[] out = emb.forward(data, index, from, batch);
    // by hand: example 3's "tags" field is the mean of its rows; "price" is scaled by its value
    int e = index[from];
    int fields = schema.fieldCount();
    for (int f = 0; f < fields; f++) {
      float[] table = emb.table(schema.tableOf(f, 0)).w;
      int base = e * schema.slotsPerExample() + schema.slotOffset(f);
      for (int i = 0; i < width; i++) {
        double s = 0;
        for (int v = 0; v < data.counts[e * fields + f]; v++) {
          s += table[data.rows[base + v] * width + i];
        }
        assertEquals(s * data.factors[e * fields + f], out[f * width + i], 1e-6);
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
      // the touched rows are exactly the rows with gradient
      boolean[] touched = new boolean[p.rows()];
      for (int i = 0; i < p.touchedCount(); i++) {
        touched[p.touchedRows()[i]] = true;
      }
      for (int row = 0; row < p.rows(); row++) {
        boolean nonZero = false;
        for (int i = 0; i < width; i++) {
          nonZero |= analytic[row * width + i] != 0f;
        }
        assertEquals(touched[row], nonZero, p.name + " row " + row);
      }
      checked +=
          GradCheck.compare(
              p.name,
              p.w,
              analytic,
              () -> GradCheck.weighted(emb.forward(data, index, from, batch), r, r.length),
              rnd,
              30);
    }
    assertEquals(true, checked > 50);
    // zeroGrad clears exactly the touched rows
    for (Param p : store.all()) {
      p.zeroGrad();
      for (float g : p.g) {
        assertEquals(0f, g);
      }
      assertEquals(0, p.touchedCount());
    }
  }
}
