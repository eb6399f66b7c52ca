package io.streamplex.embeddings.strategy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.embeddings.graph.GraphClustering;
import io.streamplex.embeddings.graph.GraphHashMap;
import io.streamplex.embeddings.graph.Side;
import io.streamplex.embeddings.table.DenseEmbeddingTable;
import io.streamplex.embeddings.table.EmbeddingTable;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** rows() and the gather must not allocate per lookup: a scoring operator calls them per event. */
class HotPathAllocationTest {

  @Test
  void lookupsAllocateNothingPerCall() {
    var mx = ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(
        mx instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemorySupported(),
        "this JVM cannot count allocated bytes per thread");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) mx;

    var g = io.streamplex.embeddings.graph.BipartiteGraph.builder();
    for (int u = 0; u < 50; u++) {
      g.add("u" + u, "i" + (u % 7)).add("u" + u, "i" + (u % 5));
    }
    var graph = g.build(false);
    var config = GraphClustering.Config.leiden(1.0, 1);
    GraphHashMap map = GraphHashMap.of(graph, config, GraphClustering.cluster(graph, config, null));
    Vocabulary v = Vocabulary.builder().add("a").add("b").add("c").build(1);
    UnifiedEmbedding ue = new UnifiedEmbedding("ue", 2, 101, 4, 3);
    List<EmbeddingStrategy> strategies =
        List.of(
            new Collisionless("c", v, 4),
            new HashingTrick("h", 100, 4, 1),
            new FrequencyHashing("f", v.top(2), 10, 4, 1),
            ue.addFeature("u", 3),
            new GraphHash("g", map, Side.USER, UnseenPolicy.OOV, 0, 4, 1),
            new DoubleGraphHash(new GraphHash("d", map, Side.USER, UnseenPolicy.HASH, 0, 4, 1)));
    String[] values = new String[64];
    for (int k = 0; k < values.length; k++) {
      values[k] = k % 3 == 0 ? "u" + k : "value-" + k;
    }
    int[] rows = new int[8];
    float[] out = new float[16];
    for (EmbeddingStrategy s : strategies) {
      Map<String, EmbeddingTable> tables =
          Map.of(s.tableId(0), new DenseEmbeddingTable(s.tableId(0), s.tables().get(0).rows(), 4));
      EmbeddingTable[] resolved = FieldEmbedder.resolve(s, tables);
      Runnable work =
          () -> {
            for (int k = 0; k < 20_000; k++) {
              s.rows(values[k & 63], rows, 0);
              s.rows((long) k, rows, 4);
              FieldEmbedder.forward(s, resolved, rows, 0, out, 0);
            }
          };
      work.run();
      long before = threads.getCurrentThreadAllocatedBytes();
      work.run();
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;
      // any allocation per call would be ≥ 16 bytes × 40,000 calls
      assertTrue(allocated < 64 * 1024, s.kind() + " allocated " + allocated + " bytes");
    }
  }
}
