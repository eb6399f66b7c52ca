package io.streamplex.ctr.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The inference score path of the interacting layer gives the training-mode forward's output. */
class InteractingInferenceTest {

  @Test
  void inferenceScoresMatchTheDotProductForward() {
    Random rnd = new Random(4);
    for (boolean scale : new boolean[] {false, true}) {
      ParamStore store = new ParamStore(7);
      InteractingLayer.Options o =
          new InteractingLayer.Options(2, 8, true, false, scale, false, false);
      InteractingLayer layer = new InteractingLayer(store, "a", 5, 6, o, 40);
      for (int batch : new int[] {1, 3, 40}) {
        float[] x = GradCheck.gaussian(rnd, batch * layer.inDim(), 1);
        float[] trained = layer.forward(x, batch, true).clone();
        float[] inferred = layer.forward(x, batch, false);
        for (int i = 0; i < batch * layer.outDim(); i++) {
          assertEquals(trained[i], inferred[i], 1e-5, "batch " + batch + " @" + i);
        }
      }
    }
  }
}
