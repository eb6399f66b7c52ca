package io.streamplex.ctr.models;

import io.streamplex.ctr.data.EncodedData;
import io.streamplex.ctr.layers.Layer;
import io.streamplex.embeddings.kernels.Kernels;

/** A block that is one layer stack from the flattened embeddings to one logit. */
abstract class NetBlock implements LogitBlock {

  private final Layer net;

  NetBlock(Layer net) {
    if (net.outDim() != 1) {
      throw new IllegalArgumentException("a logit block must end in one output");
    }
    this.net = net;
  }

  Layer net() {
    return net;
  }

  @Override
  public void forward(
      float[] emb,
      EncodedData data,
      int[] index,
      int from,
      int batch,
      boolean training,
      float[] logits) {
    Kernels.axpy(1f, net.forward(emb, batch, training), 0, logits, 0, batch);
  }

  @Override
  public void backward(float[] dLogit, int batch, float[] dEmb) {
    Kernels.axpy(1f, net.backward(dLogit, batch), 0, dEmb, 0, batch * net.inDim());
  }
}
