package io.streamplex.ctr.layers;

import io.streamplex.ctr.data.EmbeddingSchema;
import io.streamplex.ctr.data.EncodedData;
import io.streamplex.embeddings.kernels.Kernels;

/**
 * The embedding layer: per field, pools the rows of each chunk (sum, or mean for a multi-valued
 * field; a numeric field's vector scaled by its value) and concatenates the chunks (or sums them,
 * for a {@link io.streamplex.ctr.data.RowMapper#summed() summed} field). Every field comes out
 * {@code width} wide, so the output is batch × fields × width, batch-major. Each table's row width
 * is width / chunks of the fields using it.
 *
 * <p>A field given a rank k (low-rank embedding compression, AFM) has a V × k table and a k → width
 * projection with bias: its output is P·pool(E′) + c, so after compression the looked-up vector is
 * the rank-k PCA projection of the original one (see {@code EmbeddingCompression}).
 */
public final class FieldEmbedding {

  private final EmbeddingSchema schema;
  private final int fields;
  private final int width;
  private final Param[] tables;
  private final int[][] chunkWidth;

  /** 1 when a field's chunks are concatenated, 0 when they are summed into the same slice. */
  private final int[] chunkStep;

  /** Per field: its rank k when its table is low-rank, else 0. */
  private final int[] ranks;

  /** Per field with a rank: the k → width projection (width × k) and its bias. */
  private final Param[] projection;

  private final Param[] projectionBias;

  /** Per field with a rank: where its pooled k-vector sits in a row of {@link #low}. */
  private final int[] lowOffset;

  private final int lowWidth;
  private final float[] low;
  private final float[] dLow;
  private final int[] scratch;
  private final float[] pooled;
  private final float[] out;
  private EncodedData data;
  private int[] index;
  private int from;

  /**
   * @param prefix parameter-name prefix, e.g. "emb." — LR uses a second set of width-1 tables
   * @param std standard deviation of the N(0, std²) initialisation
   */
  public FieldEmbedding(
      ParamStore store,
      String prefix,
      EmbeddingSchema schema,
      int width,
      double std,
      int maxBatch) {
    this(store, prefix, schema, width, std, maxBatch, null);
  }

  /**
   * @param ranks per field, the rank k of a low-rank table (0 for a full one); null for none. A
   *     low-rank field must look up one chunk in a table no other field uses.
   */
  public FieldEmbedding(
      ParamStore store,
      String prefix,
      EmbeddingSchema schema,
      int width,
      double std,
      int maxBatch,
      int[] ranks) {
    this.schema = schema;
    this.fields = schema.fieldCount();
    this.width = width;
    this.tables = new Param[schema.tableCount()];
    this.chunkWidth = new int[fields][];
    this.chunkStep = new int[fields];
    int[] tableWidth = new int[schema.tableCount()];
    this.ranks = ranks == null ? new int[fields] : ranks.clone();
    if (this.ranks.length != fields) {
      throw new IllegalArgumentException(this.ranks.length + " ranks for " + fields + " fields");
    }
    checkLowRankFields(schema, width, this.ranks);
    int maxK = 1;
    for (int f = 0; f < fields; f++) {
      int chunks = schema.chunks(f);
      boolean summed = schema.mapper(f).summed();
      if (!summed && width % chunks != 0) {
        throw new IllegalArgumentException(
            "field "
                + schema.field(f).name()
                + ": "
                + chunks
                + " chunks do not divide width "
                + width);
      }
      chunkWidth[f] = new int[chunks];
      chunkStep[f] = summed ? 0 : 1;
      for (int c = 0; c < chunks; c++) {
        int t = schema.tableOf(f, c);
        int w = this.ranks[f] > 0 ? this.ranks[f] : summed ? width : width / chunks;
        if (tableWidth[t] != 0 && tableWidth[t] != w) {
          throw new IllegalArgumentException(
              "table "
                  + schema.tableName(t)
                  + " would need rows "
                  + tableWidth[t]
                  + " and "
                  + w
                  + " wide");
        }
        tableWidth[t] = w;
        chunkWidth[f][c] = w;
      }
      maxK = Math.max(maxK, schema.field(f).maxValues());
    }
    for (int t = 0; t < tables.length; t++) {
      tables[t] =
          store.table(prefix + schema.tableName(t), schema.tableRows(t), tableWidth[t], std);
    }
    this.projection = new Param[fields];
    this.projectionBias = new Param[fields];
    this.lowOffset = new int[fields];
    int lw = 0;
    for (int f = 0; f < fields; f++) {
      if (this.ranks[f] > 0) {
        String name = prefix + "proj." + schema.field(f).name();
        projection[f] =
            store.dense(name + ".weight", ParamStore.Init.XAVIER_UNIFORM, width, this.ranks[f]);
        projectionBias[f] = store.dense(name + ".bias", ParamStore.Init.ZERO, width, 0);
        lowOffset[f] = lw;
        lw += this.ranks[f];
      }
    }
    this.lowWidth = lw;
    this.low = new float[maxBatch * lw];
    this.dLow = new float[width];
    this.scratch = new int[maxK];
    this.pooled = new float[width];
    this.out = new float[maxBatch * fields * width];
  }

