package io.streamplex.ctr.models;

import io.streamplex.ctr.layers.Layer;
import io.streamplex.ctr.layers.Linear;
import io.streamplex.ctr.layers.Mlp;
import io.streamplex.ctr.layers.ParamStore;
import io.streamplex.ctr.layers.Sequential;
import java.util.List;

/** An MLP over the flattened field embeddings, projected to one logit. */
final class DnnBlock extends NetBlock {

  DnnBlock(ParamStore store, int in, ModelConfig.Dnn c, int maxBatch) {
    super(build(store, in, c, maxBatch));
  }

  private static Layer build(ParamStore store, int in, ModelConfig.Dnn c, int maxBatch) {
    Mlp mlp = new Mlp(store, "dnn", in, c.hidden, c.ranks, c.norm, c.dropout, maxBatch);
    Linear out = new Linear(store, "dnn.out", mlp.outDim(), 1, true, maxBatch);
    return new Sequential(List.of(mlp, out));
  }
}
