package io.streamplex.ctr.optim;

import io.streamplex.ctr.layers.Param;

/** Plain stochastic gradient descent. */
public final class Sgd extends Optimizer {

  Sgd(OptimizerConfig c) {
    super(c);
  }

  @Override
  protected Object stateOf(Param p) {
    return null;
  }

  @Override
  protected void apply(Param p, Object state, int from, int to, float l2) {
    float lr = (float) config.lr;
    for (int i = from; i < to; i++) {
      p.w[i] -= lr * (p.g[i] + l2 * p.w[i]);
    }
  }
}
