package io.streamplex.ctr.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.ctr.data.EmbeddingSchema;
import io.streamplex.ctr.data.EncodedData;
import io.streamplex.ctr.data.SyntheticCtr;
import io.streamplex.ctr.layers.GradCheck;
import io.streamplex.ctr.layers.Param;
import io.streamplex.schema.TrainingExample;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Whole-model gradients of the summed log loss against central finite differences. */
class ModelGradientTest {

  static ModelConfig small(String json) {
    ModelConfig c = ModelConfig.parse(json);
    c.embeddingStd = 0.3;
    return c;
  }

  private static void check(ModelConfig c) {
    List<TrainingExample> ex = SyntheticCtr.generate(40, 2);
    EmbeddingSchema schema = EmbeddingSchema.fit(SyntheticCtr.FIELDS, ex);
    EncodedData data = EncodedData.encode(schema, ex);
    CtrModel model = CtrModel.create(c, schema, 8);
    int[] index = {3, 9, 1, 30, 22, 17, 5};
    int batch = index.length;
    for (Param p : model.params()) {
      p.zeroGrad();
    }
    model.forward(data, index, 0, batch, true);
    model.backward(data, index, 0, 1);
    Random rnd = new Random(4);
    int checked = 0;
    for (Param p : model.params()) {
      if (!p.trainable()) {
        continue;
      }
      checked +=
          GradCheck.compare(
              c.displayName() + " " + p.name,
              p.w,
              p.g.clone(),
              () -> model.loss(data, index, 0, batch),
              rnd,
              15);
    }
    assertTrue(checked > 20, "checked " + checked);
  }

  @Test
  void logisticRegression() {
    check(small("{\"type\":\"LR\"}"));
  }

  @Test
  void factorisationMachine() {
    check(small("{\"type\":\"FM\",\"embeddingDim\":4}"));
  }

  @Test
  void dnn() {
    check(small("{\"type\":\"DNN\",\"embeddingDim\":3,\"dnn\":{\"hidden\":[6,5]}}"));
  }

  @Test
  void autoIntPlusWithWidePart() {
    check(
        small(
            "{\"type\":\"AUTOINT_PLUS\",\"wide\":true,\"embeddingDim\":4,"
                + "\"attention\":{\"layers\":2,\"heads\":2,\"headDim\":2,\"scale\":true},"
                + "\"dnn\":{\"hidden\":[5]}}"));
  }

  @Test
  void presetsExpandToBlocksAndUnknownSettingsAreRefused() {
    assertEquals(List.of("linear", "fm"), ModelConfig.parse("{\"type\":\"FM\"}").blockList());
    assertEquals(
        List.of("linear", "autoint"),
        ModelConfig.parse("{\"type\":\"AUTOINT\",\"wide\":true}").blockList());
    assertEquals(
        List.of("fm", "dnn"), ModelConfig.parse("{\"blocks\":[\"fm\",\"dnn\"]}").blockList());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ModelConfig.parse("{\"embedingDim\":16}"));
    assertTrue(e.getMessage().contains("embedingDim"), e.getMessage());
    List<TrainingExample> ex = SyntheticCtr.generate(10, 2);
    EmbeddingSchema schema = EmbeddingSchema.fit(SyntheticCtr.FIELDS, ex);
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> CtrModel.create(ModelConfig.parse("{\"blocks\":[\"xdeepfm\"]}"), schema, 4));
    assertTrue(unknown.getMessage().contains("xdeepfm"));
  }
}
