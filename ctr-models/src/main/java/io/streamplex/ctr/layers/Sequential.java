package io.streamplex.ctr.layers;

import java.util.List;

/** Layers applied one after another. */
public class Sequential implements Layer {

  private final Layer[] layers;

  public Sequential(List<Layer> layers) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("a sequence needs at least one layer");
    }
    for (int i = 1; i < layers.size(); i++) {
      if (layers.get(i).inDim() != layers.get(i - 1).outDim()) {
        throw new IllegalArgumentException(
            "layer "
                + i
                + " takes "
                + layers.get(i).inDim()
                + " values but the previous one gives "
                + layers.get(i - 1).outDim());
      }
    }
    this.layers = layers.toArray(new Layer[0]);
  }

  /** The layers in order (read-only), so tools such as compression can reach inner layers. */
  public List<Layer> layers() {
    return List.of(layers);
  }

  @Override
  public int inDim() {
    return layers[0].inDim();
  }

  @Override
  public int outDim() {
    return layers[layers.length - 1].outDim();
  }

  @Override
  public float[] forward(float[] x, int batch, boolean training) {
    float[] h = x;
    for (Layer l : layers) {
      h = l.forward(h, batch, training);
    }
    return h;
  }

  @Override
  public float[] backward(float[] dy, int batch) {
    float[] d = dy;
    for (int i = layers.length - 1; i >= 0; i--) {
      d = layers[i].backward(d, batch);
    }
    return d;
  }
}
