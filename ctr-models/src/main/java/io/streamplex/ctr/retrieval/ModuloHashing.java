package io.streamplex.ctr.retrieval;

import io.streamplex.embeddings.hash.CanonicalValue;
import io.streamplex.embeddings.strategy.Combine;
import io.streamplex.embeddings.strategy.EmbeddingStrategy;
import io.streamplex.embeddings.strategy.TableSpec;
import java.util.List;

/**
 * GraphHash's "random" baseline as its code runs it: an integer ID goes to row {@code 1 + (id mod
 * buckets)}, row 0 being the missing row, so a table of {@code 1 + C} rows matches a GraphHash
 * table of C clusters row for row. IDs must be integers (non-integer IDs get a clear error; use
 * {@link io.streamplex.embeddings.strategy.HashingTrick} for those).
 */
public final class ModuloHashing implements EmbeddingStrategy {

  private final String field;
  private final TableSpec table;
  private final int buckets;

  public ModuloHashing(String field, int rows, int dim) {
    if (field == null || field.isEmpty()) {
      throw new IllegalArgumentException("field name must be non-empty");
    }
    if (rows < 2) {
      throw new IllegalArgumentException(
          "field '" + field + "': modulo hashing needs rows >= 2 (one missing row), got " + rows);
    }
    this.field = field;
    this.table = new TableSpec(field, rows, dim);
    this.buckets = rows - 1;
  }

  @Override
  public String field() {
    return field;
  }

  @Override
  public String kind() {
    return "modulo";
  }

  @Override
  public int lookups() {
    return 1;
  }

  @Override
  public void rows(String value, int[] out, int off) {
    if (CanonicalValue.isMissing(value)) {
      out[off] = MISSING_ROW;
      return;
    }
    long id;
    try {
      id = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "field '" + field + "': modulo hashing needs integer IDs, got '" + value + "'");
    }
    rows(id, out, off);
  }

  @Override
  public void rows(long value, int[] out, int off) {
    out[off] = 1 + (int) Math.floorMod(value, (long) buckets);
  }

  @Override
  public String tableId(int lookup) {
    return table.id();
  }

  @Override
  public List<TableSpec> tables() {
    return List.of(table);
  }

  @Override
  public int lookupDim(int lookup) {
    return table.dim();
  }

  @Override
  public Combine combine() {
    return Combine.CONCAT;
  }
}
