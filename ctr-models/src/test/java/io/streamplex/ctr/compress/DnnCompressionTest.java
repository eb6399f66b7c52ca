package io.streamplex.ctr.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.ctr.data.EmbeddingSchema;
import io.streamplex.ctr.data.EncodedData;
import io.streamplex.ctr.data.Splits;
import io.streamplex.ctr.data.SyntheticCtr;
import io.streamplex.ctr.models.CtrModel;
import io.streamplex.ctr.models.ModelConfig;
import io.streamplex.ctr.train.Evaluation;
import io.streamplex.ctr.train.Trainer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DnnCompressionTest {

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
            "{\"type\": \"AUTOINT_PLUS\", \"embeddingDim\": 4,"
                + " \"attention\": {\"layers\": 1, \"heads\": 1, \"headDim\": 4},"
                + " \"dnn\": {\"hidden\": [24, 24, 24]}, \"batchSize\": 128,"
                + " \"maxEpochs\": 2, \"patience\": 2, \"optimizer\": {\"lr\": 0.01}}");
    model = new Trainer(c).fit(train, valid).model();
  }

  private static Map<Integer, Calibration> calibrate() {
    return DnnCompression.calibrate(model, train, List.of(1, 2), Integer.MAX_VALUE);
  }

  @Test
  void fullRankCompressionKeepsTheModelsPredictions() {
    DnnCompression.Result r =
        DnnCompression.compress(
            model,
            calibrate(),
            Map.of(
                1,
                LowRankCompressor.RankRule.ofRank(24),
                2,
                LowRankCompressor.RankRule.ofRank(24)));
    float[] before = model.predict(valid);
    float[] after = r.model().predict(valid);
    for (int i = 0; i < before.length; i++) {
      assertEquals(before[i], after[i], 1e-4, "example " + i);
    }
    assertTrue(r.model().params().stream().anyMatch(p -> p.name.equals("dnn.1.linear.0.weight")));
    assertTrue(r.model().params().stream().noneMatch(p -> p.name.equals("dnn.1.linear.weight")));
  }

  @Test
  void lowRankCompressionShrinksTheLayersAndCanBeFineTuned() {
    DnnCompression.Result r =
        DnnCompression.compress(
            model,
            calibrate(),
            Map.of(
                1, LowRankCompressor.RankRule.ofRank(4), 2, LowRankCompressor.RankRule.ofRank(4)));
    assertEquals(2 * (24 * 24 + 24), r.compressedPartBefore());
    assertEquals(2 * (4 * 48 + 4 + 24), r.compressedPartAfter());
    assertEquals(
        model.parameterCount() - r.compressedPartBefore() + r.compressedPartAfter(),
        r.model().parameterCount());
    float[] before = model.predict(valid);
    float[] after = r.model().predict(valid);
    double moved = 0;
    for (int i = 0; i < before.length; i++) {
      moved = Math.max(moved, Math.abs(before[i] - after[i]));
    }
    // Rank 4 of 24 is a real approximation: predictions move, but not arbitrarily far.
    assertTrue(moved > 0 && moved < 0.5, "largest change of a prediction " + moved);
    double auc = Evaluation.of(r.model(), valid).auc();
    assertTrue(auc > 0.5 && Double.isFinite(auc), "compressed AUC " + auc);

    ModelConfig tune = r.model().config().copy();
    tune.maxEpochs = 1;
    CtrModel tuned = new Trainer(tune).fit(train, valid, r.model()).model();
    assertTrue(Double.isFinite(Evaluation.of(tuned, valid).logloss()));
  }

  @Test
  void refusesLayersThatDoNotExist() {
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> DnnCompression.calibrate(model, train, List.of(3), 10))
            .getMessage()
            .contains("no hidden layer 3"));
  }
}
