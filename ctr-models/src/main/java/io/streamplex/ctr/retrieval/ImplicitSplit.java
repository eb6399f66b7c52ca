package io.streamplex.ctr.retrieval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Implicit-feedback interactions split per user into train, validation and test. Every observed
 * (user, item) pair is one positive, whatever its rating; repeats collapse to one. Each user's
 * distinct items are shuffled by a stream derived from (seed, user ID) and cut at the given shares
 * (rounded, with at least one training item), so every strategy evaluated at one seed sees exactly
 * the same split, and a user's split does not depend on the other users.
 *
 * <p>Users and items are numbered densely in sorted ID order. The item catalog holds every item of
 * the data, so an item seen only in validation or test is still ranked (its ID is unseen by
 * anything built from the training split: a collisionless vocabulary, a GraphHash map).
 */
public final class ImplicitSplit {

  private final String[] userIds;
  private final String[] itemIds;
  private final int[][] train;
  private final int[][] validation;
  private final int[][] test;
  private final long seed;

  private ImplicitSplit(
      String[] userIds, String[] itemIds, int[][] train, int[][] val, int[][] test, long seed) {
    this.userIds = userIds;
    this.itemIds = itemIds;
    this.train = train;
    this.validation = val;
    this.test = test;
    this.seed = seed;
  }

  /**
   * @param users user ID of each interaction
   * @param items item ID of each interaction, same length
   * @param trainShare share of each user's items for training, e.g. 0.8
   * @param validationShare share for validation, e.g. 0.1; the rest is test
   */
  public static ImplicitSplit perUserRandom(
      List<String> users,
      List<String> items,
      double trainShare,
      double validationShare,
      long seed) {
    if (users.size() != items.size()) {
      throw new IllegalArgumentException(
          "users and items differ in length: " + users.size() + " vs " + items.size());
    }
    if (!(trainShare > 0) || !(validationShare >= 0) || trainShare + validationShare > 1) {
      throw new IllegalArgumentException(
          "need trainShare > 0, validationShare >= 0 and their sum <= 1, got "
              + trainShare
              + " and "
              + validationShare);
    }
    String[] userIds = sortedDistinct(users);
    String[] itemIds = sortedDistinct(items);
    Map<String, Integer> userIndex = index(userIds);
    Map<String, Integer> itemIndex = index(itemIds);
    List<TreeSet<Integer>> byUser = new ArrayList<>(userIds.length);
    for (int u = 0; u < userIds.length; u++) {
      byUser.add(new TreeSet<>());
    }
    for (int e = 0; e < users.size(); e++) {
      byUser.get(userIndex.get(users.get(e))).add(itemIndex.get(items.get(e)));
    }
    int n = userIds.length;
    int[][] train = new int[n][];
    int[][] val = new int[n][];
    int[][] test = new int[n][];
    for (int u = 0; u < n; u++) {
      int[] all = byUser.get(u).stream().mapToInt(Integer::intValue).toArray();
      SplittableRandom r = new SplittableRandom(seed ^ mix(userIds[u].hashCode()));
      for (int k = all.length - 1; k > 0; k--) {
        int j = r.nextInt(k + 1);
        int t = all[k];
        all[k] = all[j];
        all[j] = t;
      }
      int nTrain = Math.max(1, (int) Math.round(trainShare * all.length));
      int nVal = Math.min(all.length - nTrain, (int) Math.round(validationShare * all.length));
      train[u] = sorted(Arrays.copyOfRange(all, 0, nTrain));
      val[u] = sorted(Arrays.copyOfRange(all, nTrain, nTrain + nVal));
      test[u] = sorted(Arrays.copyOfRange(all, nTrain + nVal, all.length));
    }
    return new ImplicitSplit(userIds, itemIds, train, val, test, seed);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
    z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
    return z ^ (z >>> 33);
  }

  private static int[] sorted(int[] a) {
    Arrays.sort(a);
    return a;
  }

  private static String[] sortedDistinct(List<String> ids) {
    for (int e = 0; e < ids.size(); e++) {
      if (ids.get(e) == null) {
        throw new IllegalArgumentException("interaction " + e + " has a null ID");
      }
    }
    return new TreeSet<>(ids).toArray(new String[0]);
  }

  private static Map<String, Integer> index(String[] ids) {
    Map<String, Integer> m = new HashMap<>(ids.length * 2);
    for (int k = 0; k < ids.length; k++) {
      m.put(ids[k], k);
    }
    return m;
  }

  public int users() {
    return userIds.length;
  }

  public int items() {
    return itemIds.length;
  }

  public String userId(int u) {
    return userIds[u];
  }

  public String itemId(int i) {
    return itemIds[i];
  }

  public String[] userIds() {
    return userIds.clone();
  }

  public String[] itemIds() {
    return itemIds.clone();
  }

  public long seed() {
    return seed;
  }

  /** User u's training items, sorted ascending. */
  public int[] train(int u) {
    return train[u];
  }

  public int[] validation(int u) {
    return validation[u];
  }

  public int[] test(int u) {
    return test[u];
  }

  public long trainInteractions() {
    return count(train);
  }

  public long validationInteractions() {
    return count(validation);
  }

  public long testInteractions() {
    return count(test);
  }

  private static long count(int[][] parts) {
    long n = 0;
    for (int[] p : parts) {
      n += p.length;
    }
    return n;
  }

  /** Items with at least one training interaction. */
  public int trainItems() {
    boolean[] seen = new boolean[itemIds.length];
    int n = 0;
    for (int[] p : train) {
      for (int i : p) {
        if (!seen[i]) {
          seen[i] = true;
          n++;
        }
      }
    }
    return n;
  }
}
