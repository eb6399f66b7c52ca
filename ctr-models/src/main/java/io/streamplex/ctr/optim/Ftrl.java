package io.streamplex.ctr.optim;

import io.streamplex.ctr.layers.Param;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * FTRL-proximal (McMahan et al., KDD 2013, Algorithm 1), per coordinate with slots z and n: σ =
 * (√(n + g²) − √n) / α; z += g − σ·w; n += g²; then w = 0 when |z| ≤ λ₁, else −(z − sgn(z)·λ₁) /
 * ((β + √n) / α + λ₂). The weights are a closed form of the slots, so a coordinate starts from its
 * initial value through z = −w·(β/α + λ₂) at first touch.
 */
public final class Ftrl extends Optimizer {

  private final Map<Param, float[][]> slots = new IdentityHashMap<>();

  Ftrl(OptimizerConfig c) {
    super(c);
  }

  @Override
  protected Object stateOf(Param p) {
    return slots.computeIfAbsent(
        p,
        k -> {
          float[] z = new float[k.size()];
          // keep the initial weights: with n = 0 the closed form must give w back
          double denominator = config.ftrlBeta / config.lr + config.l2;
          for (int i = 0; i < z.length; i++) {
            float w = k.w[i];
            z[i] = (float) (-w * denominator - Math.signum(w) * config.l1);
          }
          return new float[][] {z, new float[k.size()]};
        });
  }

  @Override
  protected void apply(Param p, Object state, int from, int to, float l2) {
    float[][] s = (float[][]) state;
    float[] z = s[0];
    float[] n = s[1];
    double alpha = config.lr;
    double beta = config.ftrlBeta;
    double l1 = config.l1;
    double l2Ftrl = config.l2;
    for (int i = from; i < to; i++) {
      double g = p.g[i] + l2 * p.w[i];
      double nNew = n[i] + g * g;
      double sigma = (Math.sqrt(nNew) - Math.sqrt(n[i])) / alpha;
      z[i] += (float) (g - sigma * p.w[i]);
      n[i] = (float) nNew;
      double zi = z[i];
      p.w[i] =
          Math.abs(zi) <= l1
              ? 0f
              : (float)
                  (-(zi - Math.signum(zi) * l1) / ((beta + Math.sqrt(nNew)) / alpha + l2Ftrl));
    }
  }
}
