package io.streamplex.ctr.models;

import io.streamplex.ctr.layers.InteractingLayer;
import io.streamplex.ctr.layers.Layer;
import io.streamplex.ctr.layers.Linear;
import io.streamplex.ctr.layers.ParamStore;
import io.streamplex.ctr.layers.Sequential;
import java.util.ArrayList;
import java.util.List;

/** AutoInt: L interacting layers over the fields, all outputs concatenated, one logit. */
final class AutoIntBlock extends NetBlock {

  AutoIntBlock(ParamStore store, int fields, int width, ModelConfig.Attention c, int maxBatch) {
    super(build(store, fields, width, c, maxBatch));
  }

  private static Layer build(
      ParamStore store, int fields, int width, ModelConfig.Attention c, int maxBatch) {
    if (c.layers < 1) {
      throw new IllegalArgumentException("autoint needs at least one interacting layer");
    }
    InteractingLayer.Options o =
        new InteractingLayer.Options(
            c.heads,
            c.headDim,
            c.residual,
            c.residualProjection,
            c.scale,
            c.layerNorm,
            c.officialProjections);
    List<Layer> layers = new ArrayList<>();
    int w = width;
    for (int l = 0; l < c.layers; l++) {
      InteractingLayer layer = new InteractingLayer(store, "autoint." + l, fields, w, o, maxBatch);
      layers.add(layer);
      w = layer.outWidth();
    }
    layers.add(new Linear(store, "autoint.out", fields * w, 1, true, maxBatch));
    return new Sequential(layers);
  }
}
