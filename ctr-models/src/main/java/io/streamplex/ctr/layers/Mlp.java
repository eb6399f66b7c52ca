package io.streamplex.ctr.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Hidden layers of Linear → optional batch or layer norm → ReLU → optional dropout, as FuxiCTR's
 * MLP block. The output is the last hidden layer; a head adds its own projection.
 */
public final class Mlp extends Sequential {

  public enum Norm {
    NONE,
    BATCH,
    LAYER
  }

  public Mlp(
      ParamStore store, String name, int in, int[] hidden, Norm norm, float dropout, int maxBatch) {
    this(store, name, in, hidden, null, norm, dropout, maxBatch);
  }

  /**
   * With ranks[i] &gt; 0, hidden layer i is a {@link LowRankLinear} of that rank without activation
   * between its factors (a compressed layer); ranks may be null.
   */
  public Mlp(
      ParamStore store,
      String name,
      int in,
      int[] hidden,
      int[] ranks,
      Norm norm,
      float dropout,
      int maxBatch) {
    super(build(store, name, in, hidden, ranks, norm, dropout, maxBatch));
  }

  private static List<Layer> build(
      ParamStore store,
      String name,
      int in,
      int[] hidden,
      int[] ranks,
      Norm norm,
      float dropout,
      int maxBatch) {
    if (hidden.length == 0) {
      throw new IllegalArgumentException(name + ": an MLP needs at least one hidden layer");
    }
    if (ranks != null && ranks.length != hidden.length) {
      throw new IllegalArgumentException(
          name + ": " + ranks.length + " ranks for " + hidden.length + " hidden layers");
    }
    List<Layer> layers = new ArrayList<>();
    int width = in;
    for (int i = 0; i < hidden.length; i++) {
      int h = hidden[i];
      String linear = name + "." + i + ".linear";
      int rank = ranks == null ? 0 : ranks[i];
      layers.add(
          rank > 0
              ? new LowRankLinear(store, linear, width, h, rank, false, maxBatch)
              : new Linear(store, linear, width, h, true, maxBatch));
      switch (norm) {
        case BATCH -> layers.add(new BatchNorm(store, name + "." + i + ".bn", h, maxBatch));
        case LAYER -> layers.add(new LayerNorm(store, name + "." + i + ".ln", h, h, maxBatch));
        case NONE -> {}
      }
      layers.add(new Relu(h, maxBatch));
      if (dropout > 0) {
        SplittableRandom r = store.splitRandom();
        layers.add(new Dropout(h, dropout, r, maxBatch));
      }
      width = h;
    }
    return layers;
  }
}
