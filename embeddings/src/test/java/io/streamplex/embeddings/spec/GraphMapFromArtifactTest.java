package io.streamplex.embeddings.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.embeddings.graph.BipartiteGraph;
import io.streamplex.embeddings.graph.GraphClustering;
import io.streamplex.embeddings.graph.GraphHashMap;
import io.streamplex.embeddings.graph.Side;
import io.streamplex.embeddings.strategy.GraphHash;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spec can point a graph at a published map instead of clustering at start-up. */
class GraphMapFromArtifactTest {

  static String spec(Path map) {
    return "graphs:\n  g: {userField: u, itemField: i, resolution: 1, map: '"
        + map
        + "'}\nfields:\n"
        + "  - {name: u, type: categorical, embedding: {strategy: graphhash, graph: g, dim: 4}}\n"
        + "  - {name: i, type: categorical, embedding: {strategy: graphhash, graph: g, dim: 4}}\n";
  }

  @Test
  void loadsThePublishedMapWithoutInteractions(@TempDir Path dir) throws Exception {
    BipartiteGraph.Builder b = BipartiteGraph.builder();
    for (int k = 0; k < 30; k++) {
      b.add("u" + k, "i" + (k % 3)).add("u" + k, "i" + (k % 3 + 3));
    }
    BipartiteGraph g = b.build(false);
    GraphClustering.Config config = GraphClustering.Config.leiden(1.0, 9);
    GraphHashMap published = GraphHashMap.of(g, config, GraphClustering.cluster(g, config, null));
    Path file = dir.resolve("map.json");
    published.write(file);

    FeatureSpec spec = SpecParser.parse(spec(file), "inline");
    EmbeddingFactory.Embeddings emb = EmbeddingFactory.build(spec, new FieldStatistics(spec), null);
    GraphHash u = (GraphHash) emb.strategy("u");
    assertEquals(published.contentHash(), u.map().contentHash());
    assertEquals(Side.ITEM, ((GraphHash) emb.strategy("i")).side());
    int[] row = new int[1];
    u.rows("u4", row, 0);
    assertEquals(1 + published.cluster(Side.USER, "u4"), row[0]);

    FeatureSpec missing = SpecParser.parse(spec(dir.resolve("nope.json")), "inline");
    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () -> EmbeddingFactory.build(missing, new FieldStatistics(missing), null));
    assertTrue(e.getMessage().startsWith("graph 'g': "), e.getMessage());
  }
}
