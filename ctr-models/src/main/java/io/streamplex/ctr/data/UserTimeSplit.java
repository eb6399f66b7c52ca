package io.streamplex.ctr.data;

import io.streamplex.schema.TrainingExample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-user temporal split: each user's labelled examples in time order (ties in input order),
 * the first {@code trainFraction} to train, the next {@code validFraction} to validation, the rest
 * to test. Every user with enough examples appears in all three, and each test example is later
 * than that user's training ones; unlike one global time cut, the test set is not a few users who
 * happened to be active last. Per user, n·train and n·(train+valid) are rounded to the nearest
 * integer.
 */
public final class UserTimeSplit {

  private UserTimeSplit() {}

  /** Indices into {@code all} of the train, validation and test parts, each in input order. */
  public static int[][] indices(
      List<TrainingExample> all, double trainFraction, double validFraction) {
    if (!(trainFraction > 0 && validFraction >= 0 && trainFraction + validFraction < 1)) {
      throw new IllegalArgumentException(
          "split fractions must leave a test part: train "
              + trainFraction
              + ", valid "
              + validFraction);
    }
    Map<String, List<Integer>> byUser = new LinkedHashMap<>();
    for (int i = 0; i < all.size(); i++) {
      byUser.computeIfAbsent(all.get(i).getUserId().toString(), k -> new ArrayList<>()).add(i);
    }
    boolean[] train = new boolean[all.size()];
    boolean[] valid = new boolean[all.size()];
    for (List<Integer> ix : byUser.values()) {
      ix.sort(Comparator.comparing((Integer i) -> all.get(i).getEventTime()));
      int n = ix.size();
      int nTrain = (int) Math.round(n * trainFraction);
      int nTrainValid = (int) Math.round(n * (trainFraction + validFraction));
      for (int k = 0; k < n; k++) {
        train[ix.get(k)] = k < nTrain;
        valid[ix.get(k)] = k >= nTrain && k < nTrainValid;
      }
    }
    List<Integer> tr = new ArrayList<>();
    List<Integer> va = new ArrayList<>();
    List<Integer> te = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      (train[i] ? tr : valid[i] ? va : te).add(i);
    }
    return new int[][] {
      tr.stream().mapToInt(Integer::intValue).toArray(),
      va.stream().mapToInt(Integer::intValue).toArray(),
      te.stream().mapToInt(Integer::intValue).toArray()
    };
  }

  /** The examples at the given indices, in that order. */
  public static List<TrainingExample> pick(List<TrainingExample> all, int[] index) {
    List<TrainingExample> out = new ArrayList<>(index.length);
    for (int i : index) {
      out.add(all.get(i));
    }
    return out;
  }
}
