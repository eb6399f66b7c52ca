package io.streamplex.ctr.layers;

import java.util.SplittableRandom;

/** Inverted dropout: in training each unit is kept with probability 1 − rate and scaled up. */
public final class Dropout extends SameWidthLayer {

  private final float rate;
  private final SplittableRandom random;
  private final float[] mask;
  private final float[] y;
  private final float[] dx;
  private boolean active;

  public Dropout(int dim, float rate, SplittableRandom random, int maxBatch) {
    super(dim);
    if (rate < 0 || rate >= 1) {
      throw new IllegalArgumentException("dropout rate must be in [0, 1): " + rate);
    }

    this.rate = rate;
    this.random = random;
    this.mask = new float[maxBatch * dim];
    this.y = new float[maxBatch * dim];
    this.dx = new float[maxBatch * dim];
  }

  @Override
  public float[] forward(float[] x, int batch, boolean training) {
    active = training && rate > 0;
    if (!active) {
      return x;
    }
    float keep = 1f / (1f - rate);
    int n = batch * dim;
    for (int i = 0; i < n; i++) {
      mask[i] = random.nextDouble() < rate ? 0f : keep;
      y[i] = x[i] * mask[i];
    }
    return y;
  }

  @Override
  public float[] backward(float[] dy, int batch) {
    if (!active) {
      return dy;
    }
    int n = batch * dim;
    for (int i = 0; i < n; i++) {
      dx[i] = dy[i] * mask[i];
    }
    return dx;
  }
}
