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
}
