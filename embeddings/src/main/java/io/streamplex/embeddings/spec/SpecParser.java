package io.streamplex.embeddings.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.streamplex.embeddings.graph.GraphClustering;
import io.streamplex.embeddings.spec.FeatureSpec.Embedding;
import io.streamplex.embeddings.spec.FeatureSpec.Field;
import io.streamplex.embeddings.spec.FeatureSpec.FieldType;
import io.streamplex.embeddings.spec.FeatureSpec.Pooling;
import io.streamplex.embeddings.strategy.UnseenPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a feature spec from YAML (or JSON, which YAML includes) and validates all of it before
 * anything is built. Every problem is collected, named by its place ({@code field 'zip'}, {@code
 * graph 'ml'}) and reported together in one {@link SpecException}, so a bad spec stops start-up
 * with the full list. Unknown keys are errors too: a misspelt parameter never falls back silently
 * to a default.
 *
 * <pre>
 * version: 1
 * seed: 2026                     # default seed of every hash
 * unified:                       # shared Unified Embedding tables
 *   shared: {subTables: 2, rowsPerSubTable: 4096, chunkDim: 8}
 * graphs:                        # user–item graphs for GraphHash
 *   ml: {userField: user_id, itemField: item_id, algorithm: leiden, resolution: 5,
 *        iterations: 10, randomStarts: 1, seed: 7, binaryWeights: false}
 *                                # or map: path/to/map.json to load a GraphHashMap artifact
 * fields:
 *   - {name: user_id, type: categorical,
 *      embedding: {strategy: graphhash, graph: ml, dim: 16, unseen: neighbours, neighbourK: 5}}
 *   - {name: gender, type: categorical, embedding: {strategy: collisionless, dim: 16}}
 *   - {name: zip, type: categorical, embedding: {strategy: unified, table: shared, chunks: 2}}
 *   - {name: genres, type: multi_valued, separator: "|", pooling: mean,
 *      embedding: {strategy: hashing, rows: 64, dim: 16}}
 *   - {name: timestamp, type: numeric}
 * </pre>
 */
public final class SpecParser {

  public static final List<String> STRATEGIES =
      List.of("collisionless", "hashing", "frequency", "unified", "graphhash", "doublegraphhash");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final List<String> problems = new ArrayList<>();

  private SpecParser() {}

  public static FeatureSpec parse(Path file) throws IOException, SpecException {
    return parse(Files.readString(file), file.toString());
  }

