package io.streamplex.ctr.optim;

import io.streamplex.ctr.layers.Param;

/**
 * Updates parameters from their gradients, coordinate by coordinate. Row-sparse parameters
 * (embedding tables) are updated lazily by default: only the rows touched in the batch, so a step
 * costs in proportion to the rows the batch used; a row's slots then hold its own history.
 */
public abstract class Optimizer {

  protected final OptimizerConfig config;
  protected long step;

  protected Optimizer(OptimizerConfig config) {
    this.config = config;
  }

  /** Called once per mini-batch before the parameters are updated. */
  public void beginStep() {
    step++;
  }

  /**
   * Applies one update to p, adding l2·w to the gradient of every updated coordinate first.
   *
   * @param l2 the L2 coefficient for this parameter (the embedding L2 for tables, else 0)
   */
  public void update(Param p, double l2) {
    if (!p.trainable()) {
      return;
    }
    Object state = stateOf(p);
    if (p.rowSparse && config.lazyRows) {
      int width = p.rowWidth();
      int[] rows = p.touchedRows();
      for (int i = 0; i < p.touchedCount(); i++) {
        int off = rows[i] * width;
        apply(p, state, off, off + width, (float) l2);
      }
    } else {
      apply(p, state, 0, p.size(), (float) l2);
    }
  }

  /** Per-parameter slots, created on first use. */
  protected abstract Object stateOf(Param p);

  /** Updates p.w[from .. to) from p.g (+ l2·w). */
  protected abstract void apply(Param p, Object state, int from, int to, float l2);
}
