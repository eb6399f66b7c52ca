package io.streamplex.embeddings.strategy;

import io.streamplex.embeddings.hash.CanonicalValue;
import io.streamplex.embeddings.hash.FeatureHasher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Unified Embedding (Coleman et al., NeurIPS 2023): one shared table, split into {@code S}
 * sub-tables of {@code B} rows × chunk width, serves many features. Feature f does k_f chunk
 * lookups, chunk j hashed with the per-(feature, chunk) salt; the chunks are concatenated in chunk
 * order, so the field is k_f × chunkDim wide.
 *
 * <p>Chunks are placed on sub-tables round-robin with one counter across all features, in the order
 * features are added (as the TFRS implementation does): with S = 2 and two features of two chunks,
 * feature 0 uses sub-tables 0, 1 and feature 1 uses 0, 1 again; with three chunks each, feature 0
 * gets 0, 1, 0 and feature 1 gets 1, 0, 1. The placement is part of the model artifact: {@link
 * #placement()}.
 *
 * <p>The shared table has S × B rows; sub-table s is rows [s·B, (s+1)·B). Its first row is the
 * missing row; hashed values take {@code s·B + 1 + hash mod (B − 1)}.
 */
public final class UnifiedEmbedding {

  private final String tableId;
  private final int subTables;
  private final int rowsPerSubTable;
  private final int chunkDim;
  private final long seed;
  private final Map<String, Feature> features = new LinkedHashMap<>();
  private int nextSubTable;

  public UnifiedEmbedding(
      String tableId, int subTables, int rowsPerSubTable, int chunkDim, long seed) {
    if (subTables < 1 || rowsPerSubTable < 2 || chunkDim < 1) {
      throw new IllegalArgumentException(
          "unified table '"
              + tableId
              + "': needs subTables >= 1, rowsPerSubTable >= 2, chunkDim >= 1; got "
              + subTables
              + ", "
              + rowsPerSubTable
              + ", "
              + chunkDim);
    }
    if ((long) subTables * rowsPerSubTable > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "unified table '" + tableId + "': subTables × rowsPerSubTable exceeds 2^31 − 1");
    }
    this.tableId = tableId;
    this.subTables = subTables;
    this.rowsPerSubTable = rowsPerSubTable;
    this.chunkDim = chunkDim;
    this.seed = seed;
  }

  public TableSpec table() {
    return new TableSpec(tableId, subTables * rowsPerSubTable, chunkDim);
  }

  public int subTables() {
    return subTables;
  }

  public int rowsPerSubTable() {
    return rowsPerSubTable;
  }

  public int chunkDim() {
    return chunkDim;
  }

  public long seed() {
    return seed;
  }

  /** Adds a feature with {@code chunks} lookups, placing them on the next sub-tables. */
  public synchronized Feature addFeature(String field, int chunks) {
    if (features.containsKey(field)) {
      throw new IllegalArgumentException(
          "field '" + field + "' is already in unified table '" + tableId + "'");
    }
    int[] placement = new int[chunks < 1 ? 0 : chunks];
    for (int j = 0; j < placement.length; j++) {
      placement[j] = nextSubTable;
      nextSubTable = (nextSubTable + 1) % subTables;
    }
    Feature f = new Feature(field, chunks, placement);
    features.put(field, f);
    return f;
  }

  /**
   * Adds a feature whose chunks read the given sub-tables (as {@link #placement()} recorded them),
   * e.g. when restoring a saved model; the round-robin counter does not move.
   */
  public synchronized Feature addFeature(String field, int[] placement) {
    if (features.containsKey(field)) {
      throw new IllegalArgumentException(
          "field '" + field + "' is already in unified table '" + tableId + "'");
    }
    if (placement.length < 1) {
      throw new IllegalArgumentException("field '" + field + "': needs at least one chunk");
    }
    for (int p : placement) {
      if (p < 0 || p >= subTables) {
        throw new IllegalArgumentException(
            "field '"
                + field
                + "': sub-table "
                + p
                + " is outside unified table '"
                + tableId
                + "' (S = "
                + subTables
                + ")");
      }
    }
    Feature f = new Feature(field, placement.length, placement.clone());
    features.put(field, f);
    return f;
  }

  /** Sub-table of each chunk of each feature, in the order the features were added. */
  public Map<String, int[]> placement() {
    Map<String, int[]> m = new LinkedHashMap<>();
    features.forEach((k, f) -> m.put(k, f.placement.clone()));
    return Collections.unmodifiableMap(m);
  }

  public List<Feature> features() {
    return new ArrayList<>(features.values());
  }

  /** One feature's view of the shared table. */
  public final class Feature implements EmbeddingStrategy {
    private final String field;
    private final FeatureHasher hasher;
    private final int[] placement;
    private final int[] base;

    private Feature(String field, int chunks, int[] placement) {
      this.hasher = new FeatureHasher(field, chunks, seed);
      this.field = field;
      this.placement = placement;
      this.base = new int[chunks];
      for (int j = 0; j < chunks; j++) {
        base[j] = placement[j] * rowsPerSubTable;
      }
    }

    public UnifiedEmbedding unified() {
      return UnifiedEmbedding.this;
    }

    /** Sub-table chunk {@code chunk} reads. */
    public int subTable(int chunk) {
      return placement[chunk];
    }

    @Override
    public String field() {
      return field;
    }

    @Override
    public String kind() {
      return "unified";
    }

    @Override
    public int lookups() {
      return placement.length;
    }

    @Override
    public void rows(String value, int[] out, int off) {
      boolean missing = CanonicalValue.isMissing(value);
      for (int j = 0; j < placement.length; j++) {
        out[off + j] =
            missing
                ? base[j]
                : base[j] + 1 + FeatureHasher.bucket(hasher.hash(j, value), rowsPerSubTable - 1);
      }
    }

    @Override
    public void rows(long value, int[] out, int off) {
      for (int j = 0; j < placement.length; j++) {
        out[off + j] =
            base[j] + 1 + FeatureHasher.bucket(hasher.hash(j, value), rowsPerSubTable - 1);
      }
    }

    @Override
    public String tableId(int lookup) {
      return tableId;
    }

    @Override
    public List<TableSpec> tables() {
      return List.of(table());
    }

    @Override
    public int lookupDim(int lookup) {
      return chunkDim;
    }

    @Override
    public Combine combine() {
      return Combine.CONCAT;
    }
  }
}
