package io.streamplex.ctr.retrieval;

import io.streamplex.embeddings.table.RowOptimizer;

/**
 * Adam (Kingma and Ba) for embedding rows, with the two moments as the table's optimizer slots.
 * Only the rows a step touched are updated (the "lazy" or sparse Adam of PyTorch's SparseAdam and
 * TensorFlow's LazyAdam); the bias correction uses the global step count, set with {@link
 * #beginStep()} before a step's rows are applied. Holds the step count, so one instance serves one
 * model.
 */
public final class SparseAdam implements RowOptimizer {

  private final float learningRate;
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private int step;
  private float stepSize;
  private float correction2;

  public SparseAdam(float learningRate, float beta1, float beta2, float epsilon) {
    if (!(learningRate > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException(
          "Adam needs lr > 0 and betas in [0, 1), got lr="
              + learningRate
              + " beta1="
              + beta1
              + " beta2="
              + beta2);
    }
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  public static SparseAdam withDefaults(float learningRate) {
    return new SparseAdam(learningRate, 0.9f, 0.999f, 1e-8f);
  }

  /** Advances the step count; call once per optimisation step, before applying its rows. */
  public void beginStep() {
    step++;
    stepSize = (float) (learningRate / (1 - Math.pow(beta1, step)));
    correction2 = (float) (1 - Math.pow(beta2, step));
  }

  public int step() {
    return step;
  }

  @Override
  public int slotsPerWeight() {
    return 2;
  }

  @Override
  public void update(
      int row, float[] w, int wOff, float[] g, int gOff, int dim, float[] slots, int sOff) {
    if (step == 0) {
      throw new IllegalStateException("SparseAdam.beginStep() was not called before update");
    }
    for (int j = 0; j < dim; j++) {
      float gj = g[gOff + j];
      float m = beta1 * slots[sOff + j] + (1 - beta1) * gj;
      float v = beta2 * slots[sOff + dim + j] + (1 - beta2) * gj * gj;
      slots[sOff + j] = m;
      slots[sOff + dim + j] = v;
      w[wOff + j] -= stepSize * m / ((float) Math.sqrt(v / correction2) + epsilon);
    }
  }
}
