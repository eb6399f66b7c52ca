package io.streamplex.ctr.retrieval;

import io.streamplex.embeddings.kernels.Kernels;
import io.streamplex.embeddings.strategy.EmbeddingStrategy;
import io.streamplex.embeddings.strategy.FieldEmbedder;
import io.streamplex.embeddings.strategy.TableSpec;
import io.streamplex.embeddings.table.DenseEmbeddingTable;
import io.streamplex.embeddings.table.EmbeddingTable;
import io.streamplex.embeddings.table.RowOptimizer;
import io.streamplex.embeddings.table.SparseGradients;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Matrix factorisation with the BPR loss (Rendle et al. 2009), the retrieval model GraphHash
 * reports first: score(u, i) = e_u · e_i, where the user and item embeddings come through an {@link
 * EmbeddingStrategy} each, so IDs may share rows (hashing, GraphHash clusters) or read several rows
 * (DoubleGraphHash). A shared row's gradient is the sum over the IDs that read it.
 *
 * <p>Loss of a batch of B positives (u, i), each with K sampled negatives j:
 *
 * <pre>
 *   L = 1/(B·K) Σ_b Σ_k softplus(−(e_u·e_i − e_u·e_j))
 *     + λ/2 · 1/B Σ_b (‖e_u‖² + ‖e_i‖² + 1/K Σ_k ‖e_j‖²)
 * </pre>
 *
 * The L2 term acts on the looked-up embeddings of the batch, as LightGCN's and GraphHash's MF code
 * regularises, not on whole tables. Rows are updated once per step with their summed gradient, by
 * Adam (sparse) or Adagrad, in the order first touched, so a seed fixes the model.
 */
public final class MfBpr {

  public enum Optimizer {
    ADAM,
    ADAGRAD
  }

  /**
   * @param negatives sampled negatives per positive (K)
   * @param l2 λ of the embedding L2 term
   * @param initStd standard deviation of the normal initial rows
   */
  public record Config(
      int negatives, Optimizer optimizer, float learningRate, float l2, float initStd, long seed) {
    public Config {
      if (negatives < 1 || optimizer == null || !(learningRate > 0) || !(l2 >= 0)) {
        throw new IllegalArgumentException(
            "need negatives >= 1, an optimizer, learningRate > 0 and l2 >= 0; got "
                + negatives
                + ", "
                + optimizer
                + ", "
                + learningRate
                + ", "
                + l2);
      }
      if (!(initStd > 0)) {
        throw new IllegalArgumentException("initStd must be > 0, got " + initStd);
      }
    }
  }

  private final Config config;
  private final EmbeddingStrategy userStrategy;
  private final EmbeddingStrategy itemStrategy;
  private final Map<String, DenseEmbeddingTable> tables = new LinkedHashMap<>();
  private final Map<String, SparseGradients> gradients = new LinkedHashMap<>();
  private final EmbeddingTable[] userTables;
  private final EmbeddingTable[] itemTables;
  private final SparseGradients[] userSinks;
  private final SparseGradients[] itemSinks;
  private final int[] userRows;
  private final int[] itemRows;
  private final int users;
  private final int items;
  private final int dim;
  private final RowOptimizer optimizer;
  private final SparseAdam adam;
  private float[] eu = new float[0];
  private float[] ei = new float[0];
  private float[] ej = new float[0];
  private float[] gu = new float[0];
  private float[] gi = new float[0];
  private float[] gj = new float[0];

  /**
   * @param userIds user ID of each dense user index; the strategy maps each to its rows once
   * @param itemIds item ID of each dense item index
   */
  public MfBpr(
      String[] userIds,
      String[] itemIds,
      EmbeddingStrategy userStrategy,
      EmbeddingStrategy itemStrategy,
      Config config) {
    if (userStrategy.outputDim() != itemStrategy.outputDim()) {
      throw new IllegalArgumentException(
          "user and item embeddings must have one width for a dot product: '"
              + userStrategy.field()
              + "' gives "
              + userStrategy.outputDim()
              + ", '"
              + itemStrategy.field()
              + "' gives "
              + itemStrategy.outputDim());
    }
    this.config = config;
    this.userStrategy = userStrategy;
    this.itemStrategy = itemStrategy;
    this.dim = userStrategy.outputDim();
    this.users = userIds.length;
    this.items = itemIds.length;
    declare(userStrategy);
    declare(itemStrategy);
    if (config.optimizer() == Optimizer.ADAM) {
      adam = SparseAdam.withDefaults(config.learningRate());
      optimizer = adam;
    } else {
      adam = null;
      optimizer = RowOptimizer.adagrad(config.learningRate(), 1e-10f);
    }
    for (DenseEmbeddingTable t : tables.values()) {
      gradients.put(t.name(), new SparseGradients(t.dim()));
    }
    userTables = FieldEmbedder.resolve(userStrategy, tables);
    itemTables = FieldEmbedder.resolve(itemStrategy, tables);
    userSinks = sinks(userStrategy);
    itemSinks = sinks(itemStrategy);
    userRows = rowsOf(userStrategy, userIds);
    itemRows = rowsOf(itemStrategy, itemIds);
  }

