package io.streamplex.embeddings.table;

/**
 * Updates one embedding row from its gradient. The trainer supplies SGD, Adagrad, Adam, FTRL…; the
 * table owns the storage and hands over the row's weights and its optimizer slots in place.
 */
@FunctionalInterface
public interface RowOptimizer {

  /** Slot floats this optimizer needs per weight; the table must have at least as many. */
  default int slotsPerWeight() {
    return 0;
  }

  /**
   * Updates {@code weights[wOff, wOff + dim)} from {@code grad[gOff, gOff + dim)}. Slot {@code s}
   * of weight {@code j} is {@code slots[sOff + s * dim + j]}.
   */
  void update(
      int row, float[] weights, int wOff, float[] grad, int gOff, int dim, float[] slots, int sOff);

  /** Plain SGD: w −= lr · g. */
  static RowOptimizer sgd(float learningRate) {
    return (row, w, wOff, g, gOff, dim, slots, sOff) -> {
      for (int j = 0; j < dim; j++) {
        w[wOff + j] -= learningRate * g[gOff + j];
      }
    };
  }

  /**
   * Adagrad with one accumulator slot per weight (Duchi et al.; the usual sparse-row optimizer).
   */
  static RowOptimizer adagrad(float learningRate, float epsilon) {
    return new RowOptimizer() {
      @Override
      public int slotsPerWeight() {
        return 1;
      }

      @Override
      public void update(
          int row, float[] w, int wOff, float[] g, int gOff, int dim, float[] slots, int sOff) {
        for (int j = 0; j < dim; j++) {
          float gj = g[gOff + j];
          float acc = slots[sOff + j] + gj * gj;
          slots[sOff + j] = acc;
          w[wOff + j] -= learningRate * gj / ((float) Math.sqrt(acc) + epsilon);
        }
      }
    };
  }
}
