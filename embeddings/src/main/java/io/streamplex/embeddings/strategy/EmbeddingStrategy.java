package io.streamplex.embeddings.strategy;

import java.util.List;

/**
 * Maps one field's value to {@link #lookups()} table rows; the field's embedding is {@link
 * #combine()} of those rows, each read from table {@link #tableId(int)}. {@link FieldEmbedder} does
 * the gather and the gradient scatter.
 *
 * <p>Missing values ({@link io.streamplex.embeddings.hash.CanonicalValue#isMissing}) map to each
 * lookup's reserved missing row: row {@value #MISSING_ROW} of a per-field table, and the first row
 * of its sub-table in a shared Unified Embedding table. {@code rows} never allocates (after a
 * thread's first call) and is safe to call from many threads.
 */
public interface EmbeddingStrategy {

  int MISSING_ROW = 0;

  String field();

  /** Short strategy name, as the feature spec spells it. */
  String kind();

  int lookups();

  /** Writes the row of each lookup into {@code out[off, off + lookups())}. */
  void rows(String value, int[] out, int off);

  /** Integer form of {@link #rows(String, int[], int)}: {@code 42} and {@code "42"} agree. */
  void rows(long value, int[] out, int off);

  /** The table lookup {@code lookup} reads. */
  String tableId(int lookup);

  /** The distinct tables this field reads, in first-use order. */
  List<TableSpec> tables();

  /** Width of lookup {@code lookup}'s rows. */
  int lookupDim(int lookup);

  Combine combine();

  default int outputDim() {
    if (combine() != Combine.CONCAT) {
      return lookupDim(0);
    }
    int d = 0;
    for (int i = 0; i < lookups(); i++) {
      d += lookupDim(i);
    }
    return d;
  }
}
