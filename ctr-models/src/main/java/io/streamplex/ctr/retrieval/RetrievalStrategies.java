package io.streamplex.ctr.retrieval;

import io.streamplex.embeddings.graph.BipartiteGraph;
import io.streamplex.embeddings.graph.GraphClustering;
import io.streamplex.embeddings.graph.GraphHashMap;
import io.streamplex.embeddings.graph.Side;
import io.streamplex.embeddings.strategy.Collisionless;
import io.streamplex.embeddings.strategy.DoubleGraphHash;
import io.streamplex.embeddings.strategy.EmbeddingStrategy;
import io.streamplex.embeddings.strategy.FrequencyHashing;
import io.streamplex.embeddings.strategy.GraphHash;
import io.streamplex.embeddings.strategy.HashingTrick;
import io.streamplex.embeddings.strategy.UnseenPolicy;
import io.streamplex.embeddings.strategy.Vocabulary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The user-ID and item-ID strategies GraphHash compares, built from the training split only. The
 * GraphHash map clusters the training graph; every compressed baseline gets exactly GraphHash's
 * table sizes (1 + C_user and 1 + C_item rows, row 0 being the missing row), as the paper gives its
 * baselines the bucket counts GraphHash produced.
 */
public final class RetrievalStrategies {

  public static final String USER_FIELD = "user_id";
  public static final String ITEM_FIELD = "item_id";

  public enum Kind {
    /** One row per training ID, plus missing and OOV rows (the uncompressed reference). */
    COLLISIONLESS,
    /** The paper's "random" baseline: 1 + id mod C. */
    MODULO,
    /** Salted XXH3 hashing into C rows. */
    HASHING,
    /** Half the rows to the most frequent training IDs, the rest hashed. */
    FREQUENCY,
    /** The ID's Leiden cluster in the training graph; unseen IDs hash into the cluster rows. */
    GRAPHHASH,
    /** The cluster row plus a salted hash row of the same table, summed. */
    DOUBLEGRAPHHASH;

    public static Kind parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT).replace("-", ""));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown retrieval strategy '"
                + s
                + "' (known: "
                + java.util.Arrays.stream(values()).map(Kind::label).toList()
                + ")");
      }
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public record Pair(EmbeddingStrategy user, EmbeddingStrategy item) {
    public int userRows() {
      return user.tables().get(0).rows();
    }

    public int itemRows() {
      return item.tables().get(0).rows();
    }
  }

  /** One clustering tried while choosing γ. */
  public record Trial(double gamma, int userClusters, int itemClusters, double reduction) {}

  /**
   * @param reduction 1 − (user + item clusters) / (training users + items)
   * @param trials every γ tried, in order
   */
  public record GraphHashChoice(
      GraphHashMap map,
      double gamma,
      int userClusters,
      int itemClusters,
      double reduction,
      long clusterMillis,
      List<Trial> trials) {}

  private RetrievalStrategies() {}

  /** The graph of training interactions (binary: each pair once, as the split holds it). */
  public static BipartiteGraph trainingGraph(ImplicitSplit split) {
    BipartiteGraph.Builder b = BipartiteGraph.builder();
    for (int u = 0; u < split.users(); u++) {
      for (int i : split.train(u)) {
        b.add(split.userId(u), split.itemId(i));
      }
    }
    return b.build(false);
  }

  /**
   * Clusters the training graph with Leiden at each γ, largest first, and keeps the first (so the
   * largest) γ whose user + item clusters are at least {@code targetReduction} fewer than the
   * training users + items.
   */
  public static GraphHashChoice chooseGraphHash(
      ImplicitSplit split, List<Double> gammas, double targetReduction, long seed) {
    if (gammas.isEmpty()) {
      throw new IllegalArgumentException("no resolution γ to try");
    }
    BipartiteGraph graph = trainingGraph(split);
    int full = graph.users() + graph.items();
    List<Double> descending = new ArrayList<>(gammas);
    descending.sort(Comparator.reverseOrder());
    List<Trial> trials = new ArrayList<>();
    long millis = 0;
    for (double gamma : descending) {
      GraphClustering.Config config = GraphClustering.Config.leiden(gamma, seed);
      GraphClustering.Result r = GraphClustering.cluster(graph, config, null);
      millis += r.millis();
      GraphHashMap map = GraphHashMap.of(graph, config, r);
      int cu = map.clusters(Side.USER);
      int ci = map.clusters(Side.ITEM);
      double reduction = 1 - (double) (cu + ci) / full;
      trials.add(new Trial(gamma, cu, ci, reduction));
      if (reduction >= targetReduction) {
        return new GraphHashChoice(map, gamma, cu, ci, reduction, millis, List.copyOf(trials));
      }
    }
    throw new IllegalArgumentException(
        String.format(
            Locale.ROOT,
            "no γ in %s gives %.0f%% fewer user+item rows than the %d training IDs; tried %s:"
                + " add smaller γ",
            gammas,
            100 * targetReduction,
            full,
            trials));
  }

  /** Vocabulary of one side's training IDs, ranked by training count. */
  public static Vocabulary trainingVocabulary(ImplicitSplit split, Side side) {
    Vocabulary.Builder b = Vocabulary.builder();
    for (int u = 0; u < split.users(); u++) {
      for (int i : split.train(u)) {
        b.add(side == Side.USER ? split.userId(u) : split.itemId(i));
      }
    }
    return b.build(1);
  }

  /**
   * @param map the GraphHash map of the training graph: it fixes every compressed strategy's rows
   *     (also when {@code kind} does not read it)
   */
  public static Pair build(Kind kind, ImplicitSplit split, GraphHashMap map, int dim, long seed) {
    int userRows = 1 + map.clusters(Side.USER);
    int itemRows = 1 + map.clusters(Side.ITEM);
    return switch (kind) {
      case COLLISIONLESS ->
          new Pair(
              new Collisionless(USER_FIELD, trainingVocabulary(split, Side.USER), dim),
              new Collisionless(ITEM_FIELD, trainingVocabulary(split, Side.ITEM), dim));
      case MODULO ->
          new Pair(
              new ModuloHashing(USER_FIELD, userRows, dim),
              new ModuloHashing(ITEM_FIELD, itemRows, dim));
      case HASHING ->
          new Pair(
              new HashingTrick(USER_FIELD, userRows, dim, seed),
              new HashingTrick(ITEM_FIELD, itemRows, dim, seed));
      case FREQUENCY ->
          new Pair(
              FrequencyHashing.withCutoff(
                  USER_FIELD, trainingVocabulary(split, Side.USER), userRows, 0.5, dim, seed),
              FrequencyHashing.withCutoff(
                  ITEM_FIELD, trainingVocabulary(split, Side.ITEM), itemRows, 0.5, dim, seed));
      case GRAPHHASH ->
          new Pair(
              graphHash(USER_FIELD, map, Side.USER, dim, seed),
              graphHash(ITEM_FIELD, map, Side.ITEM, dim, seed));
      case DOUBLEGRAPHHASH ->
          new Pair(
              new DoubleGraphHash(graphHash(USER_FIELD, map, Side.USER, dim, seed)),
              new DoubleGraphHash(graphHash(ITEM_FIELD, map, Side.ITEM, dim, seed)));
    };
  }

  private static GraphHash graphHash(
      String field, GraphHashMap map, Side side, int dim, long seed) {
    return new GraphHash(field, map, side, UnseenPolicy.HASH, 0, dim, seed);
  }
}
