package io.streamplex.ctr.data;

import io.streamplex.embeddings.strategy.Combine;
import io.streamplex.embeddings.strategy.DoubleGraphHash;
import io.streamplex.embeddings.strategy.EmbeddingStrategy;
import io.streamplex.embeddings.strategy.GraphHash;
import io.streamplex.embeddings.strategy.TableSpec;
import io.streamplex.embeddings.strategy.UnseenPolicy;
import io.streamplex.schema.Feature;
import io.streamplex.schema.TrainingExample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lets the trainer's embedding layer read any {@link EmbeddingStrategy} (hashing trick, frequency,
 * Unified Embedding, GraphHash, DoubleGraphHash): each strategy lookup becomes a chunk in the
 * strategy's table, so fields of one Unified Embedding share the table by its id. The layer sizes
 * chunk rows from the model width (width / lookups, or the full width when summed), not from the
 * strategy's own dims.
 *
 * <p>A GraphHash (or DoubleGraphHash) field with the {@link UnseenPolicy#NEIGHBOURS} policy names
 * its counterpart field (user_id for item_id and back): before a split is encoded, every ID the map
 * never saw is placed in the majority cluster of the first k counterparts it has in that split, by
 * event time (ties in split order). An ID keeps its first placement; one with no known counterpart
 * keeps the hash fallback until a later split places it. The counterparts are other inputs of the
 * same examples, never labels (but within a split an ID's first k may come later than the example
 * being scored, as in any offline evaluation of this policy).
 */
public final class StrategyRows implements RowMapper {

  private final EmbeddingStrategy strategy;
  private final String counterpartField;
  private final int[] rows;
  private final int[] missing;

  /** Rows of a value, computed once per encode call; encoding is single-threaded. */
  private final int[] scratch;

  public StrategyRows(EmbeddingStrategy strategy) {
    this(strategy, null);
  }

  /**
   * @param counterpartField the field whose values are this GraphHash field's graph neighbours
   *     (needed under the NEIGHBOURS policy, else null)
   */
  public StrategyRows(EmbeddingStrategy strategy, String counterpartField) {
    this.strategy = strategy;
    GraphHash g = graphHash(strategy);
    boolean neighbours = g != null && g.unseenPolicy() == UnseenPolicy.NEIGHBOURS;
    if (neighbours && counterpartField == null) {
      throw new IllegalArgumentException(
          "field '"
              + strategy.field()
              + "': the NEIGHBOURS unseen policy needs the counterpart field whose values are its"
              + " graph neighbours");
    }
    if (!neighbours && counterpartField != null) {
      throw new IllegalArgumentException(
          "field '"
              + strategy.field()
              + "': a counterpart field only feeds a GraphHash NEIGHBOURS policy");
    }
    this.counterpartField = counterpartField;
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

  /** The field feeding the NEIGHBOURS policy, or null. */
  public String counterpartField() {
    return counterpartField;
  }

  /** The GraphHash behind a GraphHash or DoubleGraphHash strategy, else null. */
  public static GraphHash graphHash(EmbeddingStrategy s) {
    if (s instanceof GraphHash g) {
      return g;
    }
    return s instanceof DoubleGraphHash d ? d.graphHash() : null;
  }

  @Override
  public void observe(List<TrainingExample> examples) {
    if (counterpartField == null) {
      return;
    }
    GraphHash g = graphHash(strategy);
    List<TrainingExample> byTime = new ArrayList<>(examples);
    // a stable sort: examples at the same time stay in split order
    byTime.sort(
        Comparator.comparingLong(
            e -> e.getEventTime() == null ? 0 : e.getEventTime().toEpochMilli()));
    Map<String, List<String>> counterparts = new LinkedHashMap<>();
    Map<String, Integer> before = g.assignments();
    for (TrainingExample e : byTime) {
      String id = null;
      String other = null;
      for (Feature f : e.getFeatures()) {
        String name = f.getName().toString();
        if (!f.getValues().isEmpty()) {
          if (name.equals(strategy.field())) {
            id = f.getValues().get(0).toString();
          } else if (name.equals(counterpartField)) {
            other = f.getValues().get(0).toString();
          }
        }
      }
      if (id != null
          && other != null
          && !before.containsKey(id)
          && g.map().cluster(g.side(), id) < 0) {
        counterparts.computeIfAbsent(id, k -> new ArrayList<>()).add(other);
      }
    }
    counterparts.forEach(
        (id, others) -> {
          // an ID none of whose counterparts the map knows stays on the hash fallback, free to be
          // placed by a later split
          if (g.map().majorityCluster(g.side(), others, g.neighbourK()) >= 0) {
            g.assignFromNeighbours(id, others);
          }
        });
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
