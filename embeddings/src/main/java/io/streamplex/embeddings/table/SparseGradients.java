package io.streamplex.embeddings.table;

import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import java.util.Arrays;

/**
 * Row gradients of one table gathered over a mini-batch, with repeated rows summed, so a non-linear
 * optimizer (Adagrad, Adam, FTRL) sees each row once per step. Rows are applied in the order they
 * were first touched, so the same batch always gives the same table. Reusable: {@link #clear()}
 * keeps the buffers, and adding allocates only when the batch outgrows them.
 */
public final class SparseGradients {

  private final int dim;
  private final Int2IntOpenHashMap slotOfRow = new Int2IntOpenHashMap();
  private int[] rows = new int[64];
  private float[] grads;
  private int size;

  public SparseGradients(int dim) {
    if (dim < 1) {
      throw new IllegalArgumentException("dim must be >= 1, got " + dim);
    }
    this.dim = dim;
    this.grads = new float[64 * dim];
    slotOfRow.defaultReturnValue(-1);
  }

  public int dim() {
    return dim;
  }

  /** Distinct rows touched. */
  public int size() {
    return size;
  }

  public int row(int i) {
    return rows[i];
  }

  /** The summed gradient of the i-th distinct row is {@code gradients()[i*dim, (i+1)*dim)}. */
  public float[] gradients() {
    return grads;
  }

  /** Adds {@code scale · g[off, off + dim)} to row {@code row}'s gradient. */
  public void add(int row, float[] g, int off, float scale) {
    int slot = slotOfRow.get(row);
    if (slot < 0) {
      slot = size++;
      if (slot == rows.length) {
        rows = Arrays.copyOf(rows, slot * 2);
        grads = Arrays.copyOf(grads, slot * 2 * dim);
      }
      rows[slot] = row;
      slotOfRow.put(row, slot);
      Arrays.fill(grads, slot * dim, (slot + 1) * dim, 0f);
    }
    int base = slot * dim;
    for (int j = 0; j < dim; j++) {
      grads[base + j] += scale * g[off + j];
    }
  }

  public void applyTo(EmbeddingTable table, RowOptimizer optimizer) {
    if (table.dim() != dim) {
      throw new IllegalArgumentException(
          "table '" + table.name() + "' has dim " + table.dim() + ", gradients have " + dim);
    }
    table.applySparse(rows, size, grads, 0, optimizer);
  }

  public void clear() {
    slotOfRow.clear();
    size = 0;
  }
}
