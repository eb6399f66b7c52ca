package io.streamplex.ctr.layers;

import io.streamplex.embeddings.kernels.Kernels;
import java.util.ArrayList;
import java.util.List;

/**
 * AutoInt's interacting layer: multi-head self-attention across the M fields of each example. Head
 * h scores fields m, k by ⟨W_Q^h e_m, W_K^h e_k⟩ (divided by √d' when scaled), takes the softmax
 * over k and mixes W_V^h e_k; heads are concatenated, the residual (W_Res e_m, or e_m itself when
 * widths agree and no projection is asked) added, then ReLU and optionally layer normalisation —
 * the official code's order. With {@code officialProjections} the Q, K, V and residual projections
 * carry a bias and a ReLU as in the official TensorFlow code; without it they are bias-free linear
 * maps as in the paper and FuxiCTR.
 *
 * <p>Input and output are batch × M × width, batch-major.
 */
public final class InteractingLayer implements Layer {

  /** Options of one interacting layer. */
  public record Options(
      int heads,
      int headDim,
      boolean residual,
      boolean residualProjection,
      boolean scale,
      boolean layerNorm,
      boolean officialProjections) {}

  private final int fields;
  private final int inWidth;
  private final int heads;
  private final int headDim;
  private final int outWidth;
  private final float scale;
  private final Layer query;
  private final Layer key;
  private final Layer value;
  private final Layer residualProj;
  private final boolean identityResidual;
  private final LayerNorm norm;

  private final float[] attention;
  private final float[] y;
  private final float[] dZ;
  private final float[] dQ;
  private final float[] dK;
  private final float[] dV;
  private final float[] dA;
  private final float[] dx;

  /**
   * Inference scratch of the fused attention kernel: one head's weights and its keys transposed.
   */
  private final float[] headScratch;

  private float[] q;
  private float[] k;
  private float[] v;

  public InteractingLayer(
      ParamStore store, String name, int fields, int inWidth, Options o, int maxBatch) {
    this.fields = fields;
    this.inWidth = inWidth;
    this.heads = o.heads();
    this.headDim = o.headDim();
    this.outWidth = heads * headDim;
    this.scale = o.scale() ? (float) (1.0 / Math.sqrt(headDim)) : 1f;
    int rows = maxBatch * fields;
    this.query = projection(store, name + ".W_q", o.officialProjections(), rows);
    this.key = projection(store, name + ".W_k", o.officialProjections(), rows);
    this.value = projection(store, name + ".W_v", o.officialProjections(), rows);
    this.identityResidual = o.residual() && !o.residualProjection() && inWidth == outWidth;
    this.residualProj =
        o.residual() && !identityResidual
            ? projection(store, name + ".W_res", o.officialProjections(), rows)
            : null;
    this.norm =
        o.layerNorm()
            ? new LayerNorm(store, name + ".layer_norm", fields * outWidth, outWidth, maxBatch)
            : null;
    this.attention = new float[maxBatch * heads * fields * fields];
    this.y = new float[rows * outWidth];
    this.dZ = new float[rows * outWidth];
    this.dQ = new float[rows * outWidth];
    this.dK = new float[rows * outWidth];
    this.dV = new float[rows * outWidth];
    this.dA = new float[fields];
    this.dx = new float[rows * inWidth];
    this.headScratch = new float[Kernels.selfAttentionScratch(fields, headDim)];
  }

  private Layer projection(ParamStore store, String name, boolean official, int rows) {
    List<Layer> parts = new ArrayList<>();
    parts.add(new Linear(store, name, inWidth, outWidth, official, rows));
    if (official) {
      parts.add(new Relu(outWidth, rows));
    }
    return new Sequential(parts);
  }

  public int fields() {
    return fields;
  }

  public int outWidth() {
    return outWidth;
  }

  @Override
  public int inDim() {
    return fields * inWidth;
  }

  @Override
  public int outDim() {
    return fields * outWidth;
  }

