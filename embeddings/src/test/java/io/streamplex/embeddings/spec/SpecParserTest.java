package io.streamplex.embeddings.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.embeddings.graph.GraphClustering;
import io.streamplex.embeddings.strategy.UnseenPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecParserTest {

  static FeatureSpec movielens() throws Exception {
    return SpecParser.parse(
        Path.of(SpecParserTest.class.getResource("/specs/movielens.yaml").toURI()));
  }

  @Test
  void parsesEveryStrategyFromYaml() throws Exception {
    FeatureSpec s = movielens();
    assertEquals(2026, s.seed());
    assertEquals(8, s.fields().size());
    assertEquals(
        new FeatureSpec.UnifiedTable("shared", 2, 512, 8, 2026), s.unifiedTables().get("shared"));
    FeatureSpec.Graph g = s.graphs().get("ml");
    assertEquals(GraphClustering.Algorithm.LEIDEN, g.clustering().algorithm());
    assertEquals(1.0, g.clustering().resolution());
    assertEquals(5, g.clustering().iterations());
    assertEquals(7, g.clustering().seed());
    assertEquals(
        new FeatureSpec.GraphHash("ml", 16, UnseenPolicy.NEIGHBOURS, 3, false, 2026),
        s.field("user_id").embedding());
    assertEquals("doublegraphhash", s.field("item_id").embedding().strategy());
    assertEquals(new FeatureSpec.Collisionless(16, 1), s.field("gender").embedding());
    assertEquals(new FeatureSpec.Unified("shared", 2), s.field("zip").embedding());
    assertEquals(new FeatureSpec.Hashing(16, 16, 2026), s.field("age").embedding());
    FeatureSpec.Field genres = s.field("genres");
    assertEquals(FeatureSpec.FieldType.MULTI_VALUED, genres.type());
    assertEquals("|", genres.separator());
    assertEquals(FeatureSpec.Pooling.MEAN, genres.pooling());
    assertEquals(new FeatureSpec.Frequency(12, 16, 6, 0.5, 2026), genres.embedding());
    assertNull(s.field("timestamp").embedding());
  }

  @Test
  void parsesJsonToo() throws SpecException {
    FeatureSpec s =
        SpecParser.parse(
            "{\"seed\": 5, \"fields\": [{\"name\": \"c1\", \"type\": \"categorical\","
                + " \"embedding\": {\"strategy\": \"hashing\", \"rows\": 100, \"dim\": 4, \"seed\": 9}}]}",
            "inline.json");
    assertEquals(new FeatureSpec.Hashing(100, 4, 9), s.field("c1").embedding());
  }

  static List<String> problems(String yaml) {
    SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse(yaml, "test.yaml"));
    assertTrue(e.getMessage().startsWith("invalid feature spec test.yaml"), e.getMessage());
    return e.problems();
  }

  static void assertProblem(String yaml, String expected) {
    List<String> p = problems(yaml);
    assertTrue(p.stream().anyMatch(x -> x.equals(expected)), "expected [" + expected + "] in " + p);
  }

  static String field(String body) {
    return "fields:\n  - " + body + "\n";
  }

  @Test
  void namesTheFieldAndTheProblem() {
    assertProblem(
        field("{name: zip, type: categorical, embedding: {strategy: bloom, dim: 4}}"),
        "field 'zip': unknown strategy 'bloom' (known: " + SpecParser.STRATEGIES + ")");
    assertProblem(
        field("{name: zip, type: categorical, embedding: {strategy: hashing, dim: 4}}"),
        "field 'zip': missing parameter 'rows'");
    assertProblem(
        field("{name: zip, type: categorical, embedding: {strategy: hashing, rows: -5, dim: 4}}"),
        "field 'zip': 'rows' must be >= 2, got -5 (negative)");
    assertProblem(
        field(
            "{name: zip, type: categorical, embedding: {strategy: hashing, rows: 9, dim: 4, rowz: 3}}"),
        "field 'zip': unknown key 'rowz' (known: [strategy, rows, dim, seed])");
    assertProblem(
        field("{name: zip, type: categorical, embedding: {strategy: hashing, rows: ten, dim: 4}}"),
        "field 'zip': 'rows' must be an integer, got 'ten'");
    assertProblem(
        field(
            "{name: zip, type: categorical, embedding: {strategy: unified, table: big, chunks: 2}}"),
        "field 'zip': unknown unified table 'big' (declared: [])");
    assertProblem(
        field("{name: zip, type: categorical}"), "field 'zip': missing parameter 'embedding'");
    assertProblem(
        field("{name: ts, type: numeric, embedding: {strategy: hashing, rows: 9, dim: 4}}"),
        "field 'ts': numeric fields are not looked up; remove 'embedding'");
    assertProblem(
        field("{name: zip, type: catgorical, embedding: {strategy: hashing, rows: 9, dim: 4}}"),
        "field 'zip': unknown type 'catgorical' (categorical, multi_valued or numeric)");
    assertProblem(field("{type: categorical}"), "fields[0]: missing parameter 'name'");
    assertProblem("seed: 1\n", "spec: 'fields' must be a non-empty list");
    List<String> syntax = problems("fields:\n  - {name: a\n  - b: [\n");
    assertEquals(1, syntax.size());
    assertTrue(syntax.get(0).startsWith("not valid YAML/JSON at line "), syntax.toString());
  }

  @Test
  void checksReferencesBetweenFieldsAndGraphs() {
    String graphs =
        "graphs:\n  ml: {userField: user_id, itemField: item_id, resolution: 0, algorithm: kmeans}\n";
    List<String> p =
        problems(
            graphs
                + "fields:\n"
                + "  - {name: user_id, type: categorical, embedding: {strategy: graphhash, graph: ml, dim: 8, unseen: neighbors}}\n"
                + "  - {name: zip, type: categorical, embedding: {strategy: graphhash, graph: ml, dim: 8}}\n"
                + "  - {name: zip, type: categorical, embedding: {strategy: graphhash, graph: nope, dim: 8}}\n");
    assertTrue(
        p.contains("graph 'ml': unknown algorithm 'kmeans' (leiden or louvain)"), p.toString());
    assertTrue(
        p.contains("graph 'ml': 'resolution' must be a positive number, got 0.0"), p.toString());
    assertTrue(
        p.contains("field 'user_id': unknown unseen 'neighbors' (hash, oov or neighbours)"),
        p.toString());
    assertTrue(
        p.contains("field 'zip': graph 'ml' clusters 'user_id' and 'item_id', not this field"),
        p.toString());
    assertTrue(p.contains("field 'zip': unknown graph 'nope' (declared: [ml])"), p.toString());
    assertTrue(p.contains("field 'zip': declared twice"), p.toString());
    assertTrue(p.contains("graph 'ml': field 'item_id' is not declared in 'fields'"), p.toString());
    assertEquals(7, p.size(), p.toString());
  }

  @Test
  void specFileThatDoesNotExistIsAnIoError() {
    assertThrows(IOException.class, () -> SpecParser.parse(Path.of("/no/such/spec.yaml")));
  }
}
