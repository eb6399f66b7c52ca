package io.streamplex.ctr.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamplex.ctr.layers.Param;
import io.streamplex.ctr.layers.ParamStore;
import org.junit.jupiter.api.Test;

class OptimizerTest {

  private static OptimizerConfig config(OptimizerConfig.Type type, double lr) {
    OptimizerConfig c = new OptimizerConfig();
    c.type = type;
    c.lr = lr;
    return c;
  }

  @Test
  void adamFirstTwoStepsByHand() {
    ParamStore s = new ParamStore(1);
    Param p = s.dense("w", ParamStore.Init.ZERO, 1, 0);
    Optimizer adam = config(OptimizerConfig.Type.ADAM, 0.1).create();
    p.g[0] = 2f;
    adam.beginStep();
    adam.update(p, 0);
    // step 1: m̂ = g, v̂ = g², so the step is lr·sign(g)
    assertEquals(-0.1f, p.w[0], 1e-6);
    p.g[0] = -1f;
    adam.beginStep();
    adam.update(p, 0);
    double m = 0.9 * (0.1 * 2) + 0.1 * -1;
    double v = 0.999 * (0.001 * 4) + 0.001 * 1;
    double mh = m / (1 - 0.81);
    double vh = v / (1 - 0.999 * 0.999);
    assertEquals(-0.1 - 0.1 * mh / (Math.sqrt(vh) + 1e-8), p.w[0], 1e-6);
  }

  @Test
  void lazyRowsUpdateOnlyTouchedRowsAndApplyL2There() {
    ParamStore s = new ParamStore(2);
    Param t = s.table("emb", 4, 2, 1.0);
    float[] before = t.w.clone();
    Optimizer sgd = config(OptimizerConfig.Type.SGD, 0.5).create();
    t.touch(2);
    t.g[4] = 1f;
    sgd.beginStep();
    sgd.update(t, 0.1);
    for (int i = 0; i < 8; i++) {
      float expected = before[i];
      if (i == 4) {
        expected = before[i] - 0.5f * (1f + 0.1f * before[i]);
      } else if (i == 5) {
        expected = before[i] - 0.5f * 0.1f * before[i];
      }
      assertEquals(expected, t.w[i], 1e-6, "coordinate " + i);
    }
  }

  @Test
  void adagradByHand() {
    ParamStore s = new ParamStore(3);
    Param p = s.dense("w", ParamStore.Init.ZERO, 1, 0);
    Optimizer a = config(OptimizerConfig.Type.ADAGRAD, 0.1).create();
    p.g[0] = 3f;
    a.beginStep();
    a.update(p, 0);
    assertEquals(-0.1f, p.w[0], 1e-6);
    p.g[0] = 4f;
    a.beginStep();
    a.update(p, 0);
    assertEquals(-0.1f - 0.1f * 4f / 5f, p.w[0], 1e-6);
  }

  @Test
  void ftrlKeepsInitialWeightsAndFollowsTheClosedForm() {
    ParamStore s = new ParamStore(4);
    Param p = s.dense("w", ParamStore.Init.ZERO, 2, 0);
    p.w[0] = 0.3f;
    OptimizerConfig c = config(OptimizerConfig.Type.FTRL, 0.1);
    c.ftrlBeta = 1;
    c.l1 = 0;
    Optimizer f = c.create();
    // zero gradient: the closed form must give the initial weight back
    f.beginStep();
    f.update(p, 0);
    assertEquals(0.3f, p.w[0], 1e-6);
    // one gradient g = 2 at w = 0.3: σ = √4/α = 20; z = −0.3·β/α + g − σ·w = −3 + 2 − 6 = −7;
    // w = −z / ((β + √n)/α) = 7 / 30
    p.g[0] = 2f;
    f.beginStep();
    f.update(p, 0);
    assertEquals(7.0 / 30.0, p.w[0], 1e-6);
    // with a large L1 the weight becomes exactly zero
    OptimizerConfig sparse = config(OptimizerConfig.Type.FTRL, 0.1);
    sparse.l1 = 100;
    Param q = s.dense("q", ParamStore.Init.ZERO, 1, 0);
    Optimizer fs = sparse.create();
    q.g[0] = 2f;
    fs.beginStep();
    fs.update(q, 0);
    assertEquals(0f, q.w[0]);
  }
}