  public static FeatureSpec parse(String text, String source) throws SpecException {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      String at =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new SpecException(
          source,
          List.of("not valid YAML/JSON" + at + ": " + e.getOriginalMessage().split("\n")[0]));
    }
    SpecParser p = new SpecParser();
    FeatureSpec spec = p.spec(root);
    if (!p.problems.isEmpty()) {
      throw new SpecException(source, p.problems);
    }
    return spec;
  }

  private FeatureSpec spec(JsonNode root) {
    if (root == null || !root.isObject()) {
      problems.add("the spec must be a mapping with 'fields'");
      return null;
    }
    Obj top = new Obj("spec", root);
    int version = top.integer("version", 1, 1);
    if (version != 1) {
      problems.add("spec: unsupported version " + version + " (this build reads version 1)");
    }
    long seed = top.lng("seed", 0);

    Map<String, FeatureSpec.UnifiedTable> unified = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : top.mapping("unified")) {
      Obj t = new Obj("unified table '" + e.getKey() + "'", e.getValue());
      unified.put(
          e.getKey(),
          new FeatureSpec.UnifiedTable(
              e.getKey(),
              t.required("subTables", 1),
              t.required("rowsPerSubTable", 2),
              t.required("chunkDim", 1),
              t.lng("seed", seed)));
      t.finish();
    }

    Map<String, FeatureSpec.Graph> graphs = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : top.mapping("graphs")) {
      Obj g = new Obj("graph '" + e.getKey() + "'", e.getValue());
      String algorithm = g.str("algorithm", "leiden");
      GraphClustering.Algorithm alg = null;
      try {
        alg = GraphClustering.Algorithm.parse(algorithm);
      } catch (IllegalArgumentException bad) {
        problems.add(g.where + ": unknown algorithm '" + algorithm + "' (leiden or louvain)");
      }
      double resolution = g.positive("resolution", Double.NaN);
      int iterations = g.integer("iterations", 10, 0);
      int starts = g.integer("randomStarts", 1, 1);
      double randomness = g.positive("randomness", 0.01);
      long graphSeed = g.lng("seed", seed);
      GraphClustering.Config config = null;
      if (alg != null && resolution > 0 && iterations >= 0 && starts >= 1 && randomness > 0) {
        config =
            new GraphClustering.Config(alg, resolution, iterations, starts, randomness, graphSeed);
      }
      graphs.put(
          e.getKey(),
          new FeatureSpec.Graph(
              e.getKey(),
              g.requiredStr("userField"),
              g.requiredStr("itemField"),
              config,
              g.bool("binaryWeights", false),
              g.str("map", null)));
      g.finish();
    }

    List<Field> fields = new ArrayList<>();
    JsonNode fs = top.node.get("fields");
    top.known.add("fields");
    if (fs == null || !fs.isArray() || fs.isEmpty()) {
      problems.add("spec: 'fields' must be a non-empty list");
    } else {
      Set<String> names = new HashSet<>();
      int i = 0;
      for (JsonNode f : fs) {
        Field field = field(f, i++, seed, unified, graphs);
        if (field != null && !names.add(field.name())) {
          problems.add("field '" + field.name() + "': declared twice");
        }
        if (field != null) {
          fields.add(field);
        }
      }
    }
    top.finish();

    for (FeatureSpec.Graph g : graphs.values()) {
      for (String f : List.of(g.userField(), g.itemField())) {
        if (f != null && fields.stream().noneMatch(x -> x.name().equals(f))) {
          problems.add("graph '" + g.name() + "': field '" + f + "' is not declared in 'fields'");
        }
      }
    }
    return new FeatureSpec(version, seed, unified, graphs, fields);
  }

  private Field field(
      JsonNode node,
      int index,
      long seed,
      Map<String, FeatureSpec.UnifiedTable> unified,
      Map<String, FeatureSpec.Graph> graphs) {
    String name = node.path("name").isTextual() ? node.path("name").asText() : null;
    Obj f = new Obj(name == null ? "fields[" + index + "]" : "field '" + name + "'", node);
    if (name == null || name.isBlank()) {
      problems.add(f.where + ": missing parameter 'name'");
    }
    f.known.add("name");
    FieldType type =
        f.enumValue("type", FieldType.class, "categorical, multi_valued or numeric", null);
    String separator = null;
    Pooling pooling = null;
    if (type == FieldType.MULTI_VALUED) {
      separator = f.str("separator", "|");
      if (separator.isEmpty()) {
        problems.add(f.where + ": separator must be non-empty");
      }
      pooling = f.enumValue("pooling", Pooling.class, "sum or mean", Pooling.MEAN);
    }
    Embedding embedding = null;
    JsonNode e = node.get("embedding");
    f.known.add("embedding");
    if (type == FieldType.NUMERIC) {
      if (e != null) {
        problems.add(f.where + ": numeric fields are not looked up; remove 'embedding'");
      }
    } else if (type != null) {
      if (e == null) {
        problems.add(f.where + ": missing parameter 'embedding'");
      } else {
        embedding = embedding(new Obj(f.where, e), name, seed, unified, graphs);
      }
    }
    f.finish();
    return name == null ? null : new Field(name, type, separator, pooling, embedding);
  }

  private Embedding embedding(
      Obj e,
      String field,
      long seed,
      Map<String, FeatureSpec.UnifiedTable> unified,
      Map<String, FeatureSpec.Graph> graphs) {
    String strategy = e.requiredStr("strategy");
    if (strategy == null) {
      return null;
    }
    Embedding out;
    switch (strategy.toLowerCase(Locale.ROOT)) {
      case "collisionless" ->
          out = new FeatureSpec.Collisionless(e.required("dim", 1), e.lng("minCount", 1));
      case "hashing" ->
          out =
              new FeatureSpec.Hashing(
                  e.required("rows", 2), e.required("dim", 1), e.lng("seed", seed));
      case "frequency" -> {
        int rows = e.required("rows", 3);
        int frequent = e.integer("frequent", -1, 0);
        double cutoff = e.dbl("cutoff", 0.5);
        if (!(cutoff >= 0 && cutoff < 1)) {
          problems.add(e.where + ": cutoff must be in [0, 1), got " + cutoff);
        }
        if (frequent > rows - 2) {
          problems.add(
              e.where + ": frequent (" + frequent + ") must leave 2 of rows (" + rows + ") free");
        }
        out =
            new FeatureSpec.Frequency(
                rows, e.required("dim", 1), frequent, cutoff, e.lng("seed", seed));
      }
      case "unified" -> {
        String table = e.requiredStr("table");
        if (table != null && !unified.containsKey(table)) {
          problems.add(
              e.where
                  + ": unknown unified table '"
                  + table
                  + "' (declared: "
                  + unified.keySet()
                  + ")");
        }
        out = new FeatureSpec.Unified(table, e.required("chunks", 1));
      }
      case "graphhash", "doublegraphhash" -> {
        String graph = e.requiredStr("graph");
        FeatureSpec.Graph g = graph == null ? null : graphs.get(graph);
        if (graph != null && g == null) {
          problems.add(
              e.where + ": unknown graph '" + graph + "' (declared: " + graphs.keySet() + ")");
        } else if (g != null && !field.equals(g.userField()) && !field.equals(g.itemField())) {
          problems.add(
              e.where
                  + ": graph '"
                  + graph
                  + "' clusters '"
                  + g.userField()
                  + "' and '"
                  + g.itemField()
                  + "', not this field");
        }
        UnseenPolicy unseen =
            e.enumValue("unseen", UnseenPolicy.class, "hash, oov or neighbours", UnseenPolicy.HASH);
        int k = e.integer("neighbourK", unseen == UnseenPolicy.NEIGHBOURS ? 5 : 0, 0);
        if (unseen == UnseenPolicy.NEIGHBOURS && k < 1) {
          problems.add(e.where + ": the neighbours policy needs neighbourK >= 1");
        }
        out =
            new FeatureSpec.GraphHash(
                graph,
                e.required("dim", 1),
                unseen,
                k,
                strategy.equalsIgnoreCase("doublegraphhash"),
                e.lng("seed", seed));
      }
      default -> {
        problems.add(e.where + ": unknown strategy '" + strategy + "' (known: " + STRATEGIES + ")");
        return null;
      }
    }
    e.finish();
    return out;
  }

  /** One mapping of the spec, tracking which keys were read so the rest can be reported. */
  private final class Obj {
    final String where;
    final JsonNode node;
    final Set<String> known = new LinkedHashSet<>();

    Obj(String where, JsonNode node) {
      this.where = where;
      this.node =
          node.isObject() ? node : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
      if (!node.isObject()) {
        problems.add(
            where
                + ": expected a mapping, got "
                + node.getNodeType().name().toLowerCase(Locale.ROOT));
      }
    }

    JsonNode get(String key) {
      known.add(key);
      JsonNode v = node.get(key);
      return v == null || v.isNull() ? null : v;
    }

    String str(String key, String dflt) {
      JsonNode v = get(key);
      if (v == null) {
        return dflt;
      }
      if (!v.isValueNode()) {
        problems.add(where + ": '" + key + "' must be a string");
        return dflt;
      }
      return v.asText();
    }

    String requiredStr(String key) {
      String s = str(key, null);
      if (s == null || s.isBlank()) {
        problems.add(where + ": missing parameter '" + key + "'");
        return null;
      }
      return s;
    }

    int required(String key, int min) {
      if (get(key) == null) {
        problems.add(where + ": missing parameter '" + key + "'");
        return min;
      }
      return integer(key, min, min);
    }

    int integer(String key, int dflt, int min) {
      JsonNode v = get(key);
      if (v == null) {
        return dflt;
      }
      if (!v.canConvertToInt() || !v.isIntegralNumber()) {
        problems.add(where + ": '" + key + "' must be an integer, got '" + v.asText() + "'");
        return dflt;
      }
      int x = v.asInt();
      if (x < min) {
        problems.add(
            where
                + ": '"
                + key
                + "' must be >= "
                + min
                + ", got "
                + x
                + (x < 0 ? " (negative)" : ""));
      }
      return x;
    }

    long lng(String key, long dflt) {
      JsonNode v = get(key);
      if (v == null) {
        return dflt;
      }
      if (!v.isIntegralNumber() || !v.canConvertToLong()) {
        problems.add(where + ": '" + key + "' must be an integer, got '" + v.asText() + "'");
        return dflt;
      }
      return v.asLong();
    }

    double dbl(String key, double dflt) {
      JsonNode v = get(key);
      if (v == null) {
        return dflt;
      }
      if (!v.isNumber()) {
        problems.add(where + ": '" + key + "' must be a number, got '" + v.asText() + "'");
        return dflt;
      }
      return v.asDouble();
    }

    double positive(String key, double dflt) {
      if (Double.isNaN(dflt) && get(key) == null) {
        problems.add(where + ": missing parameter '" + key + "'");
        return dflt;
      }
      double x = dbl(key, dflt);
      if (!(x > 0) || Double.isInfinite(x)) {
        problems.add(where + ": '" + key + "' must be a positive number, got " + x);
      }
      return x;
    }

    boolean bool(String key, boolean dflt) {
      JsonNode v = get(key);
      if (v == null) {
        return dflt;
      }
      if (!v.isBoolean()) {
        problems.add(where + ": '" + key + "' must be true or false, got '" + v.asText() + "'");
        return dflt;
      }
      return v.asBoolean();
    }

    <E extends Enum<E>> E enumValue(String key, Class<E> type, String allowed, E dflt) {
      String s = str(key, null);
      if (s == null) {
        if (dflt == null) {
          problems.add(where + ": missing parameter '" + key + "' (" + allowed + ")");
        }
        return dflt;
      }
      try {
        return Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException bad) {
        problems.add(where + ": unknown " + key + " '" + s + "' (" + allowed + ")");
        return dflt;
      }
    }

    Iterable<Map.Entry<String, JsonNode>> mapping(String key) {
      JsonNode v = get(key);
      if (v == null) {
        return List.of();
      }
      if (!v.isObject()) {
        problems.add(where + ": '" + key + "' must be a mapping of names to settings");
        return List.of();
      }
      List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
      v.fields().forEachRemaining(out::add);
      return out;
    }

    void finish() {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!known.contains(k)) {
          problems.add(where + ": unknown key '" + k + "' (known: " + known + ")");
        }
      }
    }
  }
}
