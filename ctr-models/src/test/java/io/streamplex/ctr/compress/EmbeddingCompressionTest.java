package io.streamplex.ctr.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.ctr.data.EmbeddingSchema;
import io.streamplex.ctr.data.EncodedData;
import io.streamplex.ctr.data.Splits;
import io.streamplex.ctr.data.SyntheticCtr;
import io.streamplex.ctr.layers.FieldEmbedding;
import io.streamplex.ctr.models.CtrModel;
import io.streamplex.ctr.models.ModelConfig;
import io.streamplex.ctr.train.Trainer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddingCompressionTest {

  private static final int WIDTH = 6;
  private static EncodedData train;
  private static EncodedData valid;
  private static CtrModel model;

  @BeforeAll
  static void trainSmallAutoIntPlus() {
    Splits.Split s = Splits.random(SyntheticCtr.generate(3000, 1), 3, 0.8, 0.1);
    EmbeddingSchema schema = EmbeddingSchema.fit(SyntheticCtr.FIELDS, s.train());
    train = EncodedData.encode(schema, s.train());
    valid = EncodedData.encode(schema, s.valid());
    ModelConfig c =
        ModelConfig.parse(
            "{\"type\": \"AUTOINT_PLUS\", \"embeddingDim\": "
                + WIDTH
                + ", \"attention\": {\"layers\": 1, \"heads\": 1, \"headDim\": 4},"
                + " \"dnn\": {\"hidden\": [16, 16]}, \"batchSize\": 128,"
                + " \"maxEpochs\": 2, \"patience\": 2, \"optimizer\": {\"lr\": 0.01}}");
    model = new Trainer(c).fit(train, valid).model();
  }

  private static int field(String name) {
    for (int f = 0; f < model.schema().fieldCount(); f++) {
      if (model.schema().field(f).name().equals(name)) {
        return f;
      }
    }
    throw new AssertionError(name);
  }

  /** One field's outputs over all of data, n × width. */
  private static double[][] fieldOutputs(CtrModel m, EncodedData data, int f) {
    FieldEmbedding emb = m.embedding().orElseThrow();
    double[][] y = new double[data.size][WIDTH];
    for (int from = 0; from < data.size; from += m.maxBatch()) {
      int batch = Math.min(m.maxBatch(), data.size - from);
      float[] out = emb.forward(data, null, from, batch);
      for (int b = 0; b < batch; b++) {
        for (int i = 0; i < WIDTH; i++) {
          y[from + b][i] = out[b * emb.outDim() + f * WIDTH + i];
        }
      }
    }
    return y;
  }

  @Test
  void compressedFieldsGiveTheRankKPcaProjectionOfTheirLookups() {
    // two categorical fields and a multi-valued (averaged) one
    List<String> names = List.of("item", "tags", "user");
    Map<String, Calibration> cal =
        EmbeddingCompression.calibrate(model, train, names, Integer.MAX_VALUE);
    int k = 2;
    Map<String, LowRankCompressor.RankRule> rules = new LinkedHashMap<>();
    for (String n : names) {
      rules.put(n, LowRankCompressor.RankRule.ofRank(k));
    }
    EmbeddingCompression.Result r = EmbeddingCompression.compress(model, cal, rules);
    assertEquals(3, r.fields().size(), "skipped: " + r.skipped());
    for (String n : names) {
      int f = field(n);
      double[][] y = fieldOutputs(model, train, f);
      double[][] got = fieldOutputs(r.model(), train, f);
      double[][] expected = pcaProjection(y, k);
      double worst = 0;
      for (int e = 0; e < y.length; e++) {
        for (int i = 0; i < WIDTH; i++) {
          worst = Math.max(worst, Math.abs(got[e][i] - expected[e][i]));
        }
      }
      assertTrue(worst < 2e-5, n + ": largest difference from the PCA projection " + worst);
      // and the projection is a real approximation, not the identity
      double moved = 0;
      for (int e = 0; e < y.length; e++) {
        for (int i = 0; i < WIDTH; i++) {
          moved = Math.max(moved, Math.abs(got[e][i] - y[e][i]));
        }
      }
      assertTrue(moved > 1e-4, n + ": rank " + k + " of " + WIDTH + " changed nothing");
    }
  }

  /** U_kU_kᵀ(y − μ) + μ, U_k from the SVD of the centred outputs (not the covariance's eigen). */
  private static double[][] pcaProjection(double[][] y, int k) {
    int n = y.length;
    double[] mu = new double[WIDTH];
    for (double[] row : y) {
      for (int i = 0; i < WIDTH; i++) {
        mu[i] += row[i] / n;
      }
    }
    DMatrixRMaj centred = new DMatrixRMaj(n, WIDTH);
    for (int e = 0; e < n; e++) {
      for (int i = 0; i < WIDTH; i++) {
        centred.set(e, i, y[e][i] - mu[i]);
      }
    }
    SingularValueDecomposition_F64<DMatrixRMaj> svd =
        DecompositionFactory_DDRM.svd(n, WIDTH, false, true, false);
    assertTrue(svd.decompose(centred));
    double[] s = svd.getSingularValues();
    DMatrixRMaj v = svd.getV(null, false);
    Integer[] order = new Integer[WIDTH];
    for (int i = 0; i < WIDTH; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, c) -> Double.compare(s[c], s[a]));
    double[][] out = new double[n][WIDTH];
    for (int e = 0; e < n; e++) {
      for (int j = 0; j < k; j++) {
        double proj = 0;
        for (int i = 0; i < WIDTH; i++) {
          proj += v.get(i, order[j]) * centred.get(e, i);
        }
        for (int i = 0; i < WIDTH; i++) {
          out[e][i] += v.get(i, order[j]) * proj;
        }
      }
      for (int i = 0; i < WIDTH; i++) {
        out[e][i] += mu[i];
      }
    }
    return out;
  }

  @Test
  void fullRankKeepsPredictionsAndCountsParameters() {
    List<String> names = List.of("user", "item");
    Map<String, Calibration> cal =
        EmbeddingCompression.calibrate(model, train, names, Integer.MAX_VALUE);
    Map<String, LowRankCompressor.RankRule> rules = new LinkedHashMap<>();
    rules.put("user", LowRankCompressor.RankRule.ofRank(WIDTH));
    rules.put("item", LowRankCompressor.RankRule.ofVariance(1.0));
    EmbeddingCompression.Result r = EmbeddingCompression.compress(model, cal, rules);
    // a full-rank V × 6 table plus a 6 × 6 projection is larger than the table: kept full
    assertEquals(List.of(), r.fields());
    assertEquals(2, r.skipped().size());

    rules.put("user", LowRankCompressor.RankRule.ofRank(WIDTH - 1));
    rules.put("item", LowRankCompressor.RankRule.ofRank(WIDTH - 1));
    r = EmbeddingCompression.compress(model, cal, rules);
    assertEquals(2, r.fields().size());
    long saved = 0;
    for (EmbeddingCompression.FieldReport f : r.fields()) {
      assertEquals((long) f.rows() * WIDTH, f.before());
      assertEquals((long) f.rows() * (WIDTH - 1) + WIDTH * (WIDTH - 1) + WIDTH, f.after());
      saved += f.before() - f.after();
    }
    assertEquals(model.parameterCount() - saved, r.model().parameterCount());
    assertEquals(Map.of("user", WIDTH - 1, "item", WIDTH - 1), r.model().config().embeddingRanks);
    // the config alone rebuilds the same shapes: what an artifact needs to load back
    CtrModel rebuilt = CtrModel.create(r.model().config().copy(), model.schema(), model.maxBatch());
    assertEquals(r.model().parameterCount(), rebuilt.parameterCount());
  }

  @Test
  void dnnAndEmbeddingCompressionCombine() {
    DnnCompression.Result dnn =
        DnnCompression.compress(
            model,
            DnnCompression.calibrate(model, train, List.of(0, 1), Integer.MAX_VALUE),
            Map.of(
                0, LowRankCompressor.RankRule.ofRank(4), 1, LowRankCompressor.RankRule.ofRank(4)));
    CtrModel m = dnn.model();
    Map<String, Calibration> cal =
        EmbeddingCompression.calibrate(m, train, List.of("item"), Integer.MAX_VALUE);
    EmbeddingCompression.Result r =
        EmbeddingCompression.compress(
            m, cal, Map.of("item", LowRankCompressor.RankRule.ofVariance(0.9)));
    assertEquals(1, r.fields().size());
    assertTrue(r.fields().get(0).retainedVariance() >= 0.9);
    assertEquals(
        2, java.util.Arrays.stream(r.model().config().dnn.ranks).filter(x -> x > 0).count());
    float[] p = r.model().predict(valid);
    for (float x : p) {
      assertTrue(Float.isFinite(x));
    }
  }

  @Test
  void refusesUnknownOrAlreadyCompressedFields() {
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> EmbeddingCompression.calibrate(model, train, List.of("colour"), 10))
            .getMessage()
            .contains("field 'colour' cannot be compressed"));
    EmbeddingCompression.Result r =
        EmbeddingCompression.compress(
            model,
            EmbeddingCompression.calibrate(model, train, List.of("item"), 500),
            Map.of("item", LowRankCompressor.RankRule.ofRank(2)));
    assertTrue(!EmbeddingCompression.eligibleFields(r.model()).contains("item"));
  }
}
