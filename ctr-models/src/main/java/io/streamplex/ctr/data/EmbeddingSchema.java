package io.streamplex.ctr.data;

import io.streamplex.schema.Feature;
import io.streamplex.schema.TrainingExample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixed field order of a model and, per field, its row mapper, slot layout and numeric bounds.
 * An encoded example holds, per field and chunk, up to maxValues row ids (its slots).
 */
public final class EmbeddingSchema {

  /** A numeric field looks up row 0 (its learned vector, scaled) or row 1 when absent. */
  static final int NUMERIC_VALUE_ROW = 0;

  static final int NUMERIC_MISSING_ROW = 1;

  private final List<FieldSpec> fields;
  private final List<RowMapper> mappers;
  private final double[] min;
  private final double[] max;
  private final int[] slotOffset;
  private final int slots;
  private final List<String> tableNames = new ArrayList<>();
  private final List<Integer> tableRows = new ArrayList<>();
  private final int[][] tableOf;

  public EmbeddingSchema(
      List<FieldSpec> fields, List<RowMapper> mappers, double[] min, double[] max) {
    if (fields.size() != mappers.size()) {
      throw new IllegalArgumentException(fields.size() + " fields but " + mappers.size() + " maps");
    }
    this.fields = List.copyOf(fields);
    this.mappers = List.copyOf(mappers);
    this.min = min.clone();
    this.max = max.clone();
    this.slotOffset = new int[fields.size()];
    this.tableOf = new int[fields.size()][];
    Map<String, Integer> tableIndex = new LinkedHashMap<>();
    int s = 0;
    for (int f = 0; f < fields.size(); f++) {
      RowMapper m = mappers.get(f);
      slotOffset[f] = s;
      s += m.chunks() * fields.get(f).maxValues();
      tableOf[f] = new int[m.chunks()];
      for (int c = 0; c < m.chunks(); c++) {
        String t = m.table(c);
        Integer idx = tableIndex.get(t);
        if (idx == null) {
          idx = tableNames.size();
          tableIndex.put(t, idx);
          tableNames.add(t);
          tableRows.add(m.tableRows(c));
        } else if (tableRows.get(idx) != m.tableRows(c)) {
          throw new IllegalArgumentException(
              "table "
                  + t
                  + " is declared with "
                  + tableRows.get(idx)
                  + " and "
                  + m.tableRows(c)
                  + " rows");
        }
        tableOf[f][c] = idx;
      }
    }
    this.slots = s;
  }

  /**
   * Builds collisionless vocabularies (and numeric bounds) for the fields from the training split
   * only, so validation and test values unseen in training fall to the OOV row.
   */
  public static EmbeddingSchema fit(List<FieldSpec> fields, Iterable<TrainingExample> train) {
    List<Map<String, Integer>> counts = new ArrayList<>();
    double[] min = new double[fields.size()];
    double[] max = new double[fields.size()];
    Map<String, Integer> index = new HashMap<>();
    for (int f = 0; f < fields.size(); f++) {
      counts.add(new HashMap<>());
      min[f] = Double.POSITIVE_INFINITY;
      max[f] = Double.NEGATIVE_INFINITY;
      if (index.put(fields.get(f).name(), f) != null) {
        throw new IllegalArgumentException("field listed twice: " + fields.get(f).name());
      }
    }
    for (TrainingExample e : train) {
      for (Feature feat : e.getFeatures()) {
        Integer f = index.get(feat.getName().toString());
        if (f == null) {
          continue;
        }
        FieldSpec spec = fields.get(f);
        if (spec.kind() == FieldSpec.Kind.NUMERIC) {
          Double x = feat.getNumber();
          if (x != null && !x.isNaN()) {
            double t = transform(spec.transform(), x, 0, 1, false);
            min[f] = Math.min(min[f], t);
            max[f] = Math.max(max[f], t);
          }
        } else {
          for (CharSequence v : feat.getValues()) {
            counts.get(f).merge(v.toString(), 1, Integer::sum);
          }
        }
      }
    }
    List<RowMapper> mappers = new ArrayList<>();
    for (int f = 0; f < fields.size(); f++) {
      FieldSpec spec = fields.get(f);
      mappers.add(
          spec.kind() == FieldSpec.Kind.NUMERIC
              ? new NumericRows(spec.name())
              : Vocabulary.fromCounts(spec.name(), counts.get(f), spec.minCount()));
    }
    return new EmbeddingSchema(fields, mappers, min, max);
  }

