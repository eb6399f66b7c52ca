package io.streamplex.ctr.models;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamplex.ctr.data.FieldSpec;
import io.streamplex.ctr.layers.Mlp;
import io.streamplex.ctr.optim.OptimizerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything that defines a model and its training, as JSON. A model is a sum of logit blocks over
 * shared field embeddings: {@code linear} (width-1 embeddings, the LR part), {@code fm} (pairwise
 * factorisation machine term), {@code dnn} (MLP over the flattened embeddings) and {@code autoint}
 * (stacked interacting layers). {@code type} names a preset block list; an explicit {@code blocks}
 * list overrides it.
 */
public final class ModelConfig {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Presets from the papers. */
  public enum Type {
    LR(List.of("linear")),
    FM(List.of("linear", "fm")),
    DNN(List.of("dnn")),
    AUTOINT(List.of("autoint")),
    AUTOINT_PLUS(List.of("autoint", "dnn"));

    final List<String> blocks;

    Type(List<String> blocks) {
      this.blocks = blocks;
    }
  }

  /** The DNN branch. */
  public static final class Dnn {
    public int[] hidden = {400, 400, 400};
    public Mlp.Norm norm = Mlp.Norm.NONE;
    public float dropout = 0f;

    /**
     * Rank of each hidden layer as a {@code LowRankLinear} (0 or absent: a full {@code Linear});
     * set by low-rank compression.
     */
    public int[] ranks;
  }

  /** The interacting layers. */
  public static final class Attention {
    public int layers = 3;
    public int heads = 2;
    public int headDim = 32;
    public boolean residual = true;
    public boolean residualProjection = false;
    public boolean scale = false;
    public boolean layerNorm = false;
    public boolean officialProjections = false;
  }

  /**
   * The behaviour-sequence input: one extra field holding the user's interest for the candidate,
   * computed from the last {@code length} behaviours with the candidate item field's own embeddings
   * (so their gradient reaches the item table through the sequence too).
   */
  public static final class Sequence {
    public io.streamplex.ctr.sdim.SequenceModule module =
        io.streamplex.ctr.sdim.SequenceModule.NONE;

    /** The candidate item field; behaviours look up rows in its table. */
    public String itemField = "item_id";

    /** L: the most recent behaviours kept. */
    @com.fasterxml.jackson.annotation.JsonAlias("L")
    public int length = 200;

    /** SDIM's number of signatures m. */
    public int m = 8;

    /** SDIM's bits per signature τ. */
    @com.fasterxml.jackson.annotation.JsonAlias("τ")
    public int tau = 4;

    /**
     * SDIM's bucket normalisation. COUNT (the bucket mean) is the default: it is the estimator of
     * target attention with the SimHash collision kernel (the count stands in for the softmax
     * denominator, papers.md §3), and validation AUC picked it on every real dataset we measured
     * (README, SDIM section).
     */
    public io.streamplex.ctr.sdim.Normalisation normalisation =
        io.streamplex.ctr.sdim.Normalisation.COUNT;

    /**
     * Mean pooling's normalisation of the sum over the whole sequence: COUNT is the mean, L2 its
     * direction only (as SDIM's ℓ2 does per bucket), NONE the raw sum.
     */
    public io.streamplex.ctr.sdim.Normalisation poolingNormalisation =
        io.streamplex.ctr.sdim.Normalisation.COUNT;

    /**
     * Target attention's score: 0 for the dot form ⟨c, s⟩/√d; β &gt; 0 for the angular form
     * β·cos(c, s), which (like SDIM's SimHash) matches by direction only.
     */
    public float attentionCosineBeta = 0f;

    /** Seed of SDIM's projection R. */
    public long hashSeed = 1;
  }

  public String name;
  public Type type = Type.AUTOINT_PLUS;
  public List<String> blocks;

  /** Adds the linear block to any preset (FuxiCTR's "wide" part). */
  public boolean wide = false;

  public int embeddingDim = 16;
  public double embeddingStd = 0.01;

  /**
   * Rank of a field's low-rank embedding table (V × k plus a k → embeddingDim projection), by field
   * name; set by embedding compression. Absent fields keep full tables.
   */
  @com.fasterxml.jackson.annotation.JsonInclude(
      com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
  public java.util.Map<String, Integer> embeddingRanks;

  /** L2 coefficient λ on embedding rows: the gradient gets λ·w added. */
  public double embeddingL2 = 0;

  public Dnn dnn = new Dnn();
  public Attention attention = new Attention();
  public Sequence sequence = new Sequence();

  public OptimizerConfig optimizer = new OptimizerConfig();

  /** Optimizer for embedding tables; the dense optimizer when absent. */
  public OptimizerConfig embeddingOptimizer;

  public int batchSize = 1024;
  public int maxEpochs = 200;

  /** Epochs without a better validation AUC before stopping. */
  public int patience = 5;

  public long seed = 1;

  /** Threads sharing each mini-batch (1 or more); results are deterministic for a given count. */
  public int threads = 1;

  /** Input fields; the caller's dataset defaults apply when absent. */
  public List<FieldSpec> fields;

  public List<String> blockList() {
    List<String> b = new ArrayList<>(blocks != null ? blocks : type.blocks);
    if (wide && !b.contains("linear")) {
      b.add(0, "linear");
    }
    return b;
  }

  public String displayName() {
    return name != null ? name : type.name().toLowerCase().replace('_', '-');
  }

  public static ModelConfig parse(String json) {
    try {
      return JSON.readValue(json, ModelConfig.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("bad model config: " + e.getMessage(), e);
    }
  }

  public static ModelConfig read(Path file) throws IOException {
    return parse(Files.readString(file));
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public com.fasterxml.jackson.databind.JsonNode toJsonTree() {
    return JSON.valueToTree(this);
  }

  /** A deep copy through JSON, for grids over one setting. */
  public ModelConfig copy() {
    return parse(toJson());
  }
}
