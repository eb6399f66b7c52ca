package io.streamplex.ctr.retrieval;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains an {@link MfBpr} model on an {@link ImplicitSplit} with mini-batches of shuffled training
 * positives, each with K negatives drawn uniformly from the catalog minus the user's training
 * items, and stops early on validation Recall@k: evaluated every {@code evalEvery} epochs, it stops
 * after {@code patience} evaluations without a new best, then restores the best tables and reports
 * their test metrics. One thread, one seeded generator: the same seed gives the same model.
 */
public final class BprTrainer {

  /**
   * @param patience evaluations without improvement before stopping
   */
  public record Config(int batchSize, int maxEpochs, int evalEvery, int patience, long seed) {
    public Config {
      if (batchSize < 1 || maxEpochs < 1 || evalEvery < 1 || patience < 1) {
        throw new IllegalArgumentException(
            "batchSize, maxEpochs, evalEvery and patience must be >= 1, got "
                + batchSize
                + ", "
                + maxEpochs
                + ", "
                + evalEvery
                + ", "
                + patience);
      }
    }
  }

  /** Called after each validation. */
  @FunctionalInterface
  public interface Listener {
    void onValidation(int epoch, double meanLoss, RetrievalEvaluator.Metrics validation);

    Listener NONE = (e, l, m) -> {};
  }

  /**
   * @param trainMillis wall time of the training steps alone (evaluations excluded)
   * @param trainCpuMillis CPU time of those steps on the training thread, which stays meaningful on
   *     a machine shared with other work
   */
  public record Result(
      int bestEpoch,
      int epochs,
      RetrievalEvaluator.Metrics validation,
      RetrievalEvaluator.Metrics test,
      double lastLoss,
      long trainMillis,
      long trainCpuMillis,
      long totalMillis) {}

  private BprTrainer() {}

  public static Result fit(
      MfBpr model, ImplicitSplit split, Config config, RetrievalEvaluator evaluator, Listener l) {
    long t0 = System.nanoTime();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Listener listener = l == null ? Listener.NONE : l;
    int kNeg = model.config().negatives();
    int n = (int) split.trainInteractions();
    int[] pairUser = new int[n];
    int[] pairItem = new int[n];
    int p = 0;
    for (int u = 0; u < split.users(); u++) {
      for (int i : split.train(u)) {
        pairUser[p] = u;
        pairItem[p] = i;
        p++;
      }
    }
    for (int u = 0; u < split.users(); u++) {
      if (split.train(u).length >= split.items()) {
        throw new IllegalArgumentException(
            "user " + split.userId(u) + " has every item in training: no negative to sample");
      }
    }
    int b = config.batchSize();
    int[] order = new int[n];
    Arrays.setAll(order, x -> x);
    int[] bu = new int[b];
    int[] bi = new int[b];
    int[] bj = new int[b * kNeg];
    SplittableRandom random = new SplittableRandom(config.seed());
    double bestRecall = Double.NEGATIVE_INFINITY;
    RetrievalEvaluator.Metrics bestValidation = null;
    List<float[]> best = null;
    int bestEpoch = 0;
    int stale = 0;
    int epoch = 0;
    double lastLoss = Double.NaN;
    long trainNanos = 0;
    long trainCpu = 0;
    while (epoch < config.maxEpochs() && stale < config.patience()) {
      epoch++;
      long s0 = System.nanoTime();
      long c0 = threads.getCurrentThreadCpuTime();
      for (int x = n - 1; x > 0; x--) {
        int y = random.nextInt(x + 1);
        int t = order[x];
        order[x] = order[y];
        order[y] = t;
      }
      double lossSum = 0;
      int batches = 0;
      for (int start = 0; start < n; start += b) {
        int m = Math.min(b, n - start);
        for (int q = 0; q < m; q++) {
          int e = order[start + q];
          bu[q] = pairUser[e];
          bi[q] = pairItem[e];
          int[] seen = split.train(bu[q]);
          for (int r = 0; r < kNeg; r++) {
            int j;
            do {
              j = random.nextInt(split.items());
            } while (Arrays.binarySearch(seen, j) >= 0);
            bj[q * kNeg + r] = j;
          }
        }
        lossSum += model.step(bu, bi, bj, m);
        batches++;
      }
      lastLoss = lossSum / batches;
      trainNanos += System.nanoTime() - s0;
      trainCpu += threads.getCurrentThreadCpuTime() - c0;
      if (epoch % config.evalEvery() == 0 || epoch == config.maxEpochs()) {
        RetrievalEvaluator.Metrics v =
            evaluator.evaluate(model, RetrievalEvaluator.Part.VALIDATION);
        listener.onValidation(epoch, lastLoss, v);
        if (v.recall() > bestRecall) {
          bestRecall = v.recall();
          bestValidation = v;
          bestEpoch = epoch;
          best = model.snapshot();
          stale = 0;
        } else {
          stale++;
        }
      }
    }
    model.restore(best);
    RetrievalEvaluator.Metrics test = evaluator.evaluate(model, RetrievalEvaluator.Part.TEST);
    return new Result(
        bestEpoch,
        epoch,
        bestValidation,
        test,
        lastLoss,
        trainNanos / 1_000_000,
        trainCpu / 1_000_000,
        (System.nanoTime() - t0) / 1_000_000);
  }
}
