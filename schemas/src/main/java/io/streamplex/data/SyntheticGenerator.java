package io.streamplex.data;

import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.BehaviorType;
import io.streamplex.schema.Feature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic recommendation data with planted structure and a known click probability, so that the
 * demo and the tests run without {@code ../shared} and a model's AUC can be compared with the best
 * possible one.
 *
 * <p><b>The world.</b> {@code K} latent interests; {@code clusters} item clusters, cluster {@code
 * c} tied to interest {@code c mod K}; each item in one cluster, with a Zipf popularity inside it
 * and a bias {@code b_i ~ N(0, itemBiasStd)}. Each user holds 2–4 distinct interests with random
 * weights and a bias {@code b_u ~ N(0, userBiasStd)}.
 *
 * <p><b>Behaviour.</b> A user's sequence (length log-uniform in {@code [minSequence, maxSequence]})
 * is a run of sessions; each session has a dominant interest drawn by the user's weights; a
 * behaviour comes from the dominant interest with probability {@code sessionFocus}, from another
 * held interest (by weight) with {@code 1 - sessionFocus - noise}, from any interest with {@code
 * noise}. Behaviours are {@code CLICK} events.
 *
 * <p><b>Impressions and the ground truth.</b> Impressions fall between behaviours (after at least
 * {@code minHistory} of them). Each shows {@code candidates} items; a candidate's interest is one
 * the user holds with probability {@code heldCandidateShare}, else any. Its click probability is
 *
 * <pre>
 *   p = sigmoid(base + b_u + b_i + heldWeight · [k held by u] + matchWeight · share_W(k))
 * </pre>
 *
 * where {@code share_W(k)} is the fraction of the user's last {@code window} behaviours whose item
 * has the candidate's interest {@code k}. Labels are Bernoulli(p). Because sessions move the recent
 * share away from the user's long-run weights, a model that reads the behaviour sequence can learn
 * more than one that only sees user and item ids; {@link SyntheticData#staticOracleAuc} measures
 * the best a model without the sequence can do (the same formula with the expected share under the
 * user's weights in place of {@code share_W}).
 *
 * <p>Everything is drawn from one {@link SplittableRandom} seeded by {@code seed}, in a fixed
 * order, with hand-written Gaussian and bounded draws so that the output does not depend on the
 * JDK: same config, same bytes.
 */
public final class SyntheticGenerator {
  public static final String NAME = "synthetic";
  public static final long DEFAULT_SEED = 1L;

  /** The CTR fields, in the order every example holds them. */
  public static final List<FieldSpec> CTR_FIELDS =
      List.of(
          FieldSpec.categorical("user_id", FieldSpec.Side.USER),
          FieldSpec.categorical("item_id", FieldSpec.Side.ITEM),
          FieldSpec.categorical("item_cluster", FieldSpec.Side.ITEM),
          FieldSpec.categorical("user_group", FieldSpec.Side.USER),
          FieldSpec.categorical("user_activity", FieldSpec.Side.USER));

  /**
   * Every knob of the generator; see the class comment for their meaning.
   *
   * @param startMillis event time of the earliest possible behaviour
   * @param meanGapMillis mean time between a user's behaviours (exponential gaps, at least 1 s)
   * @param impressionsPerBehavior impressions per behaviour of a user's sequence (at least one)
   */
  public record Config(
      long seed,
      int users,
      int interests,
      int clusters,
      int items,
      int minInterestsPerUser,
      int maxInterestsPerUser,
      int minSequence,
      int maxSequence,
      int minSessionLength,
      int maxSessionLength,
      double sessionFocus,
      double noise,
      int minHistory,
      double impressionsPerBehavior,
      int candidates,
      double heldCandidateShare,
      int window,
      double base,
      double heldWeight,
      double matchWeight,
      double userBiasStd,
      double itemBiasStd,
      double zipfExponent,
      long startMillis,
      long meanGapMillis) {

    public Config {
      require(users >= 1, "users >= 1");
      require(interests >= 2, "interests >= 2");
      require(clusters >= interests, "clusters >= interests (each interest needs a cluster)");
      require(items >= clusters, "items >= clusters (each cluster needs an item)");
      require(
          minInterestsPerUser >= 1
              && minInterestsPerUser <= maxInterestsPerUser
              && maxInterestsPerUser <= interests,
          "1 <= minInterestsPerUser <= maxInterestsPerUser <= interests");
      require(minSequence >= 1 && minSequence <= maxSequence, "1 <= minSequence <= maxSequence");
      require(
          minSessionLength >= 1 && minSessionLength <= maxSessionLength,
          "1 <= minSessionLength <= maxSessionLength");
      require(
          sessionFocus >= 0 && noise >= 0 && sessionFocus + noise <= 1,
          "sessionFocus, noise >= 0 and sessionFocus + noise <= 1");
      require(minHistory >= 0 && minHistory < minSequence, "0 <= minHistory < minSequence");
      require(impressionsPerBehavior > 0, "impressionsPerBehavior > 0");
      require(candidates >= 1, "candidates >= 1");
      require(heldCandidateShare >= 0 && heldCandidateShare <= 1, "heldCandidateShare in [0, 1]");
      require(window >= 1, "window >= 1");
      require(userBiasStd >= 0 && itemBiasStd >= 0, "bias std >= 0");
      require(zipfExponent >= 0, "zipfExponent >= 0");
      require(meanGapMillis >= 1000, "meanGapMillis >= 1000");
    }

    private static void require(boolean ok, String rule) {
      if (!ok) {
        throw new IllegalArgumentException("bad synthetic config: need " + rule);
      }
    }

    /**
     * The default world: 300 users, 12 interests, 48 clusters, 3,000 items, sequences of 50 to
     * 2,000 behaviours (about 160k behaviours and 30k examples).
     */
    public static Config defaults(long seed) {
      return new Config(
          seed,
          300,
          12,
          48,
          3000,
          2,
          4,
          50,
          2000,
          10,
          40,
          0.75,
          0.05,
          10,
          0.05,
          4,
          0.5,
          30,
          -2.0,
          0.5,
          4.0,
          0.3,
          0.3,
          1.0,
          1_700_000_000_000L,
          60_000L);
    }

    /**
     * The long-sequence, many-interest world for the sequence-module comparison (SDIM, target
     * attention, mean pooling): 50 interests, each its own item cluster of about 20 items; every
     * user holds 3–6 of them; every impression comes after at least 1,000 behaviours (sequences of
     * 1,100–1,500), and the click signal is {@code 8 · share} of the candidate's interest over the
     * last 1,000 behaviours, with no separate "held" term. A candidate-blind mean of 3–6 interests
     * out of 50 in a small embedding blurs which one matches the candidate, while attention over
     * the sequence (or SDIM's buckets) can pick out the matching behaviours and count them. Few
     * impressions per user keep the user-id embedding from learning the same thing from labels
     * alone (about 3 % of behaviours, 2 candidates each).
     */
    public static Config multiInterest(long seed, int users) {
      return new Config(
          seed,
          users,
          50,
          50,
          1000,
          3,
          6,
          1100,
          1500,
          10,
          40,
          0.5,
          0.05,
          1000,
          0.03,
          2,
          0.5,
          1000,
          -1.5,
          0.0,
          8.0,
          0.3,
          0.3,
          1.0,
          1_700_000_000_000L,
          60_000L);
    }

    /** A copy with other user count and sequence lengths, for small tests. */
    public Config withSize(int newUsers, int newMinSequence, int newMaxSequence) {
      return copy(seed, newUsers, newMinSequence, newMaxSequence);
    }

    /** A copy with another seed. */
    public Config withSeed(long newSeed) {
      return copy(newSeed, users, minSequence, maxSequence);
    }

    private Config copy(long newSeed, int newUsers, int newMinSequence, int newMaxSequence) {
      return new Config(
          newSeed,
          newUsers,
          interests,
          clusters,
          items,
          minInterestsPerUser,
          maxInterestsPerUser,
          newMinSequence,
          newMaxSequence,
          minSessionLength,
          maxSessionLength,
          sessionFocus,
          noise,
          minHistory,
          impressionsPerBehavior,
          candidates,
          heldCandidateShare,
          window,
          base,
          heldWeight,
          matchWeight,
          userBiasStd,
          itemBiasStd,
          zipfExponent,
          startMillis,
          meanGapMillis);
    }
  }

  /** A user's planted preferences. */
  public record UserProfile(
      String userId, int[] interests, double[] weights, double bias, int sequenceLength) {}

  private SyntheticGenerator() {}

  /** Generates the data of {@code config}. */
  public static SyntheticData generate(Config config) {
    return new World(config).generate();
  }

  static String userId(int u) {
    return "u" + u;
  }

  static String itemId(int i) {
    return "i" + i;
  }

  /** Mutable generation state; one instance per call. */
  private static final class World {
    final Config c;
    final SplittableRandom rnd;
    final int[] itemCluster;
    final double[] itemBias;
    final int[][] clusterItems;
    final double[][] clusterCdf; // Zipf popularity inside each cluster
    final int[][] interestClusters;

    World(Config c) {
      this.c = c;
      this.rnd = new SplittableRandom(c.seed());
      interestClusters = new int[c.interests()][];
      for (int k = 0; k < c.interests(); k++) {
        int count = 0;
        for (int cl = k; cl < c.clusters(); cl += c.interests()) {
          count++;
        }
        interestClusters[k] = new int[count];
        for (int j = 0, cl = k; cl < c.clusters(); cl += c.interests(), j++) {
          interestClusters[k][j] = cl;
        }
      }
      itemCluster = new int[c.items()];
      itemBias = new double[c.items()];
      int[] sizes = new int[c.clusters()];
      for (int i = 0; i < c.items(); i++) {
        // the first items fill every cluster once, the rest land anywhere
        itemCluster[i] = i < c.clusters() ? i : uniform(c.clusters());
        sizes[itemCluster[i]]++;
        itemBias[i] = gaussian() * c.itemBiasStd();
      }
      clusterItems = new int[c.clusters()][];
      for (int cl = 0; cl < c.clusters(); cl++) {
        clusterItems[cl] = new int[sizes[cl]];
      }
      int[] fill = new int[c.clusters()];
      for (int i = 0; i < c.items(); i++) {
        clusterItems[itemCluster[i]][fill[itemCluster[i]]++] = i;
      }
      clusterCdf = new double[c.clusters()][];
      for (int cl = 0; cl < c.clusters(); cl++) {
        double[] cdf = new double[sizes[cl]];
        double sum = 0;
        for (int r = 0; r < cdf.length; r++) {
          sum += 1.0 / Math.pow(r + 1, c.zipfExponent());
          cdf[r] = sum;
        }
        for (int r = 0; r < cdf.length; r++) {
          cdf[r] /= sum;
        }
        clusterCdf[cl] = cdf;
      }
    }

    int interestOf(int item) {
      return itemCluster[item] % c.interests();
    }

    /** Uniform in [0, n), from nextDouble so the draw does not depend on the JDK. */
    int uniform(int n) {
      return Math.min(n - 1, (int) (rnd.nextDouble() * n));
    }

    double gaussian() {
      // Box–Muller; u1 in (0, 1]
      double u1 = 1.0 - rnd.nextDouble();
      double u2 = rnd.nextDouble();
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    int pick(double[] cdf) {
      double x = rnd.nextDouble() * cdf[cdf.length - 1];
      int i = Arrays.binarySearch(cdf, x);
      return Math.min(cdf.length - 1, i >= 0 ? i + 1 : -i - 1);
    }

    int itemOfInterest(int k) {
      int cl = interestClusters[k][uniform(interestClusters[k].length)];
      return clusterItems[cl][pick(clusterCdf[cl])];
    }

    UserProfile profile(int u, int length) {
      int m =
          c.minInterestsPerUser() + uniform(c.maxInterestsPerUser() - c.minInterestsPerUser() + 1);
      int[] all = new int[c.interests()];
      for (int k = 0; k < all.length; k++) {
        all[k] = k;
      }
      int[] held = new int[m];
      for (int j = 0; j < m; j++) { // partial Fisher–Yates
        int r = j + uniform(all.length - j);
        int t = all[j];
        all[j] = all[r];
        all[r] = t;
        held[j] = all[j];
      }
      double[] w = new double[m];
      double sum = 0;
      for (int j = 0; j < m; j++) {
        w[j] = -Math.log(1.0 - rnd.nextDouble()); // Dirichlet(1,…,1) via exponentials
        sum += w[j];
      }
      for (int j = 0; j < m; j++) {
        w[j] /= sum;
      }
      return new UserProfile(userId(u), held, w, gaussian() * c.userBiasStd(), length);
    }

    int byWeight(double[] w) {
      double x = rnd.nextDouble();
      double acc = 0;
      for (int j = 0; j < w.length; j++) {
        acc += w[j];
        if (x < acc) {
          return j;
        }
      }
      return w.length - 1;
    }

    SyntheticData generate() {
      List<UserProfile> profiles = new ArrayList<>(c.users());
      List<BehaviorEvent> events = new ArrayList<>();
      List<SyntheticData.Shown> shown = new ArrayList<>();
      double logMin = Math.log(c.minSequence());
      double logMax = Math.log(c.maxSequence() + 1.0);
      for (int u = 0; u < c.users(); u++) {
        int length =
            Math.min(
                c.maxSequence(), (int) Math.exp(logMin + rnd.nextDouble() * (logMax - logMin)));
        UserProfile p = profile(u, length);
        profiles.add(p);
        int impressions = Math.max(1, (int) Math.round(length * c.impressionsPerBehavior()));
        // impression slots: before behaviour index s, minHistory <= s <= length
        int[] slots = new int[impressions];
        for (int j = 0; j < impressions; j++) {
          slots[j] = c.minHistory() + uniform(length - c.minHistory() + 1);
        }
        Arrays.sort(slots);
        userTimeline(u, p, length, slots, events, shown);
      }
      return SyntheticData.assemble(c, profiles, itemCluster, events, shown);
    }

    private void userTimeline(
        int u,
        UserProfile p,
        int length,
        int[] slots,
        List<BehaviorEvent> events,
        List<SyntheticData.Shown> shown) {
      String user = userId(u);
      int[] seqInterest = new int[length];
      long[] times = new long[length + 1];
      long t = c.startMillis() + (long) (rnd.nextDouble() * 24 * 3600 * 1000);
      int sessionLeft = 0;
      int dominant = 0;
      int slot = 0;
      int impression = 0;
      for (int s = 0; s <= length; s++) {
        long gap = Math.max(1000L, (long) (-Math.log(1.0 - rnd.nextDouble()) * c.meanGapMillis()));
        long next = t + gap;
        while (slot < slots.length && slots[slot] == s) {
          // between behaviour s-1 (at t) and behaviour s (at next): strictly inside the gap
          long at = t + 1 + (long) (rnd.nextDouble() * (gap - 2));
          impressionAt(u, p, s, seqInterest, at, impression++, shown);
          slot++;
        }
        if (s == length) {
          break;
        }
        if (sessionLeft == 0) {
          dominant = p.interests()[byWeight(p.weights())];
          sessionLeft =
              c.minSessionLength() + uniform(c.maxSessionLength() - c.minSessionLength() + 1);
        }
        sessionLeft--;
        double x = rnd.nextDouble();
        int k;
        if (x < c.sessionFocus()) {
          k = dominant;
        } else if (x < 1 - c.noise()) {
          k = p.interests()[byWeight(p.weights())];
        } else {
          k = uniform(c.interests());
        }
        int item = itemOfInterest(k);
        seqInterest[s] = interestOf(item);
        times[s] = next;
        events.add(
            BehaviorEvent.newBuilder()
                .setEventId(NAME + ":" + user + ":" + s)
                .setUserId(user)
                .setItemId(itemId(item))
                .setBehaviorType(BehaviorType.CLICK)
                .setValue(null)
                .setEventTime(Instant.ofEpochMilli(next))
                .setSource(NAME)
                .build());
        t = next;
      }
    }

    private void impressionAt(
        int u,
        UserProfile p,
        int history,
        int[] seqInterest,
        long at,
        int impression,
        List<SyntheticData.Shown> shown) {
      int from = Math.max(0, history - c.window());
      int[] counts = new int[c.interests()];
      for (int s = from; s < history; s++) {
        counts[seqInterest[s]]++;
      }
      int inWindow = history - from;
      for (int j = 0; j < c.candidates(); j++) {
        int k =
            rnd.nextDouble() < c.heldCandidateShare()
                ? p.interests()[uniform(p.interests().length)]
                : uniform(c.interests());
        int item = itemOfInterest(k);
        int ki = interestOf(item);
        boolean held = false;
        double expectedShare = c.noise() / c.interests();
        for (int h = 0; h < p.interests().length; h++) {
          if (p.interests()[h] == ki) {
            held = true;
            // long-run share of a held interest: its weight times everything but the noise
            expectedShare += (1 - c.noise()) * p.weights()[h];
          }
        }
        double share = inWindow == 0 ? 0 : (double) counts[ki] / inWindow;
        double common = c.base() + p.bias() + itemBias[item] + (held ? c.heldWeight() : 0);
        double truth = sigmoid(common + c.matchWeight() * share);
        double staticTruth = sigmoid(common + c.matchWeight() * expectedShare);
        boolean label = rnd.nextDouble() < truth;
        shown.add(
            new SyntheticData.Shown(
                u, impression, j, item, at, history, truth, staticTruth, label));
      }
    }
  }

  static double sigmoid(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }

  /** The feature list of one shown candidate, in {@link #CTR_FIELDS} order. */
  static List<Feature> features(UserProfile p, int item, int cluster) {
    return List.of(
        Features.categorical("user_id", p.userId()),
        Features.categorical("item_id", itemId(item)),
        Features.categorical("item_cluster", "c" + cluster),
        // a coarse, weakly informative user field: the group of the user's strongest interest
        Features.categorical("user_group", "g" + (strongest(p) % 4)),
        Features.categorical(
            "user_activity", "a" + (31 - Integer.numberOfLeadingZeros(p.sequenceLength()))));
  }

  private static int strongest(UserProfile p) {
    int best = 0;
    for (int j = 1; j < p.weights().length; j++) {
      if (p.weights()[j] > p.weights()[best]) {
        best = j;
      }
    }
    return p.interests()[best];
  }
}
