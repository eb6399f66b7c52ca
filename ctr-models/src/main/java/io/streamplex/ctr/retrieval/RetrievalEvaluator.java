package io.streamplex.ctr.retrieval;

import io.streamplex.embeddings.kernels.Kernels;

/**
 * Full-catalog top-k evaluation of an {@link MfBpr} model on an {@link ImplicitSplit}: every item
 * is scored for every user with held-out items, the user's known positives are removed from the
 * ranking, and Recall@k and NDCG@k are averaged over those users. On validation the training items
 * are removed; on test the training and validation items both are (they are observed positives, not
 * negatives).
 */
public final class RetrievalEvaluator {

  public enum Part {
    VALIDATION,
    TEST
  }

  /** Means over the evaluated users. */
  public record Metrics(double recall, double ndcg, int users) {}

  private final ImplicitSplit split;
  private final int k;
  private final int[][] testExcluded;

  public RetrievalEvaluator(ImplicitSplit split, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    this.split = split;
    this.k = k;
    this.testExcluded = new int[split.users()][];
    for (int u = 0; u < split.users(); u++) {
      int[] a = split.train(u);
      int[] b = split.validation(u);
      int[] m = new int[a.length + b.length];
      System.arraycopy(a, 0, m, 0, a.length);
      System.arraycopy(b, 0, m, a.length, b.length);
      java.util.Arrays.sort(m);
      testExcluded[u] = m;
    }
  }

  public int k() {
    return k;
  }

  public Metrics evaluate(MfBpr model, Part part) {
    if (model.users() != split.users() || model.items() != split.items()) {
      throw new IllegalArgumentException(
          "model has "
              + model.users()
              + " users × "
              + model.items()
              + " items, the split "
              + split.users()
              + " × "
              + split.items());
    }
    int d = model.dim();
    int n = split.items();
    float[] itemMatrix = model.itemMatrix();
    float[] user = new float[d];
    float[] scores = new float[n];
    double recall = 0;
    double ndcg = 0;
    int evaluated = 0;
    for (int u = 0; u < split.users(); u++) {
      int[] relevant = part == Part.VALIDATION ? split.validation(u) : split.test(u);
      if (relevant.length == 0) {
        continue;
      }
      model.userEmbedding(u, user, 0);
      Kernels.matvec(itemMatrix, 0, n, d, user, 0, scores, 0);
      int[] excluded = part == Part.VALIDATION ? split.train(u) : testExcluded[u];
      int[] top = RankingMetrics.topK(scores, n, k, excluded);
      recall += RankingMetrics.recallAtK(top, k, relevant);
      ndcg += RankingMetrics.ndcgAtK(top, k, relevant);
      evaluated++;
    }
    return evaluated == 0
        ? new Metrics(Double.NaN, Double.NaN, 0)
        : new Metrics(recall / evaluated, ndcg / evaluated, evaluated);
  }
}
