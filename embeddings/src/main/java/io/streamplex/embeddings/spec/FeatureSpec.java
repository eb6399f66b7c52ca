package io.streamplex.embeddings.spec;

import io.streamplex.embeddings.graph.GraphClustering;
import io.streamplex.embeddings.strategy.UnseenPolicy;
import java.util.List;
import java.util.Map;

/**
 * A parsed, validated feature spec: the fields, their types and each field's embedding. Built by
 * {@link SpecParser}; turned into strategies by {@link EmbeddingFactory}.
 */
public record FeatureSpec(
    int version,
    long seed,
    Map<String, UnifiedTable> unifiedTables,
    Map<String, Graph> graphs,
    List<Field> fields) {

  public enum FieldType {
    CATEGORICAL,
    MULTI_VALUED,
    NUMERIC
  }

  public enum Pooling {
    SUM,
    MEAN
  }

  /** A shared Unified Embedding table. */
  public record UnifiedTable(
      String id, int subTables, int rowsPerSubTable, int chunkDim, long seed) {}

  /** A user–item graph to cluster for GraphHash, from two fields of the same records. */
  public record Graph(
      String name,
      String userField,
      String itemField,
      GraphClustering.Config clustering,
      boolean binaryWeights,
      String mapFile) {}

  /**
   * @param separator splits a multi-valued field's string (null otherwise)
   * @param pooling how a multi-valued field's values are pooled (null otherwise)
   * @param embedding null for numeric fields
   */
  public record Field(
      String name, FieldType type, String separator, Pooling pooling, Embedding embedding) {}

  /** How one field is embedded. */
  public sealed interface Embedding {
    String strategy();
  }

  public record Collisionless(int dim, long minCount) implements Embedding {
    public String strategy() {
      return "collisionless";
    }
  }

  public record Hashing(int rows, int dim, long seed) implements Embedding {
    public String strategy() {
      return "hashing";
    }
  }

  /** {@code frequent} values get their own rows; when it is -1, {@code cutoff × rows} do. */
  public record Frequency(int rows, int dim, int frequent, double cutoff, long seed)
      implements Embedding {
    public String strategy() {
      return "frequency";
    }
  }

  public record Unified(String table, int chunks) implements Embedding {
    public String strategy() {
      return "unified";
    }
  }

  public record GraphHash(
      String graph, int dim, UnseenPolicy unseen, int neighbourK, boolean doubleHash, long seed)
      implements Embedding {
    public String strategy() {
      return doubleHash ? "doublegraphhash" : "graphhash";
    }
  }

  public Field field(String name) {
    for (Field f : fields) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    return null;
  }
}
