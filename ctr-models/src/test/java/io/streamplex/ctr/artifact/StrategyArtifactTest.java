package io.streamplex.ctr.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamplex.ctr.data.EmbeddingSchema;
import io.streamplex.ctr.data.RowMapper;
import io.streamplex.ctr.data.StrategyRows;
import io.streamplex.ctr.data.SyntheticCtr;
import io.streamplex.ctr.models.CtrModel;
import io.streamplex.ctr.models.ModelConfig;
import io.streamplex.embeddings.graph.BipartiteGraph;
import io.streamplex.embeddings.graph.GraphClustering;
import io.streamplex.embeddings.graph.GraphHashMap;
import io.streamplex.embeddings.graph.Side;
import io.streamplex.embeddings.strategy.Collisionless;
import io.streamplex.embeddings.strategy.DoubleGraphHash;
import io.streamplex.embeddings.strategy.FrequencyHashing;
import io.streamplex.embeddings.strategy.GraphHash;
import io.streamplex.embeddings.strategy.HashingTrick;
import io.streamplex.embeddings.strategy.UnifiedEmbedding;
import io.streamplex.embeddings.strategy.UnseenPolicy;
import io.streamplex.embeddings.strategy.Vocabulary;
import io.streamplex.schema.TrainingExample;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model whose fields use any embeddings strategy (hashing trick, frequency, Unified Embedding,
 * GraphHash with NEIGHBOURS placements, DoubleGraphHash, collisionless) saves as one artifact and
 * loads to bit-identical logits, with every field mapping every value to the same rows.
 */
class StrategyArtifactTest {

  private static final List<TrainingExample> EXAMPLES = SyntheticCtr.generate(400, 11);
  private static final int WIDTH = 8;

  @TempDir Path dir;

  private static String value(TrainingExample e, String field) {
    return e.getFeatures().stream()
        .filter(f -> f.getName().toString().equals(field))
        .findFirst()
        .orElseThrow()
        .getValues()
        .get(0)
        .toString();
  }

  /** A map clustered without users u0–u4, so those are unseen and need their neighbours. */
  private static GraphHashMap map() {
    BipartiteGraph.Builder b = BipartiteGraph.builder();
    for (TrainingExample e : EXAMPLES) {
      String u = value(e, "user");
      if (!List.of("u0", "u1", "u2", "u3", "u4").contains(u)) {
        b.add(u, value(e, "item"));
      }
    }
    BipartiteGraph g = b.build(false);
    GraphClustering.Config c = GraphClustering.Config.leiden(2.0, 9);
    return GraphHashMap.of(g, c, GraphClustering.cluster(g, c, null));
  }

  private void assertRoundTrip(String name, Map<String, RowMapper> mappers) throws Exception {
    EmbeddingSchema schema =
        EmbeddingSchema.fit(SyntheticCtr.FIELDS, EXAMPLES).withMappers(mappers);
    CtrModel m =
        CtrModel.create(
            ModelConfig.parse(
                "{\"type\":\"FM\",\"embeddingDim\":" + WIDTH + ",\"embeddingStd\":0.3,\"seed\":5}"),
            schema,
            EXAMPLES.size());
    // encoding places the unseen users before the model is saved
    int[] expected = ModelArtifactTest.logits(m, EXAMPLES);
    Path out = dir.resolve(name);
    ModelArtifact.save(m, Provenance.of("synthetic-400", "all", 5, Map.of()), out);
    CtrModel loaded = ModelArtifact.load(out).model();
    for (int f = 0; f < schema.fieldCount(); f++) {
      RowMapper a = schema.mapper(f);
      RowMapper b = loaded.schema().mapper(f);
      assertEquals(a.getClass(), b.getClass(), schema.field(f).name());
      for (int c = 0; c < a.chunks(); c++) {
        assertEquals(a.table(c), b.table(c));
        assertEquals(a.tableRows(c), b.tableRows(c));
        assertEquals(a.missingRow(c), b.missingRow(c));
        for (String v : List.of("u0", "u3", "u17", "i5", "i59", "d1", "t3", "never-seen", "")) {
          assertEquals(a.row(v, c), b.row(v, c), name + " " + schema.field(f).name() + " " + v);
        }
      }
    }
    assertArrayEquals(expected, ModelArtifactTest.logits(loaded, EXAMPLES), name);
  }

