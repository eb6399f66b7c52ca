package io.streamplex.embeddings.spec;

import io.streamplex.embeddings.graph.BipartiteGraph;
import io.streamplex.embeddings.graph.GraphClustering;
import io.streamplex.embeddings.graph.GraphHashMap;
import io.streamplex.embeddings.graph.Side;
import io.streamplex.embeddings.hash.FeatureHasher;
import io.streamplex.embeddings.strategy.Collisionless;
import io.streamplex.embeddings.strategy.DoubleGraphHash;
import io.streamplex.embeddings.strategy.EmbeddingStrategy;
import io.streamplex.embeddings.strategy.FrequencyHashing;
import io.streamplex.embeddings.strategy.GraphHash;
import io.streamplex.embeddings.strategy.HashingTrick;
import io.streamplex.embeddings.strategy.TableSpec;
import io.streamplex.embeddings.strategy.UnifiedEmbedding;
import io.streamplex.embeddings.strategy.Vocabulary;
import io.streamplex.embeddings.table.DenseEmbeddingTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds every field's strategy from a validated spec and the training split's statistics. */
public final class EmbeddingFactory {

  private EmbeddingFactory() {}

  /** What a spec became: strategies in field order, the tables they read, and the artifacts. */
  public record Embeddings(
      List<EmbeddingStrategy> strategies,
      Map<String, TableSpec> tables,
      Map<String, UnifiedEmbedding> unified,
      Map<String, GraphHashMap> graphMaps) {

    public EmbeddingStrategy strategy(String field) {
      for (EmbeddingStrategy s : strategies) {
        if (s.field().equals(field)) {
          return s;
        }
      }
      throw new IllegalArgumentException("no embedded field '" + field + "'");
    }

    /**
     * Fresh tables, N(0, std²) from {@code seed}, each carrying what it is only valid with: the
     * hash scheme, its fields and their strategies, the Unified Embedding layout and chunk
     * placement, the GraphHash map's content hash.
     */
    public Map<String, DenseEmbeddingTable> createTables(long seed, float std, int slotsPerWeight) {
      Map<String, DenseEmbeddingTable> m = new LinkedHashMap<>();
      for (TableSpec t : tables.values()) {
        m.put(
            t.id(),
            new DenseEmbeddingTable(t.id(), t.rows(), t.dim(), slotsPerWeight, metadata(t, seed))
                .initNormal(seed ^ t.id().hashCode(), std));
      }
      return m;
    }

    private Map<String, String> metadata(TableSpec t, long initSeed) {
      Map<String, String> meta = new LinkedHashMap<>();
      meta.put("hash_scheme", FeatureHasher.ALGORITHM + "/v" + FeatureHasher.SCHEME_VERSION);
      meta.put("init_seed", Long.toString(initSeed));
      List<String> fields = new ArrayList<>();
      for (EmbeddingStrategy s : strategies) {
        if (s.tables().contains(t)) {
          fields.add(s.field() + ":" + s.kind());
          if (s instanceof GraphHash g) {
            meta.put("graphhash_map", g.map().contentHash());
          } else if (s instanceof DoubleGraphHash d) {
            meta.put("graphhash_map", d.graphHash().map().contentHash());
          }
        }
      }
      meta.put("fields", String.join(",", fields));
      UnifiedEmbedding ue = unified.get(t.id());
      if (ue != null) {
        meta.put(
            "unified",
            "subTables="
                + ue.subTables()
                + ",rowsPerSubTable="
                + ue.rowsPerSubTable()
                + ",chunkDim="
                + ue.chunkDim()
                + ",seed="
                + ue.seed());
        StringBuilder placement = new StringBuilder();
        ue.placement()
            .forEach(
                (f, p) -> placement.append(f).append('=').append(Arrays.toString(p)).append(';'));
        meta.put("placement", placement.toString());
      }
      return meta;
    }

    public long tableBytes() {
      return tables.values().stream().mapToLong(TableSpec::bytes).sum();
    }
  }

