package io.streamplex.ctr.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamplex.ctr.layers.Param;
import io.streamplex.ctr.layers.ParamStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Dense Adam with embedding L2 ({@code lazyRows: false}) is what a PyTorch reference does with an
 * {@code nn.Embedding}, {@code loss + λ/2·‖W‖²} and {@code torch.optim.Adam}: checked against real
 * PyTorch (Debian's python3-torch) on a table whose rows are missing from some batches.
 */
class AdamPyTorchParityTest {

  static final Path PYTHON = Path.of("/usr/bin/python3");
  static final int ROWS = 4;
  static final int WIDTH = 2;
  static final double LR = 0.05;
  static final double L2 = 0.1;

  /** Batch gradients of the data loss, per step; a zero row is a row absent from that batch. */
  static final float[][] GRADS = {
    {0.5f, -0.2f, 0, 0, 0.1f, 0.3f, 0, 0},
    {0, 0, 0, 0, -0.4f, 0.2f, 0, 0},
    {0.3f, 0.3f, 0, 0, 0, 0, 0, 0},
    {0, 0, 0, 0, 0, 0, 0, 0}
  };

  static float[] train(boolean lazy, float[] init) {
    Param t = new ParamStore(1).table("emb", ROWS, WIDTH, 1.0);
    System.arraycopy(init, 0, t.w, 0, init.length);
    OptimizerConfig c = new OptimizerConfig();
    c.lr = LR;
    c.lazyRows = lazy;
    Optimizer adam = c.create();
    for (float[] g : GRADS) {
      t.zeroGrad();
      for (int r = 0; r < ROWS; r++) {
        boolean inBatch = false;
        for (int k = 0; k < WIDTH; k++) {
          t.g[r * WIDTH + k] = g[r * WIDTH + k];
          inBatch |= g[r * WIDTH + k] != 0;
        }
        if (inBatch) {
          t.touch(r);
        }
      }
      adam.beginStep();
      adam.update(t, L2);
    }
    return t.w.clone();
  }

  static float[] torch(float[] init) throws Exception {
    String script =
        String.join(
            "\n",
            "import sys, torch",
            "init = [float(x) for x in sys.argv[1].split(',')]",
            "grads = [[float(x) for x in g.split(',')] for g in sys.argv[2].split(';')]",
            "w = torch.nn.Parameter(torch.tensor(init).reshape(" + ROWS + ", " + WIDTH + "))",
            "opt = torch.optim.Adam([w], lr=" + LR + ")",
            "for g in grads:",
            "    opt.zero_grad()",
            "    loss = (w * torch.tensor(g).reshape(w.shape)).sum()"
                + " + "
                + L2
                + " / 2 * (w ** 2).sum()",
            "    loss.backward()",
            "    opt.step()",
            "print(','.join(repr(x) for x in w.detach().reshape(-1).tolist()))");
    StringBuilder grads = new StringBuilder();
    for (float[] g : GRADS) {
      if (grads.length() > 0) {
        grads.append(';');
      }
      grads.append(join(g));
    }
    Process p =
        new ProcessBuilder(PYTHON.toString(), "-c", script, join(init), grads.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python timed out");
    assertEquals(0, p.exitValue(), "python failed: " + out);
    String[] parts = out.substring(out.lastIndexOf('\n') + 1).split(",");
    float[] w = new float[parts.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = Float.parseFloat(parts[i]);
    }
    return w;
  }

  static String join(float[] v) {
    StringBuilder b = new StringBuilder();
    for (float x : v) {
      if (b.length() > 0) {
        b.append(',');
      }
      b.append(x);
    }
    return b.toString();
  }

  @Test
  void denseAdamWithL2MatchesTorchAdamOnAWholeTableRegulariser() throws Exception {
    assumeTrue(Files.isExecutable(PYTHON), "skipped: " + PYTHON + " is absent");
    Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import torch").start();
    assumeTrue(
        probe.waitFor(120, TimeUnit.SECONDS) && probe.exitValue() == 0,
        "skipped: python3-torch is not installed (apt-get install python3-torch)");
    float[] init = Arrays.copyOf(new ParamStore(7).table("init", ROWS, WIDTH, 0.5).w, 8);
    float[] expected = torch(init);
    float[] dense = train(false, init);
    // float32 in both, but in a different operation order (λ and the bias corrections are
    // rounded to float here): agreement to ~1e-6, far below the 1e-3 a skipped row would differ by
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], dense[i], 1e-5, "coordinate " + i);
    }
    // the lazy form is a different optimizer: row 1, never in a batch, stays put there
    float[] lazy = train(true, init);
    assertEquals(init[2], lazy[2], 0f);
    assertTrue(Math.abs(expected[2] - init[2]) > 1e-3, "torch decays the absent row");
  }
}
