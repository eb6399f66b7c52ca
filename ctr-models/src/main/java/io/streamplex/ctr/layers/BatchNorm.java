package io.streamplex.ctr.layers;

/**
 * Batch normalisation per feature as PyTorch's {@code BatchNorm1d}: batch statistics in training
 * (biased variance to normalise, running averages with momentum 0.1 of the unbiased one), running
 * statistics at inference. Only the origin model (not a replica) updates the running statistics.
 */
public final class BatchNorm extends SameWidthLayer {

  static final float EPS = 1e-5f;
  static final float MOMENTUM = 0.1f;

  private final Param gamma;
  private final Param beta;
  private final Param runningMean;
  private final Param runningVar;
  private final boolean updatesRunning;
  private final float[] y;
  private final float[] xhat;
  private final float[] invStd;
  private final float[] dx;
  private boolean trainingPass;

  public BatchNorm(ParamStore store, String name, int dim, int maxBatch) {
    super(dim);

    this.gamma = store.dense(name + ".weight", ParamStore.Init.ONE, dim, 0);
    this.beta = store.dense(name + ".bias", ParamStore.Init.ZERO, dim, 0);
    this.runningMean = store.buffer(name + ".running_mean", ParamStore.Init.ZERO, dim);
    this.runningVar = store.buffer(name + ".running_var", ParamStore.Init.ONE, dim);
    this.updatesRunning = !store.isReplica();
    this.y = new float[maxBatch * dim];
    this.xhat = new float[maxBatch * dim];
    this.invStd = new float[dim];
    this.dx = new float[maxBatch * dim];
  }

  @Override
  public float[] forward(float[] x, int batch, boolean training) {
    trainingPass = training && batch > 1;
    for (int j = 0; j < dim; j++) {
      float mean;
      float inv;
      if (trainingPass) {
        double s = 0;
        for (int b = 0; b < batch; b++) {
          s += x[b * dim + j];
        }
        double m = s / batch;
        double v = 0;
        for (int b = 0; b < batch; b++) {
          double d = x[b * dim + j] - m;
          v += d * d;
        }
        mean = (float) m;
        inv = (float) (1.0 / Math.sqrt(v / batch + EPS));
        if (updatesRunning) {
          runningMean.w[j] = (1 - MOMENTUM) * runningMean.w[j] + MOMENTUM * mean;
          runningVar.w[j] = (1 - MOMENTUM) * runningVar.w[j] + MOMENTUM * (float) (v / (batch - 1));
        }
      } else {
        mean = runningMean.w[j];
        inv = (float) (1.0 / Math.sqrt(runningVar.w[j] + EPS));
      }
      invStd[j] = inv;
      float gj = gamma.w[j];
      float bj = beta.w[j];
      for (int b = 0; b < batch; b++) {
        int i = b * dim + j;
        xhat[i] = (x[i] - mean) * inv;
        y[i] = xhat[i] * gj + bj;
      }
    }
    return y;
  }

  @Override
  public float[] backward(float[] dy, int batch) {
    for (int j = 0; j < dim; j++) {
      float sumDy = 0f;
      float sumDyX = 0f;
      for (int b = 0; b < batch; b++) {
        int i = b * dim + j;
        sumDy += dy[i];
        sumDyX += dy[i] * xhat[i];
      }
      gamma.g[j] += sumDyX;
      beta.g[j] += sumDy;
      float scale = gamma.w[j] * invStd[j];
      if (trainingPass) {
        float meanDy = sumDy / batch;
        float meanDyX = sumDyX / batch;
        for (int b = 0; b < batch; b++) {
          int i = b * dim + j;
          dx[i] = scale * (dy[i] - meanDy - xhat[i] * meanDyX);
        }
      } else {
        for (int b = 0; b < batch; b++) {
          int i = b * dim + j;
          dx[i] = scale * dy[i];
        }
      }
    }
    return dx;
  }
}
