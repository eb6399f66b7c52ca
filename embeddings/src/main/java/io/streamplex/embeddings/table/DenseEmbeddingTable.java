package io.streamplex.embeddings.table;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An in-memory table: rows × dim floats, row-major. Rows live in segments of a power-of-two row
 * count, so tables larger than one Java array (2^31 floats) work; a small table is one segment.
 * Slots are stored in parallel segments, {@code slotsPerWeight × dim} floats per row.
 */
public final class DenseEmbeddingTable implements EmbeddingTable {

  /** Floats per segment at most: 2^30 (4 GiB), well below the JVM's array limit. */
  static final long MAX_SEGMENT_FLOATS = 1L << 30;

  private final String name;
  private final int rows;
  private final int dim;
  private final int slotsPerWeight;
  private final int segmentShift;
  private final int segmentMask;
  private final float[][] weights;
  private final float[][] slots;
  private final Map<String, String> metadata;

  public DenseEmbeddingTable(String name, int rows, int dim) {
    this(name, rows, dim, 0, Map.of());
  }

  public DenseEmbeddingTable(
      String name, int rows, int dim, int slotsPerWeight, Map<String, String> metadata) {
    this(name, rows, dim, slotsPerWeight, metadata, MAX_SEGMENT_FLOATS);
  }

  DenseEmbeddingTable(
      String name,
      int rows,
      int dim,
      int slotsPerWeight,
      Map<String, String> metadata,
      long maxSegmentFloats) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("table name must be non-empty");
    }
    if (rows < 1 || dim < 1 || slotsPerWeight < 0) {
      throw new IllegalArgumentException(
          "table '"
              + name
              + "': rows and dim must be >= 1 and slots >= 0, got rows="
              + rows
              + " dim="
              + dim
              + " slots="
              + slotsPerWeight);
    }
    long perSegmentRows =
        Math.max(1, maxSegmentFloats / ((long) dim * Math.max(1, slotsPerWeight)));
    int shift = 63 - Long.numberOfLeadingZeros(perSegmentRows);
    shift = Math.min(shift, 30);
    this.name = name;
    this.rows = rows;
    this.dim = dim;
    this.slotsPerWeight = slotsPerWeight;
    this.segmentShift = shift;
    this.segmentMask = (int) ((1L << shift) - 1);
    int segments = (int) (((long) rows + (1L << shift) - 1) >>> shift);
    this.weights = new float[segments][];
    this.slots = new float[slotsPerWeight > 0 ? segments : 0][];
    for (int s = 0; s < segments; s++) {
      int segRows = (int) Math.min(1L << shift, rows - ((long) s << shift));
      weights[s] = new float[segRows * dim];
      if (slotsPerWeight > 0) {
        slots[s] = new float[segRows * dim * slotsPerWeight];
      }
    }
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int rows() {
    return rows;
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public int slotsPerWeight() {
    return slotsPerWeight;
  }

  @Override
  public Map<String, String> metadata() {
    return metadata;
  }

  int segments() {
    return weights.length;
  }

  float[] weightSegment(int s) {
    return weights[s];
  }

  float[] slotSegment(int s) {
    return slots[s];
  }

  private void check(int row) {
    if (row < 0 || row >= rows) {
      throw new IndexOutOfBoundsException(
          "table '" + name + "': row " + row + " outside [0, " + rows + ")");
    }
  }

  @Override
  public void lookup(int row, float[] out, int off) {
    check(row);
    System.arraycopy(weights[row >>> segmentShift], (row & segmentMask) * dim, out, off, dim);
  }

  @Override
  public void accumulate(int row, float scale, float[] out, int off) {
    check(row);
    float[] seg = weights[row >>> segmentShift];
    int base = (row & segmentMask) * dim;
    for (int j = 0; j < dim; j++) {
      out[off + j] += scale * seg[base + j];
    }
  }

  @Override
  public void setRow(int row, float[] src, int off) {
    check(row);
    System.arraycopy(src, off, weights[row >>> segmentShift], (row & segmentMask) * dim, dim);
  }

  @Override
  public void applyGradient(int row, float[] grad, int off, RowOptimizer optimizer) {
    check(row);
    int need = optimizer.slotsPerWeight();
    if (need > slotsPerWeight) {
      throw new IllegalStateException(
          "table '"
              + name
              + "' keeps "
              + slotsPerWeight
              + " optimizer slots per weight but the optimizer needs "
              + need);
    }
    int s = row >>> segmentShift;
    int r = row & segmentMask;
    optimizer.update(
        row,
        weights[s],
        r * dim,
        grad,
        off,
        dim,
        slotsPerWeight > 0 ? slots[s] : null,
        r * dim * slotsPerWeight);
  }

  /**
   * Fills every weight with N(0, std²) from {@code seed}. Row r draws from its own SplitMix64
   * stream seeded by (seed, r), so a row's initial value does not depend on the table size.
   */
  public DenseEmbeddingTable initNormal(long seed, float std) {
    for (int row = 0; row < rows; row++) {
      long state = SplitMix64.mix(seed ^ SplitMix64.mix(row + 0x9E3779B97F4A7C15L));
      float[] seg = weights[row >>> segmentShift];
      int base = (row & segmentMask) * dim;
      for (int j = 0; j < dim; j += 2) {
        state += SplitMix64.GAMMA;
        double u1 = ((SplitMix64.mix(state) >>> 11) + 1) * 0x1.0p-53;
        state += SplitMix64.GAMMA;
        double u2 = (SplitMix64.mix(state) >>> 11) * 0x1.0p-53;
        double r = Math.sqrt(-2 * Math.log(u1));
        seg[base + j] = (float) (std * r * Math.cos(2 * Math.PI * u2));
        if (j + 1 < dim) {
          seg[base + j + 1] = (float) (std * r * Math.sin(2 * Math.PI * u2));
        }
      }
    }
    return this;
  }

  /** SplitMix64 (Steele, Lea, Flood): a fixed, portable generator for initial weights. */
  static final class SplitMix64 {
    static final long GAMMA = 0x9E3779B97F4A7C15L;

    private SplitMix64() {}

    static long mix(long z) {
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 31);
    }
  }
}