  /** The model of a split's users and items with a strategy pair. */
  public static MfBpr forSplit(
      ImplicitSplit split, RetrievalStrategies.Pair strategies, Config config) {
    return new MfBpr(
        split.userIds(), split.itemIds(), strategies.user(), strategies.item(), config);
  }

  private void declare(EmbeddingStrategy strategy) {
    int slots = config.optimizer() == Optimizer.ADAM ? 2 : 1;
    for (TableSpec spec : strategy.tables()) {
      DenseEmbeddingTable existing = tables.get(spec.id());
      if (existing != null) {
        if (existing.rows() != spec.rows() || existing.dim() != spec.dim()) {
          throw new IllegalArgumentException(
              "table '" + spec.id() + "' is declared twice with different shapes");
        }
        continue;
      }
      DenseEmbeddingTable t =
          new DenseEmbeddingTable(
              spec.id(),
              spec.rows(),
              spec.dim(),
              slots,
              Map.of("model", "mf-bpr", "seed", Long.toString(config.seed())));
      // Each table draws from its own stream, so adding a table never moves another's rows.
      t.initNormal(config.seed() * 0x9E3779B97F4A7C15L + spec.id().hashCode(), config.initStd());
      tables.put(spec.id(), t);
    }
  }

  private SparseGradients[] sinks(EmbeddingStrategy strategy) {
    SparseGradients[] s = new SparseGradients[strategy.lookups()];
    for (int k = 0; k < s.length; k++) {
      s[k] = gradients.get(strategy.tableId(k));
    }
    return s;
  }

  private static int[] rowsOf(EmbeddingStrategy strategy, String[] ids) {
    int n = strategy.lookups();
    int[] rows = new int[ids.length * n];
    for (int k = 0; k < ids.length; k++) {
      strategy.rows(ids[k], rows, k * n);
    }
    return rows;
  }

  public Config config() {
    return config;
  }

  public int users() {
    return users;
  }

  public int items() {
    return items;
  }

  public int dim() {
    return dim;
  }

  public EmbeddingStrategy userStrategy() {
    return userStrategy;
  }

  public EmbeddingStrategy itemStrategy() {
    return itemStrategy;
  }

  /** The model's tables by id, in declaration order (user tables first). */
  public Map<String, DenseEmbeddingTable> tables() {
    return Collections.unmodifiableMap(tables);
  }

  /** Row gradients of the last {@link #lossAndGradients} call for table {@code id}. */
  public SparseGradients gradients(String id) {
    return gradients.get(id);
  }

  public void userEmbedding(int u, float[] out, int off) {
    FieldEmbedder.forward(userStrategy, userTables, userRows, u * userStrategy.lookups(), out, off);
  }

  public void itemEmbedding(int i, float[] out, int off) {
    FieldEmbedder.forward(itemStrategy, itemTables, itemRows, i * itemStrategy.lookups(), out, off);
  }

  /** All item embeddings, item-major ({@code items × dim}). */
  public float[] itemMatrix() {
    float[] m = new float[items * dim];
    for (int i = 0; i < items; i++) {
      itemEmbedding(i, m, i * dim);
    }
    return m;
  }

  public float score(int u, int i) {
    float[] a = new float[dim];
    float[] b = new float[dim];
    userEmbedding(u, a, 0);
    itemEmbedding(i, b, 0);
    return Kernels.dot(a, 0, b, 0, dim);
  }

