package io.streamplex.ctr.layers;

/** A layer whose output is as wide as its input (activations, normalisation, dropout). */
abstract class SameWidthLayer implements Layer {

  protected final int dim;

  SameWidthLayer(int dim) {
    this.dim = dim;
  }

  @Override
  public final int inDim() {
    return dim;
  }

  @Override
  public final int outDim() {
    return dim;
  }
}
