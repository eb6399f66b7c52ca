package io.streamplex.ctr.optim;

/** Optimizer name and hyper-parameters, as in the model config JSON. */
public final class OptimizerConfig {

  public enum Type {
    SGD,
    ADAM,
    ADAGRAD,
    FTRL
  }

  public Type type = Type.ADAM;
  public double lr = 1e-3;
  public double beta1 = 0.9;
  public double beta2 = 0.999;
  public double eps = 1e-8;

  /** Adagrad's starting accumulator (PyTorch 0, TensorFlow 0.1). */
  public double initialAccumulator = 0;

  /** FTRL-proximal: learning-rate α is {@link #lr}; β, L1 and L2 as in McMahan et al. 2013. */
  public double ftrlBeta = 1;

  public double l1 = 0;
  public double l2 = 0;

  /**
   * For embedding tables: update only the rows in the batch (lazy; default), or every row each step
   * as PyTorch's dense Adam does (moments keep moving rows that got no gradient).
   */
  public boolean lazyRows = true;

  public Optimizer create() {
    return switch (type) {
      case SGD -> new Sgd(this);
      case ADAM -> new Adam(this);
      case ADAGRAD -> new Adagrad(this);
      case FTRL -> new Ftrl(this);
    };
  }
}
