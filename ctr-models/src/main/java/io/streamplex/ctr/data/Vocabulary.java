package io.streamplex.ctr.data;

import java.util.List;
import java.util.Map;

/**
 * A collisionless per-field vocabulary as the trainer's row mapper: every value seen at least
 * minCount times in the training split owns a row; row 0 is the shared out-of-vocabulary row and
 * row 1 the missing-field row. The values and their ranks are the embeddings module's {@link
 * io.streamplex.embeddings.strategy.Vocabulary} (the one the {@code Collisionless} strategy reads),
 * ranked by value so the table does not depend on example order; only the row layout is the
 * trainer's own.
 */
public final class Vocabulary implements RowMapper {

  public static final int OOV_ROW = 0;
  public static final int MISSING_ROW = 1;

  private final String table;
  private final io.streamplex.embeddings.strategy.Vocabulary values;

  private Vocabulary(String table, io.streamplex.embeddings.strategy.Vocabulary values) {
    this.table = table;
    this.values = values;
  }

  /** Builds the vocabulary from value counts. */
  public static Vocabulary fromCounts(String table, Map<String, Integer> counts, int minCount) {
    var b = io.streamplex.embeddings.strategy.Vocabulary.builder();
    counts.forEach(b::add);
    return new Vocabulary(
        table, b.build(minCount, io.streamplex.embeddings.strategy.Vocabulary.Order.BY_VALUE));
  }

  /** The shared value ranks: value of rank r owns row 2 + r. */
  public io.streamplex.embeddings.strategy.Vocabulary ranks() {
    return values;
  }

  public int size() {
    return values.size() + 2;
  }

  @Override
  public int chunks() {
    return 1;
  }

  @Override
  public String table(int chunk) {
    return table;
  }

  @Override
  public int tableRows(int chunk) {
    return size();
  }

  @Override
  public int row(String value, int chunk) {
    int r = values.rank(value);
    return r < 0 ? OOV_ROW : 2 + r;
  }

  @Override
  public int missingRow(int chunk) {
    return MISSING_ROW;
  }

  /** The values owning rows 2, 3, …, in row order (for saving a model artifact). */
  public List<String> values() {
    return values.values();
  }

  /** The vocabulary whose rows 2, 3, … belong to values in that order, as {@link #values()}. */
  public static Vocabulary ofValues(String table, List<String> values) {
    try {
      return new Vocabulary(
          table, io.streamplex.embeddings.strategy.Vocabulary.of(values, new long[values.size()]));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("table " + table + ": " + e.getMessage(), e);
    }
  }
}
