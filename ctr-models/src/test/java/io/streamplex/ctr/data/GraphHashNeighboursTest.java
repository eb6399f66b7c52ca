package io.streamplex.ctr.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.embeddings.graph.BipartiteGraph;
import io.streamplex.embeddings.graph.GraphClustering;
import io.streamplex.embeddings.graph.GraphHashMap;
import io.streamplex.embeddings.graph.Side;
import io.streamplex.embeddings.strategy.DoubleGraphHash;
import io.streamplex.embeddings.strategy.GraphHash;
import io.streamplex.embeddings.strategy.UnseenPolicy;
import io.streamplex.schema.TrainingExample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The trainer adapter feeds GraphHash's NEIGHBOURS policy: IDs the map never saw, met in a
 * validation or test split, read the cluster row of the majority of their first k counterparts in
 * that split (by event time), instead of the hash fallback.
 */
class GraphHashNeighboursTest {

  private static final List<FieldSpec> FIELDS =
      List.of(FieldSpec.categorical("user"), FieldSpec.categorical("item"));

  /** Two disconnected communities: users a* with items x*, users b* with items y*. */
  private static final List<TrainingExample> TRAIN = new ArrayList<>();

  static {
    int k = 0;
    for (String u : List.of("a1", "a2", "a3", "a4")) {
      for (String i : List.of("x1", "x2", "x3")) {
        TRAIN.add(example(k++, u, i));
      }
    }
    for (String u : List.of("b1", "b2", "b3", "b4")) {
      for (String i : List.of("y1", "y2", "y3")) {
        TRAIN.add(example(k++, u, i));
      }
    }
  }

  private static TrainingExample example(long t, String user, String item) {
    return SyntheticCtr.example(
        t,
        user,
        item,
        List.of(SyntheticCtr.cat("user", user), SyntheticCtr.cat("item", item)),
        t % 2 == 0);
  }

  private static GraphHashMap map() {
    BipartiteGraph.Builder b = BipartiteGraph.builder();
    TRAIN.forEach(e -> b.add(e.getUserId().toString(), e.getItemId().toString()));
    BipartiteGraph g = b.build(false);
    GraphClustering.Config c = GraphClustering.Config.leiden(1.0, 7);
    return GraphHashMap.of(g, c, GraphClustering.cluster(g, c, null));
  }

  private static int userRow(EncodedData d, int example) {
    return d.rows[example * d.schema.slotsPerExample() + d.schema.slotOffset(0)];
  }

  @Test
  void unseenIdsTakeTheirFirstNeighboursMajorityClusterWhenASplitIsEncoded() {
    GraphHashMap map = map();
    int aUsers = map.cluster(Side.USER, "a1");
    int bUsers = map.cluster(Side.USER, "b1");
    int aItems = map.cluster(Side.ITEM, "x1");
    assertNotEquals(aUsers, bUsers, "the two components must be two clusters");
    GraphHash user = new GraphHash("user", map, Side.USER, UnseenPolicy.NEIGHBOURS, 2, 4, 3);
    GraphHash item = new GraphHash("item", map, Side.ITEM, UnseenPolicy.NEIGHBOURS, 2, 4, 3);
    EmbeddingSchema schema =
        EmbeddingSchema.fit(FIELDS, TRAIN)
            .withMappers(
                Map.of(
                    "user", new StrategyRows(user, "item"),
                    "item", new StrategyRows(new DoubleGraphHash(item), "user")));
    // test split, out of time order on purpose: n1 meets x1, x2, then y1; n2 meets y1 and y2
    // first, x* later, so with k = 2 it follows y*; n3 meets only unknown items
    List<TrainingExample> test =
        List.of(
            example(105, "n2", "x1"),
            example(100, "n1", "x1"),
            example(101, "n1", "x2"),
            example(102, "n1", "y1"),
            example(103, "n2", "y1"),
            example(104, "n2", "y2"),
            example(106, "n2", "x2"),
            example(107, "n2", "x3"),
            example(108, "n3", "z9"),
            example(109, "a1", "z8"),
            example(110, "b2", "z8"));
    EncodedData d = EncodedData.encode(schema, test);
    assertEquals(1 + aUsers, userRow(d, 1), "n1: x1, x2 outvote y1");
    assertEquals(1 + bUsers, userRow(d, 0), "n2: its first two items are y1, y2");
    HashOnly hashed = new HashOnly(map);
    assertEquals(hashed.userRow("n3"), userRow(d, 8), "n3 knows no item: hash fallback");
    assertEquals(1 + aUsers, userRow(d, 9), "a1 keeps its own cluster");
    // z8's first two users are a1 then b2: a tie, which goes to the larger (lower) community
    assertTrue(item.assignments().containsKey("z8"));
    assertEquals(Map.of("n1", 1 + aUsers, "n2", 1 + bUsers), user.assignments());
    // the DoubleGraphHash item field sums its assigned cluster row and its hash row
    int z8 = d.rows[9 * d.schema.slotsPerExample() + d.schema.slotOffset(1)];
    assertEquals(item.assignments().get("z8"), z8);
    assertTrue(z8 == 1 + aItems || z8 == 1 + map.cluster(Side.ITEM, "y1"));

    // a later split does not move an ID already placed
    EncodedData again = EncodedData.encode(schema, List.of(example(200, "n1", "y3")));
    assertEquals(1 + aUsers, userRow(again, 0));
  }

  @Test
  void theNeighboursPolicyNeedsItsCounterpartField() {
    GraphHash user = new GraphHash("user", map(), Side.USER, UnseenPolicy.NEIGHBOURS, 2, 4, 3);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new StrategyRows(user));
    assertTrue(e.getMessage().contains("'user'") && e.getMessage().contains("counterpart"));
    GraphHash hash = new GraphHash("user", map(), Side.USER, UnseenPolicy.HASH, 0, 4, 3);
    assertThrows(IllegalArgumentException.class, () -> new StrategyRows(hash, "item"));
  }

  /** The HASH policy's row for an ID, which NEIGHBOURS falls back to. */
  private record HashOnly(GraphHashMap map) {
    int userRow(String id) {
      int[] out = new int[1];
      new GraphHash("user", map, Side.USER, UnseenPolicy.HASH, 0, 4, 3).rows(id, out, 0);
      return out[0];
    }
  }
}