  private static void checkLowRankFields(EmbeddingSchema schema, int width, int[] ranks) {
    int[] users = new int[schema.tableCount()];
    for (int f = 0; f < schema.fieldCount(); f++) {
      for (int c = 0; c < schema.chunks(f); c++) {
        users[schema.tableOf(f, c)]++;
      }
    }
    for (int f = 0; f < ranks.length; f++) {
      int k = ranks[f];
      if (k == 0) {
        continue;
      }
      String name = schema.field(f).name();
      if (k < 0 || k > width) {
        throw new IllegalArgumentException(
            "field " + name + ": embedding rank " + k + " must be in [1, " + width + "]");
      }
      if (schema.chunks(f) != 1 || users[schema.tableOf(f, 0)] != 1) {
        throw new IllegalArgumentException(
            "field "
                + name
                + ": a low-rank embedding needs a table of its own with one chunk, but it looks"
                + " up "
                + schema.chunks(f)
                + " chunk(s) in shared tables");
      }
    }
  }

  /** Per field, the rank of its low-rank table, or 0 for a full one. */
  public int rank(int f) {
    return ranks[f];
  }

  public int fields() {
    return fields;
  }

  public int width() {
    return width;
  }

  public int outDim() {
    return fields * width;
  }

  /**
   * Looks up examples index[from .. from+batch) of data (or from .. from+batch when index is null).
   */
  public float[] forward(EncodedData data, int[] index, int from, int batch) {
    this.data = data;
    this.index = index;
    this.from = from;
    int slots = schema.slotsPerExample();
    for (int b = 0; b < batch; b++) {
      int e = index == null ? from + b : index[from + b];
      for (int f = 0; f < fields; f++) {
        int cf = e * fields + f;
        int count = data.counts[cf];
        float factor = data.factors[cf];
        int k = schema.field(f).maxValues();
        int outOff = (b * fields + f) * width;
        if (ranks[f] > 0) {
          forwardLowRank(f, data, e * slots + schema.slotOffset(f), count, factor, b, outOff);
          continue;
        }
        for (int c = 0; c < chunkWidth[f].length; c++) {
          int cw = chunkWidth[f][c];
          System.arraycopy(data.rows, e * slots + schema.slotOffset(f) + c * k, scratch, 0, count);
          boolean accumulate = chunkStep[f] == 0 && c > 0;
          float[] dst = accumulate ? pooled : out;
          int dstOff = accumulate ? 0 : outOff;
          Kernels.sumPool(tables[schema.tableOf(f, c)].w, cw, scratch, count, dst, dstOff);
          if (factor != 1f) {
            for (int i = 0; i < cw; i++) {
              dst[dstOff + i] *= factor;
            }
          }
          if (accumulate) {
            Kernels.add(out, outOff, pooled, 0, out, outOff, cw);
          }
          outOff += cw * chunkStep[f];
        }
      }
    }
    return out;
  }

  /** Pools field f's k-wide rows, then projects them to the field's width: P·pool + c. */
  private void forwardLowRank(
      int f, EncodedData data, int slot, int count, float factor, int b, int outOff) {
    int k = ranks[f];
    int lowOff = b * lowWidth + lowOffset[f];
    System.arraycopy(data.rows, slot, scratch, 0, count);
    Kernels.sumPool(tables[schema.tableOf(f, 0)].w, k, scratch, count, low, lowOff);
    if (factor != 1f) {
      Kernels.scale(factor, low, lowOff, k);
    }
    Kernels.matvec(projection[f].w, 0, width, k, low, lowOff, out, outOff);
    Kernels.add(out, outOff, projectionBias[f].w, 0, out, outOff, width);
  }

  /** Adds dOut's share to the rows the last forward looked up and marks them touched. */
  public void backward(float[] dOut, int batch) {
    int slots = schema.slotsPerExample();
    for (int b = 0; b < batch; b++) {
      int e = index == null ? from + b : index[from + b];
      for (int f = 0; f < fields; f++) {
        int cf = e * fields + f;
        int count = data.counts[cf];
        float factor = data.factors[cf];
        int k = schema.field(f).maxValues();
        int outOff = (b * fields + f) * width;
        if (ranks[f] > 0) {
          backwardLowRank(f, dOut, outOff, e * slots + schema.slotOffset(f), count, factor, b);
          continue;
        }
        for (int c = 0; c < chunkWidth[f].length; c++) {
          int cw = chunkWidth[f][c];
          Param table = tables[schema.tableOf(f, c)];
          int base = e * slots + schema.slotOffset(f) + c * k;
          for (int v = 0; v < count; v++) {
            int row = data.rows[base + v];
            table.touch(row);
            Kernels.axpy(factor, dOut, outOff, table.g, row * cw, cw);
          }
          outOff += cw * chunkStep[f];
        }
      }
    }
  }

  private void backwardLowRank(
      int f, float[] dOut, int outOff, int slot, int count, float factor, int b) {
    int k = ranks[f];
    int lowOff = b * lowWidth + lowOffset[f];
    Param p = projection[f];
    Kernels.axpy(1f, dOut, outOff, projectionBias[f].g, 0, width);
    Kernels.outerAdd(1f, dOut, outOff, width, low, lowOff, k, p.g, 0);
    java.util.Arrays.fill(dLow, 0, k, 0f);
    for (int r = 0; r < width; r++) {
      Kernels.axpy(dOut[outOff + r], p.w, r * k, dLow, 0, k);
    }
    Param table = tables[schema.tableOf(f, 0)];
    for (int v = 0; v < count; v++) {
      int row = data.rows[slot + v];
      table.touch(row);
      Kernels.axpy(factor, dLow, 0, table.g, row * k, k);
    }
  }

  /** Per field with a rank, its projection weight (width × k); null for a full field. */
  public Param projection(int f) {
    return projection[f];
  }

  /** Per field with a rank, its projection bias (width); null for a full field. */
  public Param projectionBias(int f) {
    return projectionBias[f];
  }

  public Param table(int t) {
    return tables[t];
  }
}
