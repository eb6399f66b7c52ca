package io.streamplex.ctr.data;

import io.streamplex.schema.Feature;
import io.streamplex.schema.TrainingExample;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Examples encoded once into flat arrays so training touches no objects: per example and field, the
 * row ids of each chunk (up to maxValues slots), how many slots are used, and the factor the pooled
 * vector is multiplied by (1/count for mean pooling, the transformed value for a numeric field,
 * else 1).
 *
 * <p>Missing input follows one rule: an absent field, an empty value list, or a null or NaN number
 * looks up the field's missing row with factor 1 — so NaN never reaches the arithmetic.
 */
public final class EncodedData {

  public final EmbeddingSchema schema;
  public final int size;

  /** size × slotsPerExample row ids. */
  public final int[] rows;

  /** size × fields used-slot counts per chunk. */
  public final int[] counts;

  /** size × fields pooled-vector factors. */
  public final float[] factors;

  public final boolean[] labels;
  public final long[] times;

  /** Behaviour sequences for a model's sequence field; null until attached. */
  private SequenceData sequences;

  private EncodedData(EmbeddingSchema schema, int size) {
    this.schema = schema;
    this.size = size;
    this.rows = new int[size * schema.slotsPerExample()];
    this.counts = new int[size * schema.fieldCount()];
    this.factors = new float[size * schema.fieldCount()];
    this.labels = new boolean[size];
    this.times = new long[size];
  }

  /**
   * Encodes labelled examples.
   *
   * @throws IllegalArgumentException naming the example whose label is missing
   */
  public static EncodedData encode(EmbeddingSchema schema, List<TrainingExample> examples) {
    EncodedData d = new EncodedData(schema, examples.size());
    Map<String, Integer> index = new HashMap<>();
    for (int f = 0; f < schema.fieldCount(); f++) {
      index.put(schema.field(f).name(), f);
      schema.mapper(f).observe(examples);
    }
    Feature[] byField = new Feature[schema.fieldCount()];
    for (int i = 0; i < examples.size(); i++) {
      TrainingExample e = examples.get(i);
      if (e.getLabel() == null) {
        throw new IllegalArgumentException(
            "example " + i + " (request " + e.getRequestId() + ") has no label");
      }
      d.labels[i] = e.getLabel();
      d.times[i] = e.getEventTime() == null ? 0 : e.getEventTime().toEpochMilli();
      java.util.Arrays.fill(byField, null);
      for (Feature feat : e.getFeatures()) {
        Integer f = index.get(feat.getName().toString());
        if (f != null) {
          byField[f] = feat;
        }
      }
      for (int f = 0; f < schema.fieldCount(); f++) {
        d.encodeField(i, f, byField[f]);
      }
    }
    return d;
  }

  /**
   * Attaches each example's behaviour sequence (same order as the examples) and returns this.
   *
   * @throws IllegalArgumentException if the counts differ
   */
  public EncodedData withSequences(SequenceData s) {
    if (s.size() != size) {
      throw new IllegalArgumentException(
          s.size() + " behaviour sequences for " + size + " encoded examples");
    }
    this.sequences = s;
    return this;
  }

  /** The attached behaviour sequences, or null. */
  public SequenceData sequences() {
    return sequences;
  }

  private void encodeField(int i, int f, Feature feat) {
    FieldSpec spec = schema.field(f);
    RowMapper m = schema.mapper(f);
    int k = spec.maxValues();
    int base = i * schema.slotsPerExample() + schema.slotOffset(f);
    int cf = i * schema.fieldCount() + f;
    int used = 0;
    float factor = 1f;
    if (feat != null) {
      if (spec.kind() == FieldSpec.Kind.NUMERIC) {
        Double x = feat.getNumber();
        if (x != null && !x.isNaN() && !x.isInfinite()) {
          used = 1;
          factor = schema.numericValue(f, x);
          for (int c = 0; c < m.chunks(); c++) {
            rows[base + c * k] = m.row(null, c);
          }
        }
      } else {
        List<String> values = feat.getValues();
        used = Math.min(values.size(), k);
        for (int v = 0; v < used; v++) {
          String s = values.get(v);
          for (int c = 0; c < m.chunks(); c++) {
            rows[base + c * k + v] = m.row(s, c);
          }
        }
        if (used > 1 && spec.pooling() == FieldSpec.Pooling.MEAN) {
          factor = 1f / used;
        }
      }
    }
    if (used == 0) {
      used = 1;
      factor = 1f;
      for (int c = 0; c < m.chunks(); c++) {
        rows[base + c * k] = m.missingRow(c);
      }
    }
    counts[cf] = used;
    factors[cf] = factor;
  }
}
