package io.streamplex.ctr.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The tiled inference product gives the training-mode forward's outputs, for any batch size. */
class LinearInferenceTest {

  @Test
  void tiledInferenceMatchesTheRowByRowForward() {
    Random rnd = new Random(3);
    for (int[] shape : new int[][] {{16, 64}, {64, 64}, {400, 16}, {7, 13}, {33, 400}}) {
      int in = shape[0];
      int out = shape[1];
      ParamStore store = new ParamStore(11);
      Linear lin = new Linear(store, "l", in, out, true, 300);
      for (int i = 0; i < out; i++) {
        lin.bias().w[i] = (float) rnd.nextGaussian();
      }
      for (int batch : new int[] {1, Linear.TILED_ROWS - 1, Linear.TILED_ROWS, 37, 300}) {
        float[] x = GradCheck.gaussian(rnd, batch * in, 1);
        float[] rowByRow = lin.forward(x, batch, true).clone();
        float[] tiled = lin.forward(x, batch, false);
        for (int i = 0; i < batch * out; i++) {
          assertEquals(rowByRow[i], tiled[i], 1e-4, in + "→" + out + " batch " + batch + " @" + i);
        }
        // the same example gives bit-identical output wherever it sits in the batch
        float[] same = new float[batch * in];
        for (int r = 0; r < batch; r++) {
          System.arraycopy(x, 0, same, r * in, in);
        }
        float[] y = lin.forward(same, batch, false);
        for (int r = 1; r < batch; r++) {
          for (int o = 0; o < out; o++) {
            assertEquals(y[o], y[r * out + o], "row " + r + " of batch " + batch);
          }
        }
      }
    }
  }

  @Test
  void tiledInferenceSeesWeightsChangedSinceTheLastCall() {
    Random rnd = new Random(5);
    Linear lin = new Linear(new ParamStore(2), "l", 8, 32, false, 64);
    float[] x = GradCheck.gaussian(rnd, 64 * 8, 1);
    float before = lin.forward(x, 64, false)[3 * 32 + 5];
    lin.weight().w[5 * 8 + 2] += 1f;
    float after = lin.forward(x, 64, false)[3 * 32 + 5];
    assertEquals(before + x[3 * 8 + 2], after, 1e-5);
  }
}
