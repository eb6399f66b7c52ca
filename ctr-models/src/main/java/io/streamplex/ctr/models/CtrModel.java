package io.streamplex.ctr.models;

import io.streamplex.ctr.data.EmbeddingSchema;
import io.streamplex.ctr.data.EncodedData;
import io.streamplex.ctr.layers.FieldEmbedding;
import io.streamplex.ctr.layers.Param;
import io.streamplex.ctr.layers.ParamStore;
import java.util.ArrayList;
import java.util.List;

/**
 * A CTR model assembled from its {@link ModelConfig}: shared field embeddings, the configured logit
 * blocks, and a global bias; ŷ = σ(bias + Σ block logits), trained on mean log loss.
 */
public final class CtrModel {

  private final ModelConfig config;
  private final EmbeddingSchema schema;
  private final ParamStore store;
  private final int maxBatch;
  private final FieldEmbedding embedding;
  private final SequenceField sequence;
  private final List<LogitBlock> blocks = new ArrayList<>();
  private final Param bias;
  private final float[] logits;
  private final float[] dLogit;
  private final float[] dEmb;
  private float[] emb;
  private int lastBatch;

  private CtrModel(ModelConfig config, EmbeddingSchema schema, ParamStore store, int maxBatch) {
    this.config = config;
    this.schema = schema;
    this.store = store;
    this.maxBatch = maxBatch;
    int fields = schema.fieldCount();
    int width = config.embeddingDim;
    List<String> names = config.blockList();
    if (names.isEmpty()) {
      throw new IllegalArgumentException("model " + config.displayName() + " has no blocks");
    }
    boolean shared = names.stream().anyMatch(n -> !n.equals("linear"));
    this.embedding =
        shared
            ? new FieldEmbedding(
                store,
                "emb.",
                schema,
                width,
                config.embeddingStd,
                maxBatch,
                embeddingRanks(config, schema))
            : null;
    this.sequence =
        config.sequence != null
                && config.sequence.module != io.streamplex.ctr.sdim.SequenceModule.NONE
            ? new SequenceField(config.sequence, schema, requireShared(embedding), width, maxBatch)
            : null;
    if (sequence != null) {
      fields = sequence.outFields();
    }
    for (String n : names) {
      blocks.add(
          switch (n) {
            case "linear" -> new LinearBlock(store, schema, config.embeddingStd, maxBatch);
            case "fm" -> new FmBlock(fields, width, maxBatch);
            case "dnn" -> new DnnBlock(store, fields * width, config.dnn, maxBatch);
            case "autoint" -> new AutoIntBlock(store, fields, width, config.attention, maxBatch);
            default ->
                throw new IllegalArgumentException(
                    "unknown block '" + n + "' (known: linear, fm, dnn, autoint)");
          });
    }
    this.bias = store.dense("bias", ParamStore.Init.ZERO, 1, 0);
    this.logits = new float[maxBatch];
    this.dLogit = new float[maxBatch];
    this.dEmb = shared ? new float[maxBatch * fields * width] : null;
  }

  private static FieldEmbedding requireShared(FieldEmbedding e) {
    if (e == null) {
      throw new IllegalArgumentException(
          "a sequence field needs a block that reads the shared embeddings (fm, dnn or autoint)");
    }
    return e;
  }

