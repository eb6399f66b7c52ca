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
 */
public final class FieldEmbedding {

  private final EmbeddingSchema schema;
  private final int fields;
  private final int width;
  private final Param[] tables;
  private final int[][] chunkWidth;

  /** 1 when a field's chunks are concatenated, 0 when they are summed into the same slice. */
  private final int[] chunkStep;

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
    this.schema = schema;
    this.fields = schema.fieldCount();
    this.width = width;
    this.tables = new Param[schema.tableCount()];
    this.chunkWidth = new int[fields][];
    this.chunkStep = new int[fields];
    int[] tableWidth = new int[schema.tableCount()];
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
        int w = summed ? width : width / chunks;
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
    this.scratch = new int[maxK];
    this.pooled = new float[width];
    this.out = new float[maxBatch * fields * width];
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

  public Param table(int t) {
    return tables[t];
  }
}