  public static Embeddings build(
      FeatureSpec spec, FieldStatistics stats, GraphClustering.Listener progress) {
    Map<String, UnifiedEmbedding> unified = new LinkedHashMap<>();
    spec.unifiedTables()
        .forEach(
            (id, t) ->
                unified.put(
                    id,
                    new UnifiedEmbedding(
                        id, t.subTables(), t.rowsPerSubTable(), t.chunkDim(), t.seed())));
    Map<String, GraphHashMap> maps = new LinkedHashMap<>();
    List<EmbeddingStrategy> strategies = new ArrayList<>();
    Map<String, TableSpec> tables = new LinkedHashMap<>();
    for (FeatureSpec.Field f : spec.fields()) {
      if (f.embedding() == null) {
        continue;
      }
      EmbeddingStrategy s = strategy(spec, f, stats, unified, maps, progress);
      strategies.add(s);
      for (TableSpec t : s.tables()) {
        TableSpec prev = tables.putIfAbsent(t.id(), t);
        if (prev != null && !prev.equals(t)) {
          throw new IllegalArgumentException(
              "field '"
                  + f.name()
                  + "': table '"
                  + t.id()
                  + "' is declared twice, as "
                  + prev
                  + " and "
                  + t);
        }
      }
    }
    return new Embeddings(
        Collections.unmodifiableList(strategies),
        Collections.unmodifiableMap(tables),
        Collections.unmodifiableMap(unified),
        Collections.unmodifiableMap(maps));
  }

  private static EmbeddingStrategy strategy(
      FeatureSpec spec,
      FeatureSpec.Field f,
      FieldStatistics stats,
      Map<String, UnifiedEmbedding> unified,
      Map<String, GraphHashMap> maps,
      GraphClustering.Listener progress) {
    FeatureSpec.Embedding e = f.embedding();
    if (e instanceof FeatureSpec.Collisionless c) {
      return new Collisionless(f.name(), stats.vocabulary(f.name(), c.minCount()), c.dim());
    }
    if (e instanceof FeatureSpec.Hashing h) {
      return new HashingTrick(f.name(), h.rows(), h.dim(), h.seed());
    }
    if (e instanceof FeatureSpec.Frequency q) {
      Vocabulary v = stats.vocabulary(f.name(), 1);
      return q.frequent() >= 0
          ? new FrequencyHashing(f.name(), v.top(q.frequent()), q.rows(), q.dim(), q.seed())
          : FrequencyHashing.withCutoff(f.name(), v, q.rows(), q.cutoff(), q.dim(), q.seed());
    }
    if (e instanceof FeatureSpec.Unified u) {
      return unified.get(u.table()).addFeature(f.name(), u.chunks());
    }
    FeatureSpec.GraphHash g = (FeatureSpec.GraphHash) e;
    FeatureSpec.Graph graph = spec.graphs().get(g.graph());
    GraphHashMap map = maps.computeIfAbsent(g.graph(), k -> graphMap(graph, stats, progress));
    Side side = f.name().equals(graph.userField()) ? Side.USER : Side.ITEM;
    GraphHash gh =
        new GraphHash(f.name(), map, side, g.unseen(), g.neighbourK(), g.dim(), g.seed());
    return g.doubleHash() ? new DoubleGraphHash(gh) : gh;
  }

  private static GraphHashMap graphMap(
      FeatureSpec.Graph graph, FieldStatistics stats, GraphClustering.Listener progress) {
    if (graph.mapFile() != null) {
      try {
        return GraphHashMap.read(Path.of(graph.mapFile()));
      } catch (IOException e) {
        throw new UncheckedIOException("graph '" + graph.name() + "': " + e.getMessage(), e);
      }
    }
    BipartiteGraph g = stats.graph(graph.name(), graph.binaryWeights());
    if (g.users() == 0) {
      throw new IllegalArgumentException(
          "graph '"
              + graph.name()
              + "': no interactions between '"
              + graph.userField()
              + "' and '"
              + graph.itemField()
              + "' in the statistics");
    }
    return GraphHashMap.of(
        g, graph.clustering(), GraphClustering.cluster(g, graph.clustering(), progress));
  }
}