  private static int[] embeddingRanks(ModelConfig config, EmbeddingSchema schema) {
    if (config.embeddingRanks == null || config.embeddingRanks.isEmpty()) {
      return null;
    }
    int[] ranks = new int[schema.fieldCount()];
    java.util.Set<String> unknown = new java.util.TreeSet<>(config.embeddingRanks.keySet());
    for (int f = 0; f < ranks.length; f++) {
      Integer k = config.embeddingRanks.get(schema.field(f).name());
      if (k != null) {
        ranks[f] = k;
        unknown.remove(schema.field(f).name());
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("embeddingRanks names fields the model lacks: " + unknown);
    }
    return ranks;
  }

  /** Builds a model with freshly initialised parameters from config.seed. */
  public static CtrModel create(ModelConfig config, EmbeddingSchema schema, int maxBatch) {
    return new CtrModel(config, schema, new ParamStore(config.seed), maxBatch);
  }

  /** A model sharing this one's parameter values, with its own gradients and buffers. */
  public CtrModel replica() {
    return new CtrModel(config, schema, store.replica(), maxBatch);
  }

  public ModelConfig config() {
    return config;
  }

  public EmbeddingSchema schema() {
    return schema;
  }

  public List<Param> params() {
    return store.all();
  }

  public long parameterCount() {
    return store.parameterCount();
  }

  /**
   * The layer stack of a {@code dnn} block (flattened embeddings → logit), for compression; empty
   * when the model has no such block.
   */
  public java.util.Optional<io.streamplex.ctr.layers.Layer> dnnNet() {
    int i = config.blockList().indexOf("dnn");
    return i < 0
        ? java.util.Optional.empty()
        : java.util.Optional.of(((NetBlock) blocks.get(i)).net());
  }

  public int maxBatch() {
    return maxBatch;
  }

  /** The shared field embeddings (for compression); empty for a linear-only model. */
  public java.util.Optional<FieldEmbedding> embedding() {
    return java.util.Optional.ofNullable(embedding);
  }

  /**
   * The shared embeddings' output of the last forward pass, batch × fields × width; read by
   * calibration for embedding compression.
   */
  public float[] embeddingOutput() {
    return emb;
  }

  /**
   * Logits of examples index[from .. from+batch) (or from .. from+batch when index is null). The
   * returned buffer is reused by the next call.
   */
  public float[] forward(EncodedData data, int[] index, int from, int batch, boolean training) {
    if (batch > maxBatch) {
      throw new IllegalArgumentException("batch " + batch + " exceeds " + maxBatch);
    }
    lastBatch = batch;
    java.util.Arrays.fill(logits, 0, batch, bias.w[0]);
    emb = embedding != null ? embedding.forward(data, index, from, batch) : null;
    if (sequence != null) {
      emb = sequence.forward(emb, data, index, from, batch);
    }
    for (LogitBlock b : blocks) {
      b.forward(emb, data, index, from, batch, training, logits);
    }
    return logits;
  }

  /**
   * Backward pass of log loss for the last forward batch, with gradients scaled by 1/scale (the
   * size of the whole mini-batch when it is split between replicas). Returns the summed loss.
   */
  public double backward(EncodedData data, int[] index, int from, int scale) {
    int batch = lastBatch;
    double loss = 0;
    float inv = 1f / scale;
    float biasGrad = 0f;
    for (int b = 0; b < batch; b++) {
      int e = index == null ? from + b : index[from + b];
      float z = logits[b];
      float y = data.labels[e] ? 1f : 0f;
      float p = sigmoid(z);
      loss += logLoss(z, y);
      dLogit[b] = (p - y) * inv;
      biasGrad += dLogit[b];
    }
    bias.g[0] += biasGrad;
    if (dEmb != null) {
      int perExample = embedding.outDim() + (sequence != null ? embedding.width() : 0);
      java.util.Arrays.fill(dEmb, 0, batch * perExample, 0f);
    }
    for (LogitBlock b : blocks) {
      b.backward(dLogit, batch, dEmb);
    }
    if (embedding != null) {
      embedding.backward(sequence != null ? sequence.backward(dEmb, batch) : dEmb, batch);
    }
    return loss;
  }

  /** log(1 + e^{−|z|}) + max(z, 0) − y·z: binary cross-entropy of a logit, stable for any z. */
  public static double logLoss(float z, float y) {
    return Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0) - y * z;
  }

  /** Summed log loss of a batch after a training-mode forward pass (for checks). */
  public double loss(EncodedData data, int[] index, int from, int batch) {
    float[] z = forward(data, index, from, batch, true);
    double loss = 0;
    for (int b = 0; b < batch; b++) {
      int e = index == null ? from + b : index[from + b];
      loss += logLoss(z[b], data.labels[e] ? 1f : 0f);
    }
    return loss;
  }

  public static float sigmoid(float z) {
    return (float) (1.0 / (1.0 + Math.exp(-z)));
  }

  /** Logits for all examples of data, in order (inference mode). */
  public float[] logits(EncodedData data) {
    float[] out = new float[data.size];
    for (int from = 0; from < data.size; from += maxBatch) {
      int batch = Math.min(maxBatch, data.size - from);
      System.arraycopy(forward(data, null, from, batch, false), 0, out, from, batch);
    }
    return out;
  }

  /** Click probabilities for all examples of data, in order. */
  public float[] predict(EncodedData data) {
    return sigmoid(logits(data));
  }

  /** σ of every logit, in place. */
  public static float[] sigmoid(float[] z) {
    for (int i = 0; i < z.length; i++) {
      z[i] = sigmoid(z[i]);
    }
    return z;
  }
}