  @Override
  public float[] forward(float[] x, int batch, boolean training) {
    int rows = batch * fields;
    q = query.forward(x, rows, training);
    k = key.forward(x, rows, training);
    v = value.forward(x, rows, training);
    if (residualProj != null) {
      System.arraycopy(residualProj.forward(x, rows, training), 0, y, 0, rows * outWidth);
    } else if (identityResidual) {
      System.arraycopy(x, 0, y, 0, rows * outWidth);
    } else {
      java.util.Arrays.fill(y, 0, rows * outWidth, 0f);
    }
    if (training) {
      attendKeepingWeights(batch);
    } else {
      // Inference keeps no weights for a backward pass, so one fused kernel per head does scores,
      // softmax and mixing without a horizontal sum per score or a scalar softmax per row of 8.
      for (int b = 0; b < batch; b++) {
        for (int h = 0; h < heads; h++) {
          Kernels.selfAttentionHead(
              q,
              k,
              v,
              y,
              b * fields * outWidth + h * headDim,
              outWidth,
              fields,
              headDim,
              scale,
              headScratch);
        }
      }
    }
    Kernels.relu(y, 0, rows * outWidth);
    return norm != null ? norm.forward(y, batch, training) : y;
  }

  /** The training forward: every attention weight kept for {@link #backward}. */
  private void attendKeepingWeights(int batch) {
    for (int b = 0; b < batch; b++) {
      for (int h = 0; h < heads; h++) {
        int col = h * headDim;
        for (int m = 0; m < fields; m++) {
          int aOff = ((b * heads + h) * fields + m) * fields;
          int qOff = (b * fields + m) * outWidth + col;
          for (int j = 0; j < fields; j++) {
            attention[aOff + j] =
                scale * Kernels.dot(q, qOff, k, (b * fields + j) * outWidth + col, headDim);
          }
          Kernels.softmax(attention, aOff, fields);
          for (int j = 0; j < fields; j++) {
            Kernels.axpy(
                attention[aOff + j], v, (b * fields + j) * outWidth + col, y, qOff, headDim);
          }
        }
      }
    }
  }

  @Override
  public float[] backward(float[] dOut, int batch) {
    int rows = batch * fields;
    int n = rows * outWidth;
    float[] dY = norm != null ? norm.backward(dOut, batch) : dOut;
    Relu.maskByPositive(dY, y, dZ, n);
    java.util.Arrays.fill(dQ, 0, n, 0f);
    java.util.Arrays.fill(dK, 0, n, 0f);
    java.util.Arrays.fill(dV, 0, n, 0f);
    for (int b = 0; b < batch; b++) {
      for (int h = 0; h < heads; h++) {
        int col = h * headDim;
        for (int m = 0; m < fields; m++) {
          int aOff = ((b * heads + h) * fields + m) * fields;
          int rowM = (b * fields + m) * outWidth + col;
          float weighted = 0f;
          for (int j = 0; j < fields; j++) {
            int rowJ = (b * fields + j) * outWidth + col;
            dA[j] = Kernels.dot(dZ, rowM, v, rowJ, headDim);
            weighted += attention[aOff + j] * dA[j];
            Kernels.axpy(attention[aOff + j], dZ, rowM, dV, rowJ, headDim);
          }
          for (int j = 0; j < fields; j++) {
            int rowJ = (b * fields + j) * outWidth + col;
            // softmax backward, then the score's scale
            float dS = attention[aOff + j] * (dA[j] - weighted) * scale;
            Kernels.axpy(dS, k, rowJ, dQ, rowM, headDim);
            Kernels.axpy(dS, q, rowM, dK, rowJ, headDim);
          }
        }
      }
    }
    int nIn = rows * inWidth;
    System.arraycopy(query.backward(dQ, rows), 0, dx, 0, nIn);
    Kernels.axpy(1f, key.backward(dK, rows), 0, dx, 0, nIn);
    Kernels.axpy(1f, value.backward(dV, rows), 0, dx, 0, nIn);
    if (residualProj != null) {
      Kernels.axpy(1f, residualProj.backward(dZ, rows), 0, dx, 0, nIn);
    } else if (identityResidual) {
      Kernels.axpy(1f, dZ, 0, dx, 0, nIn);
    }
    return dx;
  }
}