  /**
   * The batch loss, with each touched row's summed gradient left in {@link #gradients}; the tables
   * are not changed.
   *
   * @param negatives {@code n × K} item indices, positive b's negatives at {@code [b·K, (b+1)·K)}
   */
  public double lossAndGradients(int[] userIdx, int[] positives, int[] negatives, int n) {
    int k = config.negatives();
    if (negatives.length < n * k) {
      throw new IllegalArgumentException(
          "need " + n * k + " negatives (" + k + " per positive), got " + negatives.length);
    }
    ensureBuffers(n, k);
    int ul = userStrategy.lookups();
    int il = itemStrategy.lookups();
    for (int b = 0; b < n; b++) {
      FieldEmbedder.forward(userStrategy, userTables, userRows, userIdx[b] * ul, eu, b * dim);
      FieldEmbedder.forward(itemStrategy, itemTables, itemRows, positives[b] * il, ei, b * dim);
      for (int q = 0; q < k; q++) {
        int j = negatives[b * k + q];
        FieldEmbedder.forward(itemStrategy, itemTables, itemRows, j * il, ej, (b * k + q) * dim);
      }
    }
    float lambda = config.l2();
    double invB = 1.0 / n;
    double invBk = 1.0 / ((double) n * k);
    double loss = 0;
    double reg = 0;
    java.util.Arrays.fill(gu, 0, n * dim, 0f);
    for (int b = 0; b < n; b++) {
      int ub = b * dim;
      float pos = Kernels.dot(eu, ub, ei, ub, dim);
      double normU = Kernels.dot(eu, ub, eu, ub, dim);
      double normI = Kernels.dot(ei, ub, ei, ub, dim);
      double normJ = 0;
      // d/de_i starts from the L2 term; the BPR terms add to it below.
      System.arraycopy(ei, ub, gi, ub, dim);
      Kernels.scale((float) (lambda * invB), gi, ub, dim);
      for (int q = 0; q < k; q++) {
        int jb = (b * k + q) * dim;
        double x = pos - Kernels.dot(eu, ub, ej, jb, dim);
        loss += softplus(-x);
        normJ += Kernels.dot(ej, jb, ej, jb, dim);
        // dL/dx = −σ(−x) / (B·K)
        float c = (float) (-sigmoid(-x) * invBk);
        // e_u gets c·(e_i − e_j), e_i gets c·e_u, e_j gets −c·e_u + λ/(B·K)·e_j
        Kernels.axpy(c, ei, ub, gu, ub, dim);
        Kernels.axpy(-c, ej, jb, gu, ub, dim);
        Kernels.axpy(c, eu, ub, gi, ub, dim);
        System.arraycopy(ej, jb, gj, jb, dim);
        Kernels.scale((float) (lambda * invBk), gj, jb, dim);
        Kernels.axpy(-c, eu, ub, gj, jb, dim);
      }
      Kernels.axpy((float) (lambda * invB), eu, ub, gu, ub, dim);
      reg += normU + normI + normJ / k;
    }
    for (SparseGradients g : gradients.values()) {
      g.clear();
    }
    for (int b = 0; b < n; b++) {
      FieldEmbedder.backward(userStrategy, userRows, userIdx[b] * ul, gu, b * dim, userSinks);
      FieldEmbedder.backward(itemStrategy, itemRows, positives[b] * il, gi, b * dim, itemSinks);
      for (int q = 0; q < k; q++) {
        int j = negatives[b * k + q];
        FieldEmbedder.backward(itemStrategy, itemRows, j * il, gj, (b * k + q) * dim, itemSinks);
      }
    }
    return loss * invBk + 0.5 * lambda * reg * invB;
  }

  /** One optimisation step on the batch; returns its loss before the update. */
  public double step(int[] userIdx, int[] positives, int[] negatives, int n) {
    double loss = lossAndGradients(userIdx, positives, negatives, n);
    if (!Double.isFinite(loss)) {
      throw new IllegalStateException(
          "MF-BPR loss became "
              + loss
              + ": lower the learning rate ("
              + config.learningRate()
              + ")");
    }
    if (adam != null) {
      adam.beginStep();
    }
    for (Map.Entry<String, SparseGradients> e : gradients.entrySet()) {
      e.getValue().applyTo(tables.get(e.getKey()), optimizer);
    }
    return loss;
  }

  private void ensureBuffers(int n, int k) {
    if (eu.length < n * dim) {
      eu = new float[n * dim];
      ei = new float[n * dim];
      gu = new float[n * dim];
      gi = new float[n * dim];
    }
    if (ej.length < n * k * dim) {
      ej = new float[n * k * dim];
      gj = new float[n * k * dim];
    }
  }

  static double sigmoid(double x) {
    return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
  }

  /** log(1 + e^x), without overflow. */
  static double softplus(double x) {
    return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
  }

  /** A copy of every table's weights, for early stopping to come back to. */
  public List<float[]> snapshot() {
    List<float[]> s = new ArrayList<>();
    for (DenseEmbeddingTable t : tables.values()) {
      float[] w = new float[t.rows() * t.dim()];
      for (int r = 0; r < t.rows(); r++) {
        t.lookup(r, w, r * t.dim());
      }
      s.add(w);
    }
    return s;
  }

  public void restore(List<float[]> snapshot) {
    int k = 0;
    for (DenseEmbeddingTable t : tables.values()) {
      float[] w = snapshot.get(k++);
      for (int r = 0; r < t.rows(); r++) {
        t.setRow(r, w, r * t.dim());
      }
    }
  }
}
