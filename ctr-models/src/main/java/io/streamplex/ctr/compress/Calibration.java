package io.streamplex.ctr.compress;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Output statistics of one layer over calibration data (AFM step 1): N, Σy and Σyyᵀ in float64. A
 * mergeable aggregate, so parallel subtasks can each calibrate a share of the data and sum their
 * statistics; float64 because Σyyᵀ over many examples loses the small eigenvalues in float32.
 */
public final class Calibration {

  private final int dim;
  private long count;
  private final double[] sum;

  /** Σyyᵀ, m × m. */
  private final DMatrixRMaj outer;

  public Calibration(int dim) {
    if (dim < 1) {
      throw new IllegalArgumentException("calibration width must be at least 1, was " + dim);
    }
    this.dim = dim;
    this.sum = new double[dim];
    this.outer = new DMatrixRMaj(dim, dim);
  }

  public int dim() {
    return dim;
  }

  public long count() {
    return count;
  }

  /** Adds rows [0, batch) of a batch-major output buffer of width {@link #dim}. */
  public void add(float[] y, int batch) {
    add(y, batch, 0, dim);
  }

  /**
   * Adds batch rows of {@link #dim} values, row b starting at offset + b·stride: one field's slice
   * of a batch × fields × width embedding output, or a whole layer output when stride is dim.
   */
  public void add(float[] y, int batch, int offset, int stride) {
    if (stride < dim || (batch > 0 && y.length < offset + (batch - 1) * stride + dim)) {
      throw new IllegalArgumentException(
          "output buffer of "
              + y.length
              + " values is shorter than "
              + batch
              + " rows of "
              + dim
              + " (stride "
              + stride
              + ")");
    }
    DMatrixRMaj rows = new DMatrixRMaj(batch, dim);
    double[] d = rows.data;
    for (int b = 0; b < batch; b++) {
      int src = offset + b * stride;
      for (int i = 0; i < dim; i++) {
        double v = y[src + i];
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException(
              "non-finite layer output " + v + " at row " + b + ", unit " + i);
        }
        d[b * dim + i] = v;
        sum[i] += v;
      }
    }
    // Σyyᵀ += YᵀY as one blocked product: far faster than per-example outer products.
    CommonOps_DDRM.multAddTransA(rows, rows, outer);
    count += batch;
  }

  /** Adds another calibration of the same layer (another share of the data) into this one. */
  public Calibration merge(Calibration other) {
    if (other.dim != dim) {
      throw new IllegalArgumentException(
          "cannot merge a calibration of width " + other.dim + " into one of width " + dim);
    }
    count += other.count;
    for (int i = 0; i < dim; i++) {
      sum[i] += other.sum[i];
    }
    CommonOps_DDRM.addEquals(outer, other.outer);
    return this;
  }

  /** μ = Σy / N. */
  public double[] mean() {
    requireData();
    double[] mu = new double[dim];
    for (int i = 0; i < dim; i++) {
      mu[i] = sum[i] / count;
    }
    return mu;
  }

  /** C = Σyyᵀ / N − μμᵀ, symmetric m × m. */
  public DMatrixRMaj covariance() {
    double[] mu = mean();
    DMatrixRMaj c = new DMatrixRMaj(dim, dim);
    for (int i = 0; i < dim; i++) {
      for (int j = i; j < dim; j++) {
        double v =
            (outer.unsafe_get(i, j) + outer.unsafe_get(j, i)) / (2.0 * count) - mu[i] * mu[j];
        c.unsafe_set(i, j, v);
        c.unsafe_set(j, i, v);
      }
    }
    return c;
  }

  private void requireData() {
    if (count == 0) {
      throw new IllegalStateException("calibration has seen no data");
    }
  }
}
