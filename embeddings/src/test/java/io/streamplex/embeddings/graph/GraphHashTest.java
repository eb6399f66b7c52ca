package io.streamplex.embeddings.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.embeddings.strategy.DoubleGraphHash;
import io.streamplex.embeddings.strategy.GraphHash;
import io.streamplex.embeddings.strategy.UnseenPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphHashTest {

  /** Users u0–u9 and items i0–i9 form community A, u10–u19 and i10–i19 community B. */
  static BipartiteGraph plantedTwoCommunities(long shuffleSeed) {
    List<String[]> edges = new ArrayList<>();
    Random r = new Random(1);
    for (int u = 0; u < 20; u++) {
      int group = u / 10;
      for (int k = 0; k < 8; k++) {
        int item = group * 10 + r.nextInt(10);
        edges.add(new String[] {"u" + u, "i" + item});
      }
    }
    edges.add(new String[] {"u0", "i15"});
    edges.add(new String[] {"u12", "i3"});
    java.util.Collections.shuffle(edges, new Random(shuffleSeed));
    BipartiteGraph.Builder b = BipartiteGraph.builder();
    for (String[] e : edges) {
      b.add(e[0], e[1]);
    }
    b.add(null, "i1").add("u1", "");
    assertEquals(2, b.skipped());
    return b.build(false);
  }

  static GraphHashMap cluster(BipartiteGraph g, GraphClustering.Algorithm a, long seed) {
    GraphClustering.Config config = new GraphClustering.Config(a, 1.0, 0, 2, 0.01, seed);
    return GraphHashMap.of(g, config, GraphClustering.cluster(g, config, null));
  }

  @Test
  void recoversPlantedCommunitiesWithLeidenAndLouvain() {
    BipartiteGraph g = plantedTwoCommunities(0);
    assertEquals(20, g.users());
    assertEquals(20, g.items());
    assertEquals(162, g.interactions());
    assertTrue(g.edges() < 162, "repeated pairs collapse into weighted edges");
    for (GraphClustering.Algorithm a : GraphClustering.Algorithm.values()) {
      GraphHashMap m = cluster(g, a, 42);
      assertEquals(2, m.clusters(Side.USER), a.name());
      assertEquals(2, m.clusters(Side.ITEM), a.name());
      assertTrue(m.modularity() > 0.4, "modularity " + m.modularity());
      for (int k = 0; k < 20; k++) {
        int sameGroup = k < 10 ? 0 : 10;
        assertEquals(m.cluster(Side.USER, "u" + sameGroup), m.cluster(Side.USER, "u" + k));
        assertEquals(m.cluster(Side.ITEM, "i" + sameGroup), m.cluster(Side.ITEM, "i" + k));
        // one community holds both sides
        assertEquals(
            m.community(Side.USER, m.cluster(Side.USER, "u" + k)),
            m.community(Side.ITEM, m.cluster(Side.ITEM, "i" + k)));
      }
      assertNotEquals(m.cluster(Side.USER, "u0"), m.cluster(Side.USER, "u10"));
    }
  }

  @Test
  void sameInteractionsInAnyOrderGiveTheSameMap() {
    GraphHashMap a = cluster(plantedTwoCommunities(1), GraphClustering.Algorithm.LEIDEN, 7);
    GraphHashMap b = cluster(plantedTwoCommunities(2), GraphClustering.Algorithm.LEIDEN, 7);
    assertEquals(a.contentHash(), b.contentHash());
    GraphHashMap c = cluster(plantedTwoCommunities(1), GraphClustering.Algorithm.LEIDEN, 8);
    assertNotEquals(a.contentHash(), c.contentHash(), "the seed is part of the artifact");
  }

  @Test
  void binaryWeightsAreRecordedInTheArtifact(@TempDir Path dir) throws IOException {
    BipartiteGraph.Builder b = BipartiteGraph.builder();
    for (int k = 0; k < 5; k++) {
      b.add("u1", "i1").add("u2", "i2");
    }
    b.add("u1", "i2").add("u2", "i1").add("u3", "i1");
    GraphClustering.Config config = GraphClustering.Config.leiden(1.0, 1);
    BipartiteGraph counted = b.build(false);
    BipartiteGraph binary = b.build(true);
    assertTrue(binary.binaryWeights());
    GraphHashMap a =
        GraphHashMap.of(counted, config, GraphClustering.cluster(counted, config, null));
    GraphHashMap c = GraphHashMap.of(binary, config, GraphClustering.cluster(binary, config, null));
    assertNotEquals(a.contentHash(), c.contentHash());
    Path f = dir.resolve("binary.json");
    c.write(f);
    assertTrue(Files.readString(f).contains("\"binary_weights\":true"));
    assertTrue(GraphHashMap.read(f).binaryWeights());
  }

  @Test
  void mapRoundTripsAndRefusesTampering(@TempDir Path dir) throws IOException {
    GraphHashMap m = cluster(plantedTwoCommunities(0), GraphClustering.Algorithm.LEIDEN, 3);
    Path f = dir.resolve("map.json");
    m.write(f);
    GraphHashMap r = GraphHashMap.read(f);
    assertEquals(m.contentHash(), r.contentHash());
    assertEquals(m.config(), r.config());
    assertEquals(m.modularity(), r.modularity());
    for (int k = 0; k < 20; k++) {
      assertEquals(m.cluster(Side.USER, "u" + k), r.cluster(Side.USER, "u" + k));
    }
    String json = Files.readString(f);
    assertTrue(json.contains("\"resolution\":1.0") && json.contains("\"user_clusters\":2"));
    Files.writeString(f, json.replaceFirst("\"clusters\":\\[0", "\"clusters\":[1"));
    IOException e = assertThrows(IOException.class, () -> GraphHashMap.read(f));
    assertTrue(e.getMessage().contains("content hash mismatch"), e.getMessage());
  }

  @Test
  void knownIdsUseTheirClusterRowAndUnseenIdsFollowThePolicy() {
    GraphHashMap m = cluster(plantedTwoCommunities(0), GraphClustering.Algorithm.LEIDEN, 3);
    int[] out = new int[2];

    GraphHash hash = new GraphHash("user_id", m, Side.USER, UnseenPolicy.HASH, 0, 8, 5);
    assertEquals(3, hash.table().rows());
    hash.rows("u3", out, 0);
    assertEquals(1 + m.cluster(Side.USER, "u3"), out[0]);
    hash.rows("new-user", out, 0);
    assertTrue(out[0] == 1 || out[0] == 2);
    hash.rows("", out, 0);
    assertEquals(0, out[0]);

    GraphHash oov = new GraphHash("user_id", m, Side.USER, UnseenPolicy.OOV, 0, 8, 5);
    assertEquals(4, oov.table().rows());
    oov.rows("new-user", out, 0);
    assertEquals(3, out[0]);
    assertEquals(3, oov.oovRow());

    GraphHash nb = new GraphHash("user_id", m, Side.USER, UnseenPolicy.NEIGHBOURS, 3, 8, 5);
    int communityB = 1 + m.cluster(Side.USER, "u15");
    // first 3 known counterparts: i12, i13 (B) and i1 (A); unknown items are passed over
    int row = nb.assignFromNeighbours("new-user", List.of("i-unknown", "i12", "i1", "i13", "i2"));
    assertEquals(communityB, row);
    nb.rows("new-user", out, 0);
    assertEquals(communityB, out[0]);
    assertEquals(
        1 + m.cluster(Side.USER, "u3"), nb.assignFromNeighbours("u3", List.of("i12", "i13")));
    int fallback = nb.assignFromNeighbours("lonely", List.of("nothing-known"));
    hash.rows("lonely", out, 0);
    assertEquals(out[0], fallback, "no known neighbour: the hash fallback");
    assertThrows(IllegalStateException.class, () -> hash.assignFromNeighbours("x", List.of("i1")));
  }

  @Test
  void doubleGraphHashAddsASaltedHashRowInTheSameTable() {
    GraphHashMap m = cluster(plantedTwoCommunities(0), GraphClustering.Algorithm.LEIDEN, 3);
    DoubleGraphHash d =
        new DoubleGraphHash(new GraphHash("item_id", m, Side.ITEM, UnseenPolicy.OOV, 0, 8, 11));
    assertEquals(2, d.lookups());
    assertEquals(d.tableId(0), d.tableId(1));
    assertEquals(8, d.outputDim());
    int[] a = new int[2];
    int[] b = new int[2];
    int differ = 0;
    for (int k = 0; k < 10; k++) {
      d.rows("i" + k, a, 0);
      assertEquals(1 + m.cluster(Side.ITEM, "i" + k), a[0]);
      assertTrue(a[1] >= 1 && a[1] <= 2, "hash row inside the cluster rows");
      d.rows("i" + (k + 1), b, 0);
      differ += a[1] != b[1] ? 1 : 0;
    }
    assertTrue(differ > 0, "same cluster, different hash rows");
    d.rows("unseen", a, 0);
    assertEquals(3, a[0]);
    d.rows((String) null, a, 0);
    assertArrayEquals(new int[] {0, 0}, a);
  }

  @Test
  void indexedGraphsCollapseRepeatsAndSortNeighbours() {
    int[] users = {1, 0, 1, 1, 2};
    int[] items = {0, 1, 0, 2, 2};
    BipartiteGraph g = BipartiteGraph.fromIndexedEdges(3, 3, users, items, 5, false);
    assertEquals(4, g.edges());
    // user 1: items 0 (weight 2) and 2; nodes 3 and 5
    assertArrayEquals(new long[] {0, 1, 3, 4, 5, 6, 8}, g.firstNeighbour());
    assertArrayEquals(new int[] {4, 3, 5, 5, 1, 0, 1, 2}, g.neighbours());
    assertArrayEquals(new double[] {1, 2, 1, 1, 2, 1, 1, 1}, g.weights());
    BipartiteGraph binary =
        BipartiteGraph.fromIndexedEdges(
            3, 3, new int[] {1, 0, 1, 1, 2}, new int[] {0, 1, 0, 2, 2}, 5, true);
    assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1, 1, 1}, binary.weights());
    assertThrows(
        IllegalArgumentException.class,
        () -> BipartiteGraph.fromIndexedEdges(1, 1, new int[] {0}, new int[] {3}, 1, false));
  }
}
