package io.streamplex.ctr.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Inference runs the fused attention kernel, training the per-score loops that keep every weight
 * for the backward pass; both must give the same output for every option the layer has.
 */
class InteractingLayerInferenceTest {

  @Test
  void fusedInferenceMatchesTheTrainingForward() {
    Random rnd = new Random(17);
    boolean[] tf = {false, true};
    for (boolean residualProjection : tf) {
      for (boolean layerNorm : tf) {
        for (boolean official : tf) {
          for (int[] shape : new int[][] {{8, 16, 2, 32}, {9, 64, 2, 32}, {3, 5, 3, 7}}) {
            int fields = shape[0];
            int width = shape[1];
            InteractingLayer.Options o =
                new InteractingLayer.Options(
                    shape[2], shape[3], true, residualProjection, true, layerNorm, official);
            InteractingLayer layer =
                new InteractingLayer(new ParamStore(5), "il", fields, width, o, 40);
            for (int batch : new int[] {1, 40}) {
              float[] x = GradCheck.gaussian(rnd, batch * fields * width, 1);
              float[] trained = layer.forward(x, batch, true).clone();
              float[] inferred = layer.forward(x, batch, false);
              String what =
                  "fields "
                      + fields
                      + " width "
                      + width
                      + " batch "
                      + batch
                      + " res-proj "
                      + residualProjection
                      + " norm "
                      + layerNorm
                      + " official "
                      + official;
              for (int i = 0; i < batch * layer.outDim(); i++) {
                assertEquals(trained[i], inferred[i], 1e-4 * (1 + Math.abs(trained[i])), what);
              }
            }
          }
        }
      }
    }
  }
}
