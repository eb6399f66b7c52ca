package io.streamplex.embeddings.strategy;

import io.streamplex.embeddings.hash.CanonicalValue;
import java.util.List;

/** A strategy with one lookup into its own table, whose row 0 is the missing row. */
abstract class SingleTableStrategy implements EmbeddingStrategy {

  protected final String field;
  protected final TableSpec table;

  SingleTableStrategy(String field, TableSpec table) {
    if (field == null || field.isEmpty()) {
      throw new IllegalArgumentException("field name must be non-empty");
    }
    this.field = field;
    this.table = table;
  }

  /** Row of a non-missing value. */
  abstract int row(String value);

  abstract int row(long value);

  @Override
  public final String field() {
    return field;
  }

  @Override
  public final int lookups() {
    return 1;
  }

  @Override
  public final void rows(String value, int[] out, int off) {
    out[off] = CanonicalValue.isMissing(value) ? MISSING_ROW : row(value);
  }

  @Override
  public final void rows(long value, int[] out, int off) {
    out[off] = row(value);
  }

  @Override
  public final String tableId(int lookup) {
    return table.id();
  }

  @Override
  public final List<TableSpec> tables() {
    return List.of(table);
  }

  @Override
  public final int lookupDim(int lookup) {
    return table.dim();
  }

  @Override
  public Combine combine() {
    return Combine.CONCAT;
  }

  public TableSpec table() {
    return table;
  }
}
