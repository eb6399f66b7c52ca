package io.streamplex.ctr.data;

import io.streamplex.schema.TrainingExample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/** Train / validation / test splits of a list of examples. */
public final class Splits {

  /** The three parts, each in a deterministic order. */
  public record Split(
      List<TrainingExample> train, List<TrainingExample> valid, List<TrainingExample> test) {}

  private Splits() {}

  /** A random split by seed, e.g. 0.8 / 0.1 and the rest for test. */
  public static Split random(
      List<TrainingExample> all, long seed, double trainFraction, double validFraction) {
    check(trainFraction, validFraction);
    return cut(shuffled(all, seed), trainFraction, validFraction);
  }

  /**
   * A split whose test part is given (e.g. a dataset's own test file): the train pool is shuffled
   * by seed and its last {@code validFraction} is held out for validation (early stopping).
   */
  public static Split holdOut(
      List<TrainingExample> trainPool,
      List<TrainingExample> test,
      long seed,
      double validFraction) {
    if (!(validFraction > 0 && validFraction < 1)) {
      throw new IllegalArgumentException(
          "the held-out validation fraction must be in (0, 1): " + validFraction);
    }
    List<TrainingExample> s = shuffled(trainPool, seed);
    int nTrain = (int) Math.round(s.size() * (1 - validFraction));
    return new Split(
        List.copyOf(s.subList(0, nTrain)), List.copyOf(s.subList(nTrain, s.size())), test);
  }

  private static List<TrainingExample> shuffled(List<TrainingExample> all, long seed) {
    int[] order = new int[all.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = order.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    List<TrainingExample> shuffled = new ArrayList<>(all.size());
    for (int i : order) {
      shuffled.add(all.get(i));
    }
    return shuffled;
  }

  /**
   * A time-ordered split: the earliest examples train, the next validate, the latest test (ties in
   * event time keep input order).
   */
  public static Split timeOrdered(
      List<TrainingExample> all, double trainFraction, double validFraction) {
    check(trainFraction, validFraction);
    List<TrainingExample> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparing(TrainingExample::getEventTime));
    return cut(sorted, trainFraction, validFraction);
  }

  private static Split cut(List<TrainingExample> l, double trainFraction, double validFraction) {
    int nTrain = (int) Math.round(l.size() * trainFraction);
    int nValid = (int) Math.round(l.size() * validFraction);
    return new Split(
        List.copyOf(l.subList(0, nTrain)),
        List.copyOf(l.subList(nTrain, nTrain + nValid)),
        List.copyOf(l.subList(nTrain + nValid, l.size())));
  }

  private static void check(double train, double valid) {
    if (!(train > 0 && valid >= 0 && train + valid < 1)) {
      throw new IllegalArgumentException(
          "split fractions must leave a test part: train " + train + ", valid " + valid);
    }
  }
}
