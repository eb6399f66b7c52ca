package io.streamplex.embeddings.strategy;

import io.streamplex.embeddings.graph.GraphHashMap;
import io.streamplex.embeddings.graph.Side;
import io.streamplex.embeddings.hash.CanonicalValue;
import io.streamplex.embeddings.hash.FeatureHasher;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GraphHash (Wu et al., WWW 2025): every user (or item) ID shares the row of its modularity cluster
 * in the user–item graph. Table rows: 0 missing, 1 + cluster for IDs the map knows, and for unseen
 * IDs the {@link UnseenPolicy}: hash into the cluster rows, a reserved OOV row (row 1 + C), or the
 * majority cluster of the ID's first k counterparts.
 */
public final class GraphHash extends SingleTableStrategy {

  private final GraphHashMap map;
  private final Side side;
  private final UnseenPolicy unseen;
  private final int neighbourK;
  private final int clusters;
  private final FeatureHasher hasher;
  private final ConcurrentHashMap<String, Integer> assigned = new ConcurrentHashMap<>();

  public GraphHash(
      String field,
      GraphHashMap map,
      Side side,
      UnseenPolicy unseen,
      int neighbourK,
      int dim,
      long seed) {
    super(
        field,
        new TableSpec(field, 1 + map.clusters(side) + (unseen == UnseenPolicy.OOV ? 1 : 0), dim));
    if (map.clusters(side) < 1) {
      throw new IllegalArgumentException(
          "field '" + field + "': the GraphHash map has no " + side + " clusters");
    }
    if (unseen == UnseenPolicy.NEIGHBOURS && neighbourK < 1) {
      throw new IllegalArgumentException(
          "field '" + field + "': the neighbours policy needs neighbourK >= 1, got " + neighbourK);
    }
    this.map = map;
    this.side = side;
    this.unseen = unseen;
    this.neighbourK = neighbourK;
    this.clusters = map.clusters(side);
    this.hasher = new FeatureHasher(field, 1, seed);
  }

  public GraphHashMap map() {
    return map;
  }

  public Side side() {
    return side;
  }

  public UnseenPolicy unseenPolicy() {
    return unseen;
  }

  public int clusters() {
    return clusters;
  }

  public int neighbourK() {
    return neighbourK;
  }

  public long seed() {
    return hasher.seed();
  }

  /** The rows unseen IDs were given by {@link #assignFromNeighbours}, by ID (a copy). */
  public java.util.Map<String, Integer> assignments() {
    return new java.util.TreeMap<>(assigned);
  }

  /**
   * Gives an unseen ID the row an earlier {@link #assignFromNeighbours} gave it (restoring a saved
   * model), so it keeps the embedding it was trained or evaluated with.
   */
  public void restoreAssignment(String id, int row) {
    if (unseen != UnseenPolicy.NEIGHBOURS) {
      throw new IllegalStateException(
          "field '" + field + "': unseen policy is " + unseen + ", not NEIGHBOURS");
    }
    if (row < 1 || row > clusters) {
      throw new IllegalArgumentException(
          "field '" + field + "': ID '" + id + "' assigned to row " + row + ", not a cluster row");
    }
    if (map.cluster(side, id) >= 0) {
      throw new IllegalArgumentException(
          "field '" + field + "': ID '" + id + "' is in the map, it cannot be assigned");
    }
    assigned.put(id, row);
  }

  /** The reserved OOV row, or -1 when the policy is not {@link UnseenPolicy#OOV}. */
  public int oovRow() {
    return unseen == UnseenPolicy.OOV ? 1 + clusters : -1;
  }

  @Override
  public String kind() {
    return "graphhash";
  }

  /** Row of the salted hash into the cluster rows: DoubleGraphHash's second lookup. */
  int hashRow(String value) {
    return 1 + FeatureHasher.bucket(hasher.hash(0, value), clusters);
  }

  int hashRow(long value) {
    return 1 + FeatureHasher.bucket(hasher.hash(0, value), clusters);
  }

  @Override
  int row(String value) {
    int c = map.cluster(side, value);
    if (c >= 0) {
      return 1 + c;
    }
    return unseenRow(value);
  }

  /**
   * Allocation-free except under {@link UnseenPolicy#NEIGHBOURS} for an unseen integer ID once some
   * IDs have been assigned, where the assignment table is keyed by the canonical string.
   */
  @Override
  int row(long value) {
    int c = map.cluster(side, value);
    if (c >= 0) {
      return 1 + c;
    }
    if (unseen == UnseenPolicy.OOV) {
      return 1 + clusters;
    }
    if (unseen == UnseenPolicy.NEIGHBOURS && !assigned.isEmpty()) {
      Integer r = assigned.get(Long.toString(value));
      if (r != null) {
        return r;
      }
    }
    return hashRow(value);
  }

  private int unseenRow(String value) {
    switch (unseen) {
      case OOV:
        return 1 + clusters;
      case NEIGHBOURS:
        Integer r = assigned.get(value);
        return r != null ? r : hashRow(value);
      default:
        return hashRow(value);
    }
  }

  /**
   * Places an unseen ID in the majority cluster of its first k counterparts (for a user: the items
   * it interacted with first) and returns its row. Only under {@link UnseenPolicy#NEIGHBOURS}; IDs
   * the map knows keep their cluster; when no counterpart is known the ID keeps the hash row.
   */
  public int assignFromNeighbours(String id, Iterable<String> counterparts) {
    if (unseen != UnseenPolicy.NEIGHBOURS) {
      throw new IllegalStateException(
          "field '" + field + "': unseen policy is " + unseen + ", not NEIGHBOURS");
    }
    if (CanonicalValue.isMissing(id)) {
      return MISSING_ROW;
    }
    int known = map.cluster(side, id);
    if (known >= 0) {
      return 1 + known;
    }
    int c = map.majorityCluster(side, counterparts, neighbourK);
    int row = c >= 0 ? 1 + c : hashRow(id);
    assigned.put(id, row);
    return row;
  }
}
