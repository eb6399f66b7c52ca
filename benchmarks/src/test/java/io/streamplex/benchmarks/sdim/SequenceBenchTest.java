package io.streamplex.benchmarks.sdim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamplex.ctr.eval.CtrBench;
import io.streamplex.ctr.models.ModelConfig;
import io.streamplex.ctr.sdim.SequenceModule;
import io.streamplex.data.SyntheticGenerator;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SequenceBenchTest {

  @Test
  void eachModulesVariantIsPickedByMeanValidationAucAndComparedAsPicked() throws Exception {
    ModelConfig base = CtrBench.loadConfig("sequence-dnn");
    base.maxEpochs = 1;
    base.sequence.length = 50;
    JsonNode printed =
        SequenceBench.run(
            SyntheticGenerator.NAME,
            base,
            List.of(SequenceModule.MEAN, SequenceModule.SDIM),
            List.of(1L, 2L),
            6,
            true,
            new PrintStream(OutputStream.nullOutputStream()));
    JsonNode out = new ObjectMapper().readTree(printed.toString());
    for (String module : List.of("MEAN", "SDIM")) {
      JsonNode m = out.get("modules").get(module);
      JsonNode variants = m.get("variants");
      assertEquals(2, variants.size(), module + " has two variants");
      String best = null;
      double bestValid = Double.NEGATIVE_INFINITY;
      for (Iterator<Map.Entry<String, JsonNode>> it = variants.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> v = it.next();
        double valid = v.getValue().get("validAuc").get("mean").asDouble();
        if (valid > bestValid) {
          bestValid = valid;
          best = v.getKey();
        }
      }
      assertEquals(best, m.get("variant").asText(), module);
      assertEquals(
          variants.get(best).get("auc").get("mean").asDouble(),
          m.get("auc").get("mean").asDouble());
    }
    // the two variants are trained differently, so their figures differ
    JsonNode sdim = out.get("modules").get("SDIM").get("variants");
    assertNotEquals(
        sdim.get("l2").get("perSeed").get(0).get("validAuc").asDouble(),
        sdim.get("count").get("perSeed").get(0).get("validAuc").asDouble());
    JsonNode paired = out.get("pairedAuc").get("sdimMinusMean").get("perSeed");
    for (int s = 0; s < 2; s++) {
      double expected =
          out.get("modules").get("SDIM").get("perSeed").get(s).get("auc").asDouble()
              - out.get("modules").get("MEAN").get("perSeed").get(s).get("auc").asDouble();
      assertEquals(expected, paired.get(s).asDouble(), 1e-12);
    }
    assertTrue(out.get("selectVariants").asBoolean());
  }

  @Test
  void selectingVariantsRefusesAFixedChoiceOfTheSameSetting() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SequenceBench.main(
                    new String[] {"synthetic", "--select-variants", "--norm", "L2"}));
    assertTrue(e.getMessage().contains("--norm"), e.getMessage());
  }
}
