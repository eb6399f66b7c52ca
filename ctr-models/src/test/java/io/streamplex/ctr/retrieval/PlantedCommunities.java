package io.streamplex.ctr.retrieval;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A user–item log with planted communities: each user and item belongs to one of {@code c}
 * communities, drawn by a seeded permutation so that ID order (and so {@code id mod C}) says
 * nothing about the community; a user's interactions fall inside its community with probability
 * {@code inside}, otherwise on a uniformly random item.
 */
record PlantedCommunities(List<String> users, List<String> items, int[] userCommunity) {

  static PlantedCommunities generate(
      int communities, int nUsers, int nItems, int perUser, double inside, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] userCommunity = permutedCommunities(nUsers, communities, r);
    int[] itemCommunity = permutedCommunities(nItems, communities, r);
    List<List<Integer>> itemsOf = new ArrayList<>();
    for (int c = 0; c < communities; c++) {
      itemsOf.add(new ArrayList<>());
    }
    for (int i = 0; i < nItems; i++) {
      itemsOf.get(itemCommunity[i]).add(i);
    }
    List<String> users = new ArrayList<>();
    List<String> items = new ArrayList<>();
    for (int u = 0; u < nUsers; u++) {
      List<Integer> own = itemsOf.get(userCommunity[u]);
      for (int e = 0; e < perUser; e++) {
        int item = r.nextDouble() < inside ? own.get(r.nextInt(own.size())) : r.nextInt(nItems);
        users.add(Integer.toString(1 + u));
        items.add(Integer.toString(1 + item));
      }
    }
    return new PlantedCommunities(users, items, userCommunity);
  }

  private static int[] permutedCommunities(int n, int communities, SplittableRandom r) {
    int[] c = new int[n];
    for (int k = 0; k < n; k++) {
      c[k] = k % communities;
    }
    for (int k = n - 1; k > 0; k--) {
      int j = r.nextInt(k + 1);
      int t = c[k];
      c[k] = c[j];
      c[j] = t;
    }
    return c;
  }
}
