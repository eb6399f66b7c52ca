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
  void denseRowsKeepMovingAndDecayUntouchedRowsAsPyTorchAdamDoes() {
    // Two identical tables, one lazy and one dense; row 0 gets gradient in step 1 only, row 1
    // never.
    Param lazy = new ParamStore(5).table("emb", 2, 1, 1.0);
    Param dense = new ParamStore(5).table("emb", 2, 1, 1.0);
    OptimizerConfig lc = config(OptimizerConfig.Type.ADAM, 0.1);
    OptimizerConfig dc = config(OptimizerConfig.Type.ADAM, 0.1);
    dc.lazyRows = false;
    Optimizer lo = lc.create();
    Optimizer dO = dc.create();
    float w0 = dense.w[0];
    float w1 = dense.w[1];
    double l2 = 0.01;
    for (Param t : new Param[] {lazy, dense}) {
      t.touch(0);
      t.g[0] = 1f;
    }
    lo.beginStep();
    lo.update(lazy, l2);
    dO.beginStep();
    dO.update(dense, l2);
    lazy.zeroGrad();
    dense.zeroGrad();
    lo.beginStep();
    lo.update(lazy, l2);
    dO.beginStep();
    dO.update(dense, l2);
    // lazy: row 0 moved once, row 1 never (L2 only reaches rows in the batch)
    double g0 = 1 + l2 * w0;
    assertEquals(w0 - 0.1 * Math.signum(g0), lazy.w[0], 1e-6);
    assertEquals(w1, lazy.w[1], 0f);
    // dense: both steps move both rows, with λ·w as the only gradient where the batch gave none
    double[] expected = {w0, w1};
    double[][] g = {{g0, l2 * w1}, {0, 0}};
    double[] m = new double[2];
    double[] v = new double[2];
    for (int step = 1; step <= 2; step++) {
      for (int r = 0; r < 2; r++) {
        double gi = step == 1 ? g[0][r] : l2 * expected[r];
        m[r] = 0.9 * m[r] + 0.1 * gi;
        v[r] = 0.999 * v[r] + 0.001 * gi * gi;
        double mh = m[r] / (1 - Math.pow(0.9, step));
        double vh = v[r] / (1 - Math.pow(0.999, step));
        expected[r] -= 0.1 * mh / (Math.sqrt(vh) + 1e-8);
      }
    }
    assertEquals(expected[0], dense.w[0], 1e-5);
    assertEquals(expected[1], dense.w[1], 1e-5);
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
