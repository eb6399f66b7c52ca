package io.streamplex.ctr.data;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A collisionless per-field vocabulary: every value seen at least minCount times in the training
 * split owns a row; row 0 is the shared out-of-vocabulary row and row 1 the missing-field row. Rows
 * are assigned in sorted value order so the table does not depend on example order.
 */
public final class Vocabulary implements RowMapper {

  public static final int OOV_ROW = 0;
  public static final int MISSING_ROW = 1;

  private final String table;
  private final Map<String, Integer> rows;

  private Vocabulary(String table, Map<String, Integer> rows) {
    this.table = table;
    this.rows = rows;
  }

  /** Builds the vocabulary from value counts. */
  public static Vocabulary fromCounts(String table, Map<String, Integer> counts, int minCount) {
    Map<String, Integer> rows = new HashMap<>();
    int next = 2;
    for (Map.Entry<String, Integer> e : new TreeMap<>(counts).entrySet()) {
      if (e.getValue() >= minCount) {
        rows.put(e.getKey(), next++);
      }
    }
    return new Vocabulary(table, rows);
  }

  public int size() {
    return rows.size() + 2;
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
    return rows.getOrDefault(value, OOV_ROW);
  }

  @Override
  public int missingRow(int chunk) {
    return MISSING_ROW;
  }

  /** The values owning rows 2, 3, …, in row order (for saving a model artifact). */
  public java.util.List<String> values() {
    String[] v = new String[rows.size()];
    rows.forEach((value, row) -> v[row - 2] = value);
    return java.util.List.of(v);
  }

  /** The vocabulary whose rows 2, 3, … belong to values in that order, as {@link #values()}. */
  public static Vocabulary ofValues(String table, java.util.List<String> values) {
    Map<String, Integer> rows = new HashMap<>();
    for (String v : values) {
      if (rows.put(v, rows.size() + 2) != null) {
        throw new IllegalArgumentException("table " + table + ": value listed twice: " + v);
      }
    }
    return new Vocabulary(table, rows);
  }
}
