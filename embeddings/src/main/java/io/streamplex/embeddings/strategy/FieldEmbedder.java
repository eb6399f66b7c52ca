package io.streamplex.embeddings.strategy;

import io.streamplex.embeddings.table.EmbeddingTable;
import io.streamplex.embeddings.table.SparseGradients;
import java.util.Map;

/**
 * Gathers a field's embedding from its lookups' rows and scatters the embedding's gradient back to
 * them, following the strategy's {@link Combine} rule. Allocation-free: the caller keeps the row
 * buffer and the tables resolved once with {@link #resolve}.
 */
public final class FieldEmbedder {

  private FieldEmbedder() {}

  /** The table each lookup reads, by table id. */
  public static EmbeddingTable[] resolve(
      EmbeddingStrategy strategy, Map<String, ? extends EmbeddingTable> tables) {
    EmbeddingTable[] t = new EmbeddingTable[strategy.lookups()];
    for (int i = 0; i < t.length; i++) {
      t[i] = tables.get(strategy.tableId(i));
      if (t[i] == null) {
        throw new IllegalArgumentException(
            "field '"
                + strategy.field()
                + "': no table '"
                + strategy.tableId(i)
                + "' among "
                + tables.keySet());
      }
      if (t[i].dim() != strategy.lookupDim(i)) {
        throw new IllegalArgumentException(
            "field '"
                + strategy.field()
                + "': table '"
                + t[i].name()
                + "' has dim "
                + t[i].dim()
                + ", lookup "
                + i
                + " needs "
                + strategy.lookupDim(i));
      }
    }
    return t;
  }

  /** Writes the field's embedding ({@code strategy.outputDim()} floats) at {@code out[off]}. */
  public static void forward(
      EmbeddingStrategy strategy,
      EmbeddingTable[] tables,
      int[] rows,
      int rowsOff,
      float[] out,
      int off) {
    int n = strategy.lookups();
    switch (strategy.combine()) {
      case CONCAT -> {
        int p = off;
        for (int i = 0; i < n; i++) {
          tables[i].lookup(rows[rowsOff + i], out, p);
          p += tables[i].dim();
        }
      }
      case SUM, MEAN -> {
        float scale = strategy.combine() == Combine.MEAN ? 1f / n : 1f;
        int d = tables[0].dim();
        java.util.Arrays.fill(out, off, off + d, 0f);
        for (int i = 0; i < n; i++) {
          tables[i].accumulate(rows[rowsOff + i], scale, out, off);
        }
      }
    }
  }

  /**
   * Adds the gradient of each looked-up row, given the gradient {@code grad[off, off + outputDim)}
   * of the field's embedding, into {@code sink[i]} for lookup i (lookups reading the same table may
   * share one sink).
   */
  public static void backward(
      EmbeddingStrategy strategy,
      int[] rows,
      int rowsOff,
      float[] grad,
      int off,
      SparseGradients[] sink) {
    int n = strategy.lookups();
    switch (strategy.combine()) {
      case CONCAT -> {
        int p = off;
        for (int i = 0; i < n; i++) {
          sink[i].add(rows[rowsOff + i], grad, p, 1f);
          p += strategy.lookupDim(i);
        }
      }
      case SUM, MEAN -> {
        float scale = strategy.combine() == Combine.MEAN ? 1f / n : 1f;
        for (int i = 0; i < n; i++) {
          sink[i].add(rows[rowsOff + i], grad, off, scale);
        }
      }
    }
  }
}
