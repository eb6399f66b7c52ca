package io.streamplex.ctr.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LayerGradientTest {

  private static final int BATCH = 5;

  @Test
  void linear() {
    ParamStore s = new ParamStore(1);
    GradCheck.check(new Linear(s, "lin", 7, 4, true, BATCH), s, BATCH, 11);
  }

  @Test
  void linearWithoutBias() {
    ParamStore s = new ParamStore(2);
    Linear l = new Linear(s, "lin", 3, 6, false, BATCH);
    assertEquals(null, l.bias());
    GradCheck.check(l, s, BATCH, 12);
  }

  @Test
  void lowRankLinearWithAndWithoutActivation() {
    ParamStore s = new ParamStore(3);
    GradCheck.check(new LowRankLinear(s, "lr", 8, 6, 2, false, BATCH), s, BATCH, 13);
    ParamStore s2 = new ParamStore(4);
    GradCheck.check(new LowRankLinear(s2, "lr", 8, 6, 3, true, BATCH), s2, BATCH, 14);
  }

  @Test
  void relu() {
    ParamStore s = new ParamStore(5);
    GradCheck.check(new Relu(9, BATCH), s, BATCH, 15);
  }

  @Test
  void layerNormPerGroup() {
    ParamStore s = new ParamStore(6);
    GradCheck.check(new LayerNorm(s, "ln", 12, 4, BATCH), s, BATCH, 16);
  }

  @Test
  void batchNormInTrainingAndInference() {
    ParamStore s = new ParamStore(7);
    BatchNorm bn = new BatchNorm(s, "bn", 6, BATCH);
    GradCheck.check(bn, s, BATCH, 17);
    // inference uses running statistics: the output is then affine in the input
    Layer inference =
        new Layer() {
          public int inDim() {
            return 6;
          }

          public int outDim() {
            return 6;
          }

          public float[] forward(float[] x, int batch, boolean training) {
            return bn.forward(x, batch, false);
          }

          public float[] backward(float[] dy, int batch) {
            return bn.backward(dy, batch);
          }
        };
    GradCheck.check(inference, s, BATCH, 18);
  }

  @Test
  void mlpWithEachNorm() {
    for (Mlp.Norm norm : Mlp.Norm.values()) {
      ParamStore s = new ParamStore(8);
      GradCheck.check(new Mlp(s, "mlp", 6, new int[] {10, 7}, norm, 0f, BATCH), s, BATCH, 19);
    }
  }

  @Test
  void interactingLayerVariants() {
    int fields = 4;
    InteractingLayer.Options[] variants = {
      // the paper's form with a projected residual and √d' scaling
      new InteractingLayer.Options(2, 3, true, true, true, false, false),
      // identity residual (in width = heads·d'), layer norm, no scaling
      new InteractingLayer.Options(2, 3, true, false, false, true, false),
      // the official code's dense projections with bias and ReLU
      new InteractingLayer.Options(1, 5, true, false, true, true, true),
      // no residual at all
      new InteractingLayer.Options(3, 2, false, false, true, false, false),
    };
    int[] inWidths = {5, 6, 4, 5};
    for (int v = 0; v < variants.length; v++) {
      ParamStore s = new ParamStore(20 + v);
      InteractingLayer layer =
          new InteractingLayer(s, "att", fields, inWidths[v], variants[v], BATCH);
      GradCheck.check(layer, s, BATCH, 30 + v);
    }
  }

  @Test
  void stackedInteractingLayers() {
    ParamStore s = new ParamStore(40);
    InteractingLayer.Options o =
        new InteractingLayer.Options(2, 4, true, false, true, false, false);
    InteractingLayer first = new InteractingLayer(s, "att0", 3, 6, o, BATCH);
    InteractingLayer second = new InteractingLayer(s, "att1", 3, 8, o, BATCH);
    GradCheck.check(new Sequential(List.of(first, second)), s, BATCH, 41);
  }

  @Test
  void dropoutScalesKeptUnitsAndPassesGradientThroughTheSameMask() {
    Dropout d = new Dropout(1000, 0.25f, new SplittableRandom(3), 1);
    float[] x = new float[1000];
    java.util.Arrays.fill(x, 1f);
    float[] y = d.forward(x, 1, true).clone();
    int kept = 0;
    for (float v : y) {
      if (v != 0f) {
        assertEquals(1f / 0.75f, v, 1e-6);
        kept++;
      }
    }
    assertEquals(750, kept, 60);
    float[] dx = d.backward(x, 1);
    assertArrayEquals(y, dx.clone(), 0f);
    // inference is the identity
    assertArrayEquals(x, d.forward(x, 1, false), 0f);
    assertThrows(IllegalArgumentException.class, () -> new Dropout(3, 1f, null, 1));
  }

  @Test
  void sequentialRefusesMismatchedWidths() {
    ParamStore s = new ParamStore(9);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new Sequential(
                List.of(new Linear(s, "a", 3, 4, true, 1), new Linear(s, "b", 5, 2, true, 1))));
  }
}
