package io.streamplex.ctr.optim;

import io.streamplex.ctr.layers.Param;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Adam (Kingma &amp; Ba) with PyTorch's bias correction. Lazily updated rows use the global step in
 * the correction, as TensorFlow's LazyAdam does.
 */
public final class Adam extends Optimizer {

  private final Map<Param, float[][]> slots = new IdentityHashMap<>();
  private float correction1;
  private float correction2;

  Adam(OptimizerConfig c) {
    super(c);
  }

  @Override
  public void beginStep() {
    super.beginStep();
    correction1 = (float) (1 - Math.pow(config.beta1, step));
    correction2 = (float) (1 - Math.pow(config.beta2, step));
  }

  @Override
  protected Object stateOf(Param p) {
    return slots.computeIfAbsent(p, k -> new float[][] {new float[k.size()], new float[k.size()]});
  }

  @Override
  protected void apply(Param p, Object state, int from, int to, float l2) {
    float[][] s = (float[][]) state;
    float[] m = s[0];
    float[] v = s[1];
    float b1 = (float) config.beta1;
    float b2 = (float) config.beta2;
    float stepSize = (float) config.lr / correction1;
    float sqrtC2 = (float) Math.sqrt(correction2);
    float eps = (float) config.eps;
    float[] w = p.w;
    float[] g = p.g;
    for (int i = from; i < to; i++) {
      float gi = g[i] + l2 * w[i];
      m[i] = b1 * m[i] + (1 - b1) * gi;
      v[i] = b2 * v[i] + (1 - b2) * gi * gi;
      w[i] -= stepSize * m[i] / ((float) Math.sqrt(v[i]) / sqrtC2 + eps);
    }
  }
}
