package io.streamplex.embeddings.table;

import java.util.Map;

/**
 * Rows × dim float storage behind every embedding strategy. Lookups copy into a caller's buffer and
 * never allocate; training applies sparse row gradients through a pluggable {@link RowOptimizer},
 * whose per-weight slots (Adagrad accumulators, Adam moments, FTRL z/n) live in the table beside
 * the weights.
 */
public interface EmbeddingTable {

  String name();

  int rows();

  int dim();

  /** Optimizer slot floats kept per weight (0 when the table is not trained in place). */
  int slotsPerWeight();

  /** Seeds, strategy config and versions that travel with the table when it is saved. */
  Map<String, String> metadata();

  /** Copies row {@code row} into {@code out[off, off + dim)}. */
  void lookup(int row, float[] out, int off);

  /** {@code out[off, off + dim) += scale · row}: sum and mean pooling without a temporary. */
  void accumulate(int row, float scale, float[] out, int off);

  /** Overwrites row {@code row} with {@code src[off, off + dim)}. */
  void setRow(int row, float[] src, int off);

  /** Applies one row's gradient {@code grad[off, off + dim)} through {@code optimizer}. */
  void applyGradient(int row, float[] grad, int off, RowOptimizer optimizer);

  /**
   * Applies {@code count} row gradients laid out one after another in {@code grads} from {@code
   * off}. A row listed twice is updated twice; merge duplicates first with {@link SparseGradients}
   * when the optimizer is not linear in the gradient.
   */
  default void applySparse(int[] rows, int count, float[] grads, int off, RowOptimizer optimizer) {
    int d = dim();
    for (int i = 0; i < count; i++) {
      applyGradient(rows[i], grads, off + i * d, optimizer);
    }
  }

  /** Bytes held by weights and slots. */
  default long bytes() {
    return (long) rows() * dim() * (1 + slotsPerWeight()) * Float.BYTES;
  }
}