  /**
   * This schema with the row mappers of the named categorical fields replaced (e.g. by {@link
   * StrategyRows}); numeric bounds and the other fields' vocabularies stay as fitted.
   */
  public EmbeddingSchema withMappers(Map<String, ? extends RowMapper> replace) {
    List<RowMapper> m = new ArrayList<>(mappers);
    java.util.Set<String> unknown = new java.util.TreeSet<>(replace.keySet());
    for (int f = 0; f < fields.size(); f++) {
      RowMapper r = replace.get(fields.get(f).name());
      if (r != null) {
        if (fields.get(f).kind() == FieldSpec.Kind.NUMERIC) {
          throw new IllegalArgumentException(
              "field " + fields.get(f).name() + " is numeric: it keeps its 2-row table");
        }
        m.set(f, r);
        unknown.remove(fields.get(f).name());
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("no such fields in the schema: " + unknown);
    }
    return new EmbeddingSchema(fields, m, min, max);
  }

  static double transform(FieldSpec.Transform t, double x, double lo, double hi, boolean scale) {
    double v =
        switch (t) {
          case NONE, MIN_MAX -> x;
          case LOG_SQUARED -> x > 2 ? Math.floor(Math.log(x) * Math.log(x)) : x;
        };
    if (scale && t == FieldSpec.Transform.MIN_MAX) {
      if (!(hi > lo)) {
        return 0;
      }
      v = Math.min(1, Math.max(0, (v - lo) / (hi - lo)));
    }
    return v;
  }

  /** The numeric value an embedding vector is scaled by, after the field's transform. */
  public float numericValue(int field, double x) {
    return (float) transform(fields.get(field).transform(), x, min[field], max[field], true);
  }

  public int fieldCount() {
    return fields.size();
  }

  public FieldSpec field(int f) {
    return fields.get(f);
  }

  public RowMapper mapper(int f) {
    return mappers.get(f);
  }

  public int chunks(int f) {
    return mappers.get(f).chunks();
  }

  public int slotOffset(int f) {
    return slotOffset[f];
  }

  public int slotsPerExample() {
    return slots;
  }

  public int tableCount() {
    return tableNames.size();
  }

  public String tableName(int t) {
    return tableNames.get(t);
  }

  public int tableRows(int t) {
    return tableRows.get(t);
  }

  /** Index of the table that chunk c of field f looks up in. */
  public int tableOf(int f, int c) {
    return tableOf[f][c];
  }

  /** Lower bound of a numeric field's transformed values in the training split (+∞ if none). */
  public double min(int f) {
    return min[f];
  }

  /** Upper bound of a numeric field's transformed values in the training split (−∞ if none). */
  public double max(int f) {
    return max[f];
  }

  /** The row mapper of a numeric field: row 0 its scaled vector, row 1 its missing vector. */
  public static RowMapper numericRows(String table) {
    return new NumericRows(table);
  }

  /** Whether m is a numeric field's two-row mapper. */
  public static boolean isNumericRows(RowMapper m) {
    return m instanceof NumericRows;
  }

  /** The two-row table of a numeric field: its learned vector and its missing-value vector. */
  static final class NumericRows implements RowMapper {
    private final String table;

    NumericRows(String table) {
      this.table = table;
    }

    @Override
    public int chunks() {
      return 1;
    }

    @Override
    public String table(int chunk) {
      return table;
    }

    @Override
    public int tableRows(int chunk) {
      return 2;
    }

    @Override
    public int row(String value, int chunk) {
      return NUMERIC_VALUE_ROW;
    }

    @Override
    public int missingRow(int chunk) {
      return NUMERIC_MISSING_ROW;
    }
  }
}
