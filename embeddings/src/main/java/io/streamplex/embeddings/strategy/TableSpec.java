package io.streamplex.embeddings.strategy;

/**
 * A table a strategy reads: its id, rows and width. A shared Unified Embedding table is declared by
 * every field that uses it, with the same spec.
 */
public record TableSpec(String id, int rows, int dim) {
  public TableSpec {
    if (id == null || id.isEmpty() || rows < 1 || dim < 1) {
      throw new IllegalArgumentException(
          "table spec needs an id, rows >= 1 and dim >= 1: " + id + " " + rows + "x" + dim);
    }
  }

  public long bytes() {
    return (long) rows * dim * Float.BYTES;
  }
}
