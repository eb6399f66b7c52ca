package io.streamplex.ctr.layers;

import java.util.Arrays;

/**
 * A named parameter tensor with its gradient. A row-sparse parameter (an embedding table) records
 * which rows received gradient since the last {@link #zeroGrad}, so optimizers and the gradient
 * reset touch only those rows.
 */
public final class Param {

  public final String name;
  public final int[] shape;

  /** Values, row-major; shared between a model and its training replicas. */
  public final float[] w;

  /** Gradient, same layout as {@link #w}; private to one replica. */
  public final float[] g;

  public final boolean rowSparse;

  /** Whether L2 on embeddings applies (tables) — dense weights are not regularised. */
  public final boolean embedding;

  /** False for buffers that optimizers must leave alone. */
  boolean trainable = true;

  private final int rowWidth;
  private final boolean[] touchedMark;
  private final int[] touched;
  private int touchedCount;

  Param(String name, int[] shape, float[] w, boolean rowSparse, boolean embedding) {
    this.name = name;
    this.shape = shape.clone();
    int size = 1;
    for (int s : shape) {
      size *= s;
    }
    if (w.length != size) {
      throw new IllegalArgumentException(
          name + ": " + w.length + " values for shape " + Arrays.toString(shape));
    }
    this.w = w;
    this.g = new float[size];
    this.rowSparse = rowSparse;
    this.embedding = embedding;
    this.rowWidth = shape.length > 1 ? size / shape[0] : 1;
    this.touchedMark = rowSparse ? new boolean[shape[0]] : null;
    this.touched = rowSparse ? new int[shape[0]] : null;
  }

  public boolean trainable() {
    return trainable;
  }

  public int size() {
    return w.length;
  }

  public int rows() {
    return shape[0];
  }

  /** Width of one row: the product of all dimensions but the first. */
  public int rowWidth() {
    return rowWidth;
  }

  /** Marks a row of a row-sparse parameter as holding gradient. */
  public void touch(int row) {
    if (!touchedMark[row]) {
      touchedMark[row] = true;
      touched[touchedCount++] = row;
    }
  }

  /** Rows with gradient since the last reset, in first-touch order. */
  public int[] touchedRows() {
    return touched;
  }

  public int touchedCount() {
    return touchedCount;
  }

  public void zeroGrad() {
    if (!rowSparse) {
      Arrays.fill(g, 0f);
      return;
    }
    for (int i = 0; i < touchedCount; i++) {
      int r = touched[i];
      Arrays.fill(g, r * rowWidth, (r + 1) * rowWidth, 0f);
      touchedMark[r] = false;
    }
    touchedCount = 0;
  }

  /** Adds another replica's gradient of the same parameter into this one. */
  public void addGradFrom(Param other) {
    if (!rowSparse) {
      for (int i = 0; i < g.length; i++) {
        g[i] += other.g[i];
      }
      return;
    }
    for (int i = 0; i < other.touchedCount; i++) {
      int r = other.touched[i];
      touch(r);
      int off = r * rowWidth;
      for (int j = 0; j < rowWidth; j++) {
        g[off + j] += other.g[off + j];
      }
    }
  }
}
