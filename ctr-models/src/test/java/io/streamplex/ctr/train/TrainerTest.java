package io.streamplex.ctr.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.ctr.data.EmbeddingSchema;
import io.streamplex.ctr.data.EncodedData;
import io.streamplex.ctr.data.Splits;
import io.streamplex.ctr.data.SyntheticCtr;
import io.streamplex.ctr.layers.Param;
import io.streamplex.ctr.models.ModelConfig;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrainerTest {

  static EncodedData train;
  static EncodedData valid;
  static EncodedData test;

  @BeforeAll
  static void data() {
    Splits.Split s = Splits.random(SyntheticCtr.generate(6000, 1), 3, 0.8, 0.1);
    EmbeddingSchema schema = EmbeddingSchema.fit(SyntheticCtr.FIELDS, s.train());
    train = EncodedData.encode(schema, s.train());
    valid = EncodedData.encode(schema, s.valid());
    test = EncodedData.encode(schema, s.test());
  }

  static ModelConfig config(String json) {
    ModelConfig c = ModelConfig.parse(json);
    c.batchSize = 128;
    c.maxEpochs = 30;
    c.patience = 3;
    c.optimizer.lr = 1e-2;
    return c;
  }

  @Test
  void interactionModelsBeatLogisticRegressionOnInteractionData() {
    Trainer.Result lr = new Trainer(config("{\"type\":\"LR\"}")).fit(train, valid);
    Trainer.Result fm =
        new Trainer(config("{\"type\":\"FM\",\"embeddingDim\":4,\"embeddingStd\":0.1}"))
            .fit(train, valid);
    double lrAuc = Evaluation.of(lr.model(), test).auc();
    double fmAuc = Evaluation.of(fm.model(), test).auc();
    assertTrue(lrAuc > 0.6, "LR learns the biases: " + lrAuc);
    assertTrue(fmAuc > lrAuc + 0.02, "FM " + fmAuc + " vs LR " + lrAuc);
    // early stopping restored the best epoch: its validation AUC is the reported one
    assertEquals(fm.best().validAuc(), Evaluation.of(fm.model(), valid).auc(), 1e-9);
    assertTrue(fm.history().size() >= fm.bestEpoch());
  }

  private static float[][] trainedWeights(ModelConfig c) {
    Trainer.Result r = new Trainer(c).fit(train, valid);
    List<Param> ps = r.model().params();
    float[][] w = new float[ps.size()][];
    for (int i = 0; i < w.length; i++) {
      w[i] = ps.get(i).w;
    }
    return w;
  }

  @Test
  void sameSeedSameWeightsWithOneAndTwoThreads() {
    String json =
        "{\"type\":\"AUTOINT_PLUS\",\"embeddingDim\":4,\"maxEpochs\":2,"
            + "\"attention\":{\"layers\":1,\"heads\":2,\"headDim\":2},"
            + "\"dnn\":{\"hidden\":[8],\"dropout\":0.1,\"norm\":\"BATCH\"}}";
    for (int threads = 1; threads <= 2; threads++) {
      ModelConfig a = config(json);
      a.maxEpochs = 2;
      a.threads = threads;
      float[][] first = trainedWeights(a);
      float[][] second = trainedWeights(a.copy());
      for (int i = 0; i < first.length; i++) {
        assertArrayEquals(first[i], second[i], 0f, "threads " + threads + " parameter " + i);
      }
    }
    ModelConfig other = config(json);
    other.maxEpochs = 2;
    other.seed = 99;
    float[][] a = trainedWeights(config(json));
    float[][] b = trainedWeights(other);
    assertTrue(!java.util.Arrays.equals(a[0], b[0]), "a different seed gives a different model");
  }

  @Test
  void twoThreadsComputeTheSameGradientAsOne() {
    // without dropout or batch norm, splitting the batch only reorders float sums
    String json = "{\"type\":\"FM\",\"embeddingDim\":4,\"maxEpochs\":1,\"embeddingStd\":0.1}";
    ModelConfig one = config(json);
    ModelConfig two = config(json);
    two.threads = 2;
    float[][] a = trainedWeights(one);
    float[][] b = trainedWeights(two);
    for (int i = 0; i < a.length; i++) {
      assertArrayEquals(a[i], b[i], 2e-4f, "parameter " + i);
    }
  }

  @Test
  void ftrlForTablesAndAdagradForDenseTrainToo() {
    ModelConfig c = config("{\"type\":\"FM\",\"embeddingDim\":4,\"embeddingStd\":0.1}");
    c.optimizer.type = io.streamplex.ctr.optim.OptimizerConfig.Type.ADAGRAD;
    c.optimizer.lr = 0.05;
    c.embeddingOptimizer = new io.streamplex.ctr.optim.OptimizerConfig();
    c.embeddingOptimizer.type = io.streamplex.ctr.optim.OptimizerConfig.Type.FTRL;
    // gradients are means over the batch, so FTRL's α (tuned for per-example gradients) scales up
    c.embeddingOptimizer.lr = 5;
    Trainer.Result r = new Trainer(c).fit(train, valid);
    double auc = Evaluation.of(r.model(), test).auc();
    assertTrue(auc > 0.7, "FTRL/Adagrad FM test AUC " + auc + " at epoch " + r.bestEpoch());
  }
}