  @Test
  void graphHashWithNeighbourPlacementsDoubleGraphHashHashingAndFrequencyRoundTrip()
      throws Exception {
    GraphHashMap map = map();
    GraphHash user = new GraphHash("user", map, Side.USER, UnseenPolicy.NEIGHBOURS, 3, WIDTH, 3);
    GraphHash item = new GraphHash("item", map, Side.ITEM, UnseenPolicy.HASH, 0, WIDTH, 4);
    Vocabulary.Builder devices = Vocabulary.builder();
    EXAMPLES.forEach(e -> devices.add(value(e, "device")));
    assertRoundTrip(
        "graph",
        Map.of(
            "user", new StrategyRows(user, "item"),
            "item", new StrategyRows(new DoubleGraphHash(item)),
            "device",
                new StrategyRows(
                    new FrequencyHashing("device", devices.build(1).top(1), 3, WIDTH, 6)),
            "tags", new StrategyRows(new HashingTrick("tags", 5, WIDTH, 8))));
    assertFalse(user.assignments().isEmpty(), "u0–u4 were placed by their items");
    assertTrue(user.assignments().keySet().stream().allMatch(u -> u.matches("u[0-4]")));
    EmbeddingSchema loaded = ModelArtifact.load(dir.resolve("graph")).model().schema();
    GraphHash restored = StrategyRows.graphHash(((StrategyRows) loaded.mapper(0)).strategy());
    assertEquals(user.assignments(), restored.assignments(), "placements saved, not recomputed");
    assertEquals(map.contentHash(), restored.map().contentHash());
    assertEquals("item", ((StrategyRows) loaded.mapper(0)).counterpartField());
  }

  @Test
  void aSharedUnifiedTableKeepsItsLayoutAndEachFieldsPlacement() throws Exception {
    // three sub-tables, fields added out of field order: placement is not re-derivable by order
    UnifiedEmbedding ue = new UnifiedEmbedding("ue", 3, 11, WIDTH / 2, 21);
    UnifiedEmbedding.Feature tags = ue.addFeature("tags", 2);
    UnifiedEmbedding.Feature item = ue.addFeature("item", 2);
    UnifiedEmbedding.Feature user = ue.addFeature("user", 2);
    Vocabulary.Builder devices = Vocabulary.builder();
    EXAMPLES.forEach(e -> devices.add(value(e, "device")));
    assertRoundTrip(
        "unified",
        Map.of(
            "user", new StrategyRows(user),
            "item", new StrategyRows(item),
            "tags", new StrategyRows(tags),
            "device", new StrategyRows(new Collisionless("device", devices.build(1), WIDTH))));
    EmbeddingSchema loaded = ModelArtifact.load(dir.resolve("unified")).model().schema();
    UnifiedEmbedding.Feature f =
        assertInstanceOf(
            UnifiedEmbedding.Feature.class, ((StrategyRows) loaded.mapper(0)).strategy());
    assertEquals(user.subTable(0), f.subTable(0));
    assertEquals(user.subTable(1), f.subTable(1));
    assertEquals(1, loaded.tableCount() - 2, "user, item, tags share one table (+ device, price)");
  }

  @Test
  void anEditedStrategyNamesTheFieldAndTheProblem() throws Exception {
    UnifiedEmbedding ue = new UnifiedEmbedding("ue", 2, 11, WIDTH / 2, 21);
    EmbeddingSchema schema =
        EmbeddingSchema.fit(SyntheticCtr.FIELDS, EXAMPLES)
            .withMappers(Map.of("user", new StrategyRows(ue.addFeature("user", 2))));
    ObjectNode json = SchemaJson.toJson(schema);
    ((ObjectNode) json.get("mappers").get(0)).putArray("placement").add(0).add(5);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SchemaJson.fromJson(json));
    assertTrue(
        e.getMessage().contains("user") && e.getMessage().contains("sub-table 5"), e.getMessage());
    ObjectNode bad = SchemaJson.toJson(schema);
    ((ObjectNode) bad.get("mappers").get(0)).put("kind", "bloom");
    e = assertThrows(IllegalArgumentException.class, () -> SchemaJson.fromJson(bad));
    assertTrue(e.getMessage().contains("unknown strategy kind 'bloom'"), e.getMessage());
  }
}
