package io.streamplex.embeddings.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.embeddings.graph.GraphHashMap;
import io.streamplex.embeddings.graph.Side;
import io.streamplex.embeddings.metrics.EmbeddingMetrics;
import io.streamplex.embeddings.strategy.EmbeddingStrategy;
import io.streamplex.embeddings.strategy.FieldEmbedder;
import io.streamplex.embeddings.strategy.TableSpec;
import io.streamplex.embeddings.table.DenseEmbeddingTable;
import io.streamplex.embeddings.table.EmbeddingTable;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The spec → strategies path on real MovieLens-100K records. */
class EmbeddingFactoryMovieLensTest {

  @Test
  void buildsEveryStrategyOfTheSpecAndEveryRecordEmbeds() throws Exception {
    List<Map<String, String>> records = MovieLens100k.records();
    assertEquals(100_000, records.size());
    FeatureSpec spec = SpecParserTest.movielens();
    FieldStatistics stats = new FieldStatistics(spec);
    records.forEach(stats::observe);
    EmbeddingFactory.Embeddings emb = EmbeddingFactory.build(spec, stats, null);

    GraphHashMap map = emb.graphMaps().get("ml");
    assertEquals(943, map.size(Side.USER));
    assertEquals(1682, map.size(Side.ITEM));
    int rows = map.clusters(Side.USER) + map.clusters(Side.ITEM);
    assertTrue(rows <= (943 + 1682) / 4, "γ = 1 leaves " + rows + " user+item rows");
    assertEquals(
        new TableSpec("user_id", 1 + map.clusters(Side.USER), 16), emb.tables().get("user_id"));
    assertEquals(
        new TableSpec("item_id", 2 + map.clusters(Side.ITEM), 16), emb.tables().get("item_id"));
    assertEquals(new TableSpec("shared", 1024, 8), emb.tables().get("shared"));
    assertEquals(new TableSpec("gender", 4, 16), emb.tables().get("gender"));
    assertEquals(7, emb.strategies().size());
    assertEquals(6, emb.tables().size());

    Map<String, DenseEmbeddingTable> tables = emb.createTables(1, 0.01f, 0);
    assertEquals("zip:unified,occupation:unified", tables.get("shared").metadata().get("fields"));
    assertEquals("zip=[0, 1];occupation=[0, 1];", tables.get("shared").metadata().get("placement"));
    assertEquals(map.contentHash(), tables.get("item_id").metadata().get("graphhash_map"));
    assertEquals("xxh3_64/v1", tables.get("age").metadata().get("hash_scheme"));
    float[] out = new float[64];
    int[] rowBuf = new int[4];
    for (EmbeddingStrategy s : emb.strategies()) {
      EmbeddingTable[] resolved = FieldEmbedder.resolve(s, tables);
      for (int r = 0; r < records.size(); r += 97) {
        String v = records.get(r).get(s.field());
        if (s.field().equals("genres")) {
          v = v.split("\\|")[0];
        }
        s.rows(v, rowBuf, 0);
        for (int i = 0; i < s.lookups(); i++) {
          int row = rowBuf[i];
          assertTrue(
              row > 0 && row < emb.tables().get(s.tableId(i)).rows(), s.field() + " row " + row);
        }
        FieldEmbedder.forward(s, resolved, rowBuf, 0, out, 0);
      }
    }

    Map<String, Set<String>> vocab = new HashMap<>();
    for (Map<String, String> rec : records) {
      for (EmbeddingStrategy s : emb.strategies()) {
        Set<String> values = vocab.computeIfAbsent(s.field(), k -> new LinkedHashSet<>());
        values.addAll(List.of(rec.get(s.field()).split(s.field().equals("genres") ? "\\|" : "\t")));
      }
    }
    Map<String, EmbeddingMetrics.FeatureMetrics> m = new HashMap<>();
    for (EmbeddingMetrics.FeatureMetrics fm : EmbeddingMetrics.compute(emb.strategies(), vocab)) {
      m.put(fm.field(), fm);
    }
    assertEquals(0, m.get("gender").collisionRate());
    assertEquals(2, m.get("gender").rowsUsed());
    assertEquals(943, m.get("user_id").values());
    assertEquals(1.0, m.get("user_id").collisionRate(), "every cluster holds several users");
    assertEquals(map.clusters(Side.USER), m.get("user_id").rowsUsed());
    assertTrue(m.get("zip").sharedTable());
    assertEquals(1024L * 8 * 4, m.get("zip").tableBytes());
    // 795 zips in 511 buckets per chunk: most share a chunk row, few share both
    assertTrue(m.get("zip").collisionRate() > 0.5, m.get("zip").toString());
    assertTrue(
        m.get("zip").indistinguishableRate() < 0.05 * m.get("zip").collisionRate(),
        m.get("zip").toString());
    assertTrue(m.get("item_id").indistinguishableRate() <= m.get("item_id").collisionRate());
    System.out.printf(
        "ML-100K γ=1: %d user + %d item clusters, modularity %.4f; metrics %s%n",
        map.clusters(Side.USER), map.clusters(Side.ITEM), map.modularity(), m.values());
  }
}
