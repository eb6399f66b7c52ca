package io.streamplex.ctr.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.embeddings.strategy.DoubleGraphHash;
import io.streamplex.embeddings.strategy.EmbeddingStrategy;
import io.streamplex.embeddings.strategy.HashingTrick;
import io.streamplex.embeddings.table.DenseEmbeddingTable;
import io.streamplex.embeddings.table.SparseGradients;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The analytic BPR gradient of every table weight against central finite differences. */
class MfBprGradientTest {

  private static final int DIM = 4;

  // Users and positives repeat inside the batch, and negatives repeat, so rows are shared both
  // through the strategy and through the batch.
  private static final int[] USERS = {0, 1, 2, 3, 0, 5};
  private static final int[] POSITIVES = {0, 2, 3, 7, 1, 0};
  private static final int[] NEGATIVES = {4, 5, 6, 1, 1, 4, 5, 6, 2, 0, 3, 3, 7, 6, 5, 2, 4, 4};

  @Test
  void sharedSingleRowStrategies() {
    String[] users = ids(6);
    String[] items = ids(8);
    check(
        users,
        items,
        new ModuloHashing("user_id", 4, DIM), // 3 buckets for 6 users: every row shared
        new HashingTrick("item_id", 5, DIM, 11));
  }

  @Test
  void doubleGraphHashSumsTwoRowsOfOneTable() {
    PlantedCommunities data = PlantedCommunities.generate(2, 6, 8, 4, 0.9, 5);
    ImplicitSplit split = ImplicitSplit.perUserRandom(data.users(), data.items(), 1.0, 0.0, 1);
    var choice = RetrievalStrategies.chooseGraphHash(split, List.of(0.5, 1.0, 2.0), 0.5, 1);
    var pair =
        RetrievalStrategies.build(
            RetrievalStrategies.Kind.DOUBLEGRAPHHASH, split, choice.map(), DIM, 1);
    assertTrue(pair.item() instanceof DoubleGraphHash);
    check(split.userIds(), split.itemIds(), pair.user(), pair.item());
  }

  private static void check(
      String[] users, String[] items, EmbeddingStrategy user, EmbeddingStrategy item) {
    MfBpr model =
        new MfBpr(
            users,
            items,
            user,
            item,
            new MfBpr.Config(3, MfBpr.Optimizer.ADAM, 0.01f, 0.3f, 0.7f, 2));
    int n = USERS.length;
    int[] u = USERS.clone();
    int[] p = POSITIVES.clone();
    int[] j = NEGATIVES.clone();
    for (int b = 0; b < n; b++) {
      u[b] %= model.users();
      p[b] %= model.items();
    }
    for (int q = 0; q < j.length; q++) {
      j[q] %= model.items();
    }
    model.lossAndGradients(u, p, j, n);
    int checked = 0;
    for (Map.Entry<String, DenseEmbeddingTable> e : model.tables().entrySet()) {
      DenseEmbeddingTable t = e.getValue();
      float[][] analytic = new float[t.rows()][DIM];
      SparseGradients g = model.gradients(e.getKey());
      for (int s = 0; s < g.size(); s++) {
        System.arraycopy(g.gradients(), s * DIM, analytic[g.row(s)], 0, DIM);
      }
      float[] row = new float[DIM];
      for (int r = 0; r < t.rows(); r++) {
        for (int d = 0; d < DIM; d++) {
          t.lookup(r, row, 0);
          float w = row[d];
          double h = 1e-2;
          row[d] = (float) (w + h);
          t.setRow(r, row, 0);
          double plus = model.lossAndGradients(u, p, j, n);
          row[d] = (float) (w - h);
          t.setRow(r, row, 0);
          double minus = model.lossAndGradients(u, p, j, n);
          row[d] = w;
          t.setRow(r, row, 0);
          double numeric = (plus - minus) / (2 * h);
          assertEquals(
              numeric,
              analytic[r][d],
              2e-4 + 2e-3 * Math.abs(numeric),
              "table " + e.getKey() + " row " + r + " dim " + d);
          checked++;
        }
      }
      // restore the gradient buffers to this point's values before the next table
      model.lossAndGradients(u, p, j, n);
    }
    assertTrue(checked > 0);
  }

  private static String[] ids(int n) {
    String[] s = new String[n];
    for (int k = 0; k < n; k++) {
      s[k] = Integer.toString(k + 1);
    }
    return s;
  }
}
