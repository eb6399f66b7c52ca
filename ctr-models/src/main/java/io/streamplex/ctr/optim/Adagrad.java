package io.streamplex.ctr.optim;

import io.streamplex.ctr.layers.Param;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/** Adagrad: per-coordinate step lr / (√Σg² + eps). */
public final class Adagrad extends Optimizer {

  private final Map<Param, float[]> accumulators = new IdentityHashMap<>();

  Adagrad(OptimizerConfig c) {
    super(c);
  }

  @Override
  protected Object stateOf(Param p) {
    return accumulators.computeIfAbsent(
        p,
        k -> {
          float[] a = new float[k.size()];
          Arrays.fill(a, (float) config.initialAccumulator);
          return a;
        });
  }

  @Override
  protected void apply(Param p, Object state, int from, int to, float l2) {
    float[] acc = (float[]) state;
    float lr = (float) config.lr;
    float eps = (float) 1e-10;
    for (int i = from; i < to; i++) {
      float gi = p.g[i] + l2 * p.w[i];
      acc[i] += gi * gi;
      p.w[i] -= lr * gi / ((float) Math.sqrt(acc[i]) + eps);
    }
  }
}
