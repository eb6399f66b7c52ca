package io.streamplex.ctr.compress;

import io.streamplex.ctr.data.EmbeddingSchema;
import io.streamplex.ctr.data.EncodedData;
import io.streamplex.ctr.layers.FieldEmbedding;
import io.streamplex.ctr.layers.Param;
import io.streamplex.ctr.models.CtrModel;
import io.streamplex.ctr.models.ModelConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Low-rank compression of embedding tables, per field (AFM's embedding variant): the PCA of each
 * field's looked-up vectors over calibration data (so frequent values weigh more) turns its V × d
 * table E into a V × k table E′ = E U_k and a k → d projection y = U_k e′ + (I − U_kU_kᵀ)μ. The
 * field's output is then exactly the rank-k PCA projection U_kU_kᵀ(y − μ) + μ of the original
 * output, for a single value as for an averaged multi-valued field or a scaled numeric one, because
 * pooling is linear in the rows. The projection stays per field (not folded into the next layer)
 * because an interaction layer (attention, FM) reads the field vectors directly, as in the repo's
 * AutoInt variant. Parameters go from V·d to V·k + d·k + d.
 */
public final class EmbeddingCompression {

  private EmbeddingCompression() {}

  /** What happened to one field's table. */
  public record FieldReport(
      String field,
      int rows,
      int width,
      int rank,
      double retainedVariance,
      long before,
      long after) {}

  /**
   * The compressed model, the fields compressed, and the fields left full with the reason (a rank
   * that would not save parameters).
   */
  public record Result(CtrModel model, List<FieldReport> fields, Map<String, String> skipped) {

    public long compressedPartBefore() {
      return fields.stream().mapToLong(FieldReport::before).sum();
    }

    public long compressedPartAfter() {
      return fields.stream().mapToLong(FieldReport::after).sum();
    }
  }

  /**
   * The fields whose tables can be compressed: one chunk in a table of their own, not yet
   * compressed. Hashed or Unified Embedding fields share tables and are left out.
   */
  public static List<String> eligibleFields(CtrModel model) {
    FieldEmbedding emb = embedding(model);
    EmbeddingSchema schema = model.schema();
    int[] users = new int[schema.tableCount()];
    for (int f = 0; f < schema.fieldCount(); f++) {
      for (int c = 0; c < schema.chunks(f); c++) {
        users[schema.tableOf(f, c)]++;
      }
    }
    List<String> out = new ArrayList<>();
    for (int f = 0; f < schema.fieldCount(); f++) {
      if (emb.rank(f) == 0 && schema.chunks(f) == 1 && users[schema.tableOf(f, 0)] == 1) {
        out.add(schema.field(f).name());
      }
    }
    return out;
  }

  /**
   * Runs up to maxExamples examples of data (in order) through the model's embeddings and
   * calibrates each named field's output (width d).
   */
  public static Map<String, Calibration> calibrate(
      CtrModel model, EncodedData data, List<String> fields, int maxExamples) {
    FieldEmbedding emb = embedding(model);
    List<String> eligible = eligibleFields(model);
    Map<String, Calibration> cal = new LinkedHashMap<>();
    int[] index = new int[fields.size()];
    for (int i = 0; i < fields.size(); i++) {
      String name = fields.get(i);
      if (!eligible.contains(name)) {
        throw new IllegalArgumentException(
            "field '"
                + name
                + "' cannot be compressed (eligible: "
                + String.join(", ", eligible)
                + ")");
      }
      index[i] = fieldIndex(model.schema(), name);
      cal.put(name, new Calibration(emb.width()));
    }
    int width = emb.width();
    int stride = emb.outDim();
    int n = Math.min(maxExamples, data.size);
    int maxBatch = model.maxBatch();
    for (int from = 0; from < n; from += maxBatch) {
      int batch = Math.min(maxBatch, n - from);
      float[] out = emb.forward(data, null, from, batch);
      for (int i = 0; i < fields.size(); i++) {
        cal.get(fields.get(i)).add(out, batch, index[i] * width, stride);
      }
    }
    return cal;
  }

  /**
   * Compresses each field by its rule into a new model (every other parameter copied). A field
   * whose chosen rank would not save parameters stays full and is reported as skipped.
   */
  public static Result compress(
      CtrModel model,
      Map<String, Calibration> calibrations,
      Map<String, LowRankCompressor.RankRule> rules) {
    FieldEmbedding emb = embedding(model);
    EmbeddingSchema schema = model.schema();
    int d = emb.width();
    Map<String, LowRankCompressor.Factors> factors = new LinkedHashMap<>();
    Map<String, String> skipped = new LinkedHashMap<>();
    List<FieldReport> reports = new ArrayList<>();
    for (Map.Entry<String, LowRankCompressor.RankRule> e : rules.entrySet()) {
      String name = e.getKey();
      Calibration cal = calibrations.get(name);
      if (cal == null) {
        throw new IllegalArgumentException("field '" + name + "' was not calibrated");
      }
      int f = fieldIndex(schema, name);
      Param table = emb.table(schema.tableOf(f, 0));
      int rows = table.rows();
      LowRankCompressor.Factors fac =
          LowRankCompressor.compress(transpose(table.w, rows, d), null, d, rows, cal, e.getValue());
      long before = (long) rows * d;
      long after = (long) rows * fac.rank() + (long) d * fac.rank() + d;
      if (after >= before) {
        skipped.put(
            name,
            "rank "
                + fac.rank()
                + " of a "
                + rows
                + " × "
                + d
                + " table would not save parameters ("
                + after
                + " ≥ "
                + before
                + ")");
        continue;
      }
      factors.put(name, fac);
      reports.add(
          new FieldReport(name, rows, d, fac.rank(), fac.retainedVariance(), before, after));
    }
    ModelConfig c = model.config().copy();
    Map<String, Integer> ranks =
        new LinkedHashMap<>(c.embeddingRanks == null ? Map.of() : c.embeddingRanks);
    Set<String> replaced = new HashSet<>();
    for (Map.Entry<String, LowRankCompressor.Factors> e : factors.entrySet()) {
      ranks.put(e.getKey(), e.getValue().rank());
      int f = fieldIndex(schema, e.getKey());
      replaced.add(emb.table(schema.tableOf(f, 0)).name);
    }
    c.embeddingRanks = ranks;
    CtrModel compressed = CtrModel.create(c, schema, model.maxBatch());
    DnnCompression.copyParams(model, compressed, replaced);
    FieldEmbedding ce = embedding(compressed);
    for (Map.Entry<String, LowRankCompressor.Factors> e : factors.entrySet()) {
      int f = fieldIndex(schema, e.getKey());
      LowRankCompressor.Factors fac = e.getValue();
      int k = fac.rank();
      int rows = fac.in();
      float[] t = ce.table(schema.tableOf(f, 0)).w;
      // W₁ = U_kᵀEᵀ is k × V; the table stores its transpose, one k-vector per row.
      for (int j = 0; j < k; j++) {
        for (int v = 0; v < rows; v++) {
          t[v * k + j] = fac.w1()[j * rows + v];
        }
      }
      System.arraycopy(fac.w2(), 0, ce.projection(f).w, 0, fac.w2().length);
      System.arraycopy(fac.b2(), 0, ce.projectionBias(f).w, 0, fac.b2().length);
    }
    return new Result(compressed, reports, skipped);
  }

  private static FieldEmbedding embedding(CtrModel model) {
    return model
        .embedding()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "model " + model.config().displayName() + " has no shared field embeddings"));
  }

  private static int fieldIndex(EmbeddingSchema schema, String name) {
    for (int f = 0; f < schema.fieldCount(); f++) {
      if (schema.field(f).name().equals(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException("the model has no field '" + name + "'");
  }

  private static float[] transpose(float[] a, int rows, int cols) {
    float[] t = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = a[r * cols + c];
      }
    }
    return t;
  }
}
