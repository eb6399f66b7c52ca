package io.streamplex.embeddings.graph;

import io.streamplex.embeddings.hash.CanonicalValue;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.Arrays;

/**
 * The user–item interaction graph GraphHash clusters, in compressed sparse rows over {@code nUsers
 * + nItems} nodes: users are nodes [0, nUsers), item i is node nUsers + i. Repeated (user, item)
 * pairs add up to one edge whose weight is their count, or 1 with binary weights. Each node's
 * neighbours are sorted ascending, as CWTS networkanalysis requires. Built from primitive arrays
 * only, so 10M-edge graphs fit in a few hundred MB.
 */
public final class BipartiteGraph {

  private final String[] userIds;
  private final String[] itemIds;
  private final int nUsers;
  private final int nItems;
  private final long interactions;
  private final boolean binaryWeights;
  private final long[] firstNeighbour;
  private final int[] neighbours;
  private final double[] weights;

  private BipartiteGraph(
      String[] userIds,
      String[] itemIds,
      int nUsers,
      int nItems,
      long interactions,
      boolean binaryWeights,
      long[] firstNeighbour,
      int[] neighbours,
      double[] weights) {
    this.userIds = userIds;
    this.itemIds = itemIds;
    this.nUsers = nUsers;
    this.nItems = nItems;
    this.interactions = interactions;
    this.binaryWeights = binaryWeights;
    this.firstNeighbour = firstNeighbour;
    this.neighbours = neighbours;
    this.weights = weights;
  }

  /**
   * Builds the graph from {@code n} interactions given as dense indices. {@code users} and {@code
   * items} are reordered in place (sorted by pair).
   */
  public static BipartiteGraph fromIndexedEdges(
      int nUsers, int nItems, int[] users, int[] items, int n, boolean binaryWeights) {
    return build(null, null, nUsers, nItems, users, items, n, binaryWeights);
  }

  private static BipartiteGraph build(
      String[] userIds,
      String[] itemIds,
      int nUsers,
      int nItems,
      int[] users,
      int[] items,
      int n,
      boolean binaryWeights) {
    if ((long) nUsers + nItems > Integer.MAX_VALUE - 1) {
      throw new IllegalArgumentException("too many nodes: " + nUsers + " + " + nItems);
    }
    long[] keys = new long[n];
    for (int e = 0; e < n; e++) {
      int u = users[e];
      int i = items[e];
      if (u < 0 || u >= nUsers || i < 0 || i >= nItems) {
        throw new IllegalArgumentException(
            "edge " + e + " (" + u + ", " + i + ") outside " + nUsers + " users × " + nItems);
      }
      keys[e] = ((long) u << 32) | i;
    }
    Arrays.parallelSort(keys);
    // Collapse repeated pairs in place: users[k], items[k] and counts in the first `pairs` slots.
    int pairs = 0;
    double[] pairWeight = new double[n];
    for (int e = 0; e < n; e++) {
      if (pairs > 0 && keys[e] == keys[e - 1]) {
        if (!binaryWeights) {
          pairWeight[pairs - 1] += 1;
        }
        continue;
      }
      users[pairs] = (int) (keys[e] >>> 32);
      items[pairs] = (int) keys[e];
      pairWeight[pairs] = 1;
      pairs++;
    }
    keys = null;
    int nodes = nUsers + nItems;
    long[] first = new long[nodes + 1];
    for (int p = 0; p < pairs; p++) {
      first[users[p] + 1]++;
      first[nUsers + items[p] + 1]++;
    }
    for (int v = 0; v < nodes; v++) {
      first[v + 1] += first[v];
    }
    int[] nbr = new int[2 * pairs];
    double[] w = new double[2 * pairs];
    long[] cursor = Arrays.copyOf(first, nodes);
    // Pairs are sorted by (user, item): a user's items come out ascending, and each item sees
    // its users in ascending order too.
    for (int p = 0; p < pairs; p++) {
      int u = users[p];
      int itemNode = nUsers + items[p];
      int a = (int) cursor[u]++;
      nbr[a] = itemNode;
      w[a] = pairWeight[p];
      int b = (int) cursor[itemNode]++;
      nbr[b] = u;
      w[b] = pairWeight[p];
    }
    return new BipartiteGraph(userIds, itemIds, nUsers, nItems, n, binaryWeights, first, nbr, w);
  }

  public static Builder builder() {
    return new Builder();
  }

  public int users() {
    return nUsers;
  }

  public int items() {
    return nItems;
  }

  public int nodes() {
    return nUsers + nItems;
  }

  /** Interactions added, repeats included. */
  public long interactions() {
    return interactions;
  }

  /** Whether every edge weighs 1, however often its pair was seen. */
  public boolean binaryWeights() {
    return binaryWeights;
  }

  /** Distinct (user, item) pairs. */
  public long edges() {
    return neighbours.length / 2;
  }

  /** User ID of user index {@code u}, or null for graphs built from indices. */
  public String userId(int u) {
    return userIds == null ? null : userIds[u];
  }

  public String itemId(int i) {
    return itemIds == null ? null : itemIds[i];
  }

  long[] firstNeighbour() {
    return firstNeighbour;
  }

  int[] neighbours() {
    return neighbours;
  }

  double[] weights() {
    return weights;
  }

  /**
   * Collects interactions by string ID. Nodes are numbered in sorted ID order at {@link #build}, so
   * the graph (and its clustering) does not depend on the order interactions arrive in.
   * Interactions with a missing user or item are skipped.
   */
  public static final class Builder {
    private final Object2IntOpenHashMap<String> users = new Object2IntOpenHashMap<>();
    private final Object2IntOpenHashMap<String> items = new Object2IntOpenHashMap<>();
    private int[] u = new int[1024];
    private int[] i = new int[1024];
    private int n;
    private long skipped;

    public Builder add(String user, String item) {
      if (CanonicalValue.isMissing(user) || CanonicalValue.isMissing(item)) {
        skipped++;
        return this;
      }
      if (n == u.length) {
        u = Arrays.copyOf(u, n * 2);
        i = Arrays.copyOf(i, n * 2);
      }
      u[n] = users.computeIfAbsent(user, k -> users.size());
      i[n] = items.computeIfAbsent(item, k -> items.size());
      n++;
      return this;
    }

    public long skipped() {
      return skipped;
    }

    public BipartiteGraph build(boolean binaryWeights) {
      String[] userIds = sortedIds(users);
      String[] itemIds = sortedIds(items);
      int[] userRemap = remap(users, userIds);
      int[] itemRemap = remap(items, itemIds);
      int[] us = new int[n];
      int[] is = new int[n];
      for (int e = 0; e < n; e++) {
        us[e] = userRemap[u[e]];
        is[e] = itemRemap[i[e]];
      }
      return BipartiteGraph.build(
          userIds, itemIds, userIds.length, itemIds.length, us, is, n, binaryWeights);
    }

    private static String[] sortedIds(Object2IntOpenHashMap<String> ids) {
      String[] s = ids.keySet().toArray(new String[0]);
      Arrays.sort(s);
      return s;
    }

    private static int[] remap(Object2IntOpenHashMap<String> ids, String[] sorted) {
      int[] r = new int[sorted.length];
      for (int k = 0; k < sorted.length; k++) {
        r[ids.getInt(sorted[k])] = k;
      }
      return r;
    }
  }
}
