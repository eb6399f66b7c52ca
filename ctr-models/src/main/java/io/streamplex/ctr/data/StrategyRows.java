package io.streamplex.ctr.data;

import io.streamplex.embeddings.strategy.Combine;
import io.streamplex.embeddings.strategy.EmbeddingStrategy;
import io.streamplex.embeddings.strategy.TableSpec;

/**
 * Lets the trainer's embedding layer read any {@link EmbeddingStrategy} (hashing trick, frequency,
 * Unified Embedding, GraphHash, DoubleGraphHash): each strategy lookup becomes a chunk in the
 * strategy's table, so fields of one Unified Embedding share the table by its id. The layer sizes
 * chunk rows from the model width (width / lookups, or the full width when summed), not from the
 * strategy's own dims.
 */
public final class StrategyRows implements RowMapper {

  private final EmbeddingStrategy strategy;
  private final int[] rows;
  private final int[] missing;

  /** Rows of a value, computed once per encode call; encoding is single-threaded. */
  private final int[] scratch;

  public StrategyRows(EmbeddingStrategy strategy) {
    this.strategy = strategy;
    int n = strategy.lookups();
    if (n < 1) {
      throw new IllegalArgumentException(
          "field '" + strategy.field() + "': a strategy needs at least one lookup");
    }
    if (strategy.combine() != Combine.CONCAT && strategy.combine() != Combine.SUM) {
      throw new IllegalArgumentException(
          "field '" + strategy.field() + "': unsupported combine " + strategy.combine());
    }
    this.rows = new int[n];
    for (int c = 0; c < n; c++) {
      String id = strategy.tableId(c);
      rows[c] =
          strategy.tables().stream()
              .filter(t -> t.id().equals(id))
              .mapToInt(TableSpec::rows)
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "field '" + strategy.field() + "': lookup reads undeclared table " + id));
    }
    this.missing = new int[n];
    this.scratch = new int[n];
    strategy.rows((String) null, missing, 0);
  }

  public EmbeddingStrategy strategy() {
    return strategy;
  }

  @Override
  public int chunks() {
    return rows.length;
  }

  @Override
  public String table(int chunk) {
    return strategy.tableId(chunk);
  }

  @Override
  public int tableRows(int chunk) {
    return rows[chunk];
  }

  @Override
  public int row(String value, int chunk) {
    strategy.rows(value, scratch, 0);
    return scratch[chunk];
  }

  @Override
  public int missingRow(int chunk) {
    return missing[chunk];
  }

  @Override
  public boolean summed() {
    return strategy.combine() == Combine.SUM;
  }
}
