package io.streamplex.benchmarks.embeddings;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamplex.data.DatasetPaths;
import io.streamplex.data.MovieLens100k;
import io.streamplex.embeddings.graph.BipartiteGraph;
import io.streamplex.embeddings.graph.GraphClustering;
import io.streamplex.embeddings.graph.GraphHashMap;
import io.streamplex.embeddings.graph.Side;
import io.streamplex.schema.BehaviorEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import nl.cwts.networkanalysis.Clustering;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Times GraphHash clustering (CWTS Leiden/Louvain at resolution γ) on the MovieLens-100K user–item
 * graph, sweeping γ to find the row reduction, and on a synthetic power-law bipartite graph of 10M
 * interactions with planted communities. Progress bars go to stderr; with {@code --json} the last
 * stdout line is one JSON object with every figure.
 */
@Command(
    name = "clustering-bench",
    mixinStandardHelpOptions = true,
    description = "Times GraphHash clustering on ML-100K and on a synthetic 10M-edge graph.")
public final class ClusteringBench implements Callable<Integer> {

  @Option(names = "--json", description = "Print one JSON object as the last stdout line.")
  boolean json;

  @Option(
      names = "--movielens",
      description =
          "MovieLens-100K folder (default: <streamplex.shared.dir or ../shared>/datasets/movielens-100k).")
  Path movielens;

  @Option(
      names = "--gammas",
      split = ",",
      defaultValue = "0.5,1,2,4,5,6,7,8,16",
      description = "Resolutions to sweep on ML-100K.")
  List<Double> gammas;

  @Option(names = "--algorithm", defaultValue = "leiden", description = "leiden or louvain.")
  GraphClustering.Algorithm algorithm;

  @Option(
      names = "--iterations",
      defaultValue = "10",
      description = "Iterations per start; 0 iterates until no improvement.")
  int iterations;

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  @Option(
      names = "--target-reduction",
      defaultValue = "0.75",
      description =
          "Chosen γ: the largest in the sweep whose user+item rows fall by at least this.")
  double targetReduction;

  @Option(names = "--write-map", description = "Write the chosen ML-100K GraphHash map here.")
  Path writeMap;

  @Option(names = "--synthetic-edges", defaultValue = "10000000")
  int syntheticEdges;

  @Option(names = "--synthetic-users", defaultValue = "1000000")
  int syntheticUsers;

  @Option(names = "--synthetic-items", defaultValue = "100000")
  int syntheticItems;

  @Option(names = "--communities", defaultValue = "1000", description = "Planted communities.")
  int communities;

  @Option(
      names = "--mixing",
      defaultValue = "0.3",
      description = "Share of synthetic interactions that ignore the planted communities.")
  double mixing;

  @Option(
      names = "--user-zipf",
      defaultValue = "0.7",
      description = "Zipf exponent of user activity.")
  double userZipf;

  @Option(
      names = "--item-zipf",
      defaultValue = "0.9",
      description = "Zipf exponent of item popularity.")
  double itemZipf;

  @Option(names = "--synthetic-gamma", defaultValue = "1")
  double syntheticGamma;

  @Option(names = "--skip-synthetic")
  boolean skipSynthetic;

  private final ObjectMapper mapper = new ObjectMapper();

  public static void main(String[] args) {
    System.exit(
        new CommandLine(new ClusteringBench())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .execute(args));
  }

  @Override
  public Integer call() throws IOException {
    ObjectNode out = mapper.createObjectNode();
    out.put("algorithm", algorithm.name().toLowerCase(java.util.Locale.ROOT));
    out.put("iterations", iterations);
    out.put("seed", seed);
    out.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
    out.put("processors", Runtime.getRuntime().availableProcessors());
    out.set("movielens_100k", movieLens());
    if (!skipSynthetic) {
      out.set("synthetic", synthetic());
    }
    System.out.println(json ? mapper.writeValueAsString(out) : out.toPrettyString());
    return 0;
  }

  private GraphClustering.Config config(double gamma) {
    return new GraphClustering.Config(algorithm, gamma, iterations, 1, 0.01, seed);
  }

  private ObjectNode movieLens() throws IOException {
    ObjectNode node = mapper.createObjectNode();
    Path dir;
    try {
      dir = movielens != null ? movielens : DatasetPaths.require(MovieLens100k.NAME);
    } catch (IllegalStateException missing) {
      System.err.println(missing.getMessage() + ": skipping ML-100K");
      node.put("skipped", missing.getMessage());
      return node;
    }
    long t0 = System.nanoTime();
    BipartiteGraph.Builder b = BipartiteGraph.builder();
    for (BehaviorEvent e : MovieLens100k.read(dir).events().events()) {
      b.add(e.getUserId(), e.getItemId());
    }
    BipartiteGraph graph = b.build(false);
    node.put("users", graph.users());
    node.put("items", graph.items());
    node.put("interactions", graph.interactions());
    node.put("edges", graph.edges());
    node.put("build_millis", (System.nanoTime() - t0) / 1_000_000);
    int fullRows = graph.users() + graph.items();
    ArrayNode sweep = node.putArray("sweep");
    ObjectNode chosen = null;
    GraphHashMap chosenMap = null;
    for (double gamma : gammas) {
      GraphClustering.Config config = config(gamma);
      GraphClustering.Result r;
      try (ProgressBar pb = bar("ML-100K γ=" + gamma, iterations)) {
        r = GraphClustering.cluster(graph, config, (s, i, n, q) -> pb.stepTo(i));
      }
      GraphHashMap map = GraphHashMap.of(graph, config, r);
      int rows = map.clusters(Side.USER) + map.clusters(Side.ITEM);
      ObjectNode row = sweep.addObject();
      row.put("gamma", gamma);
      row.put("cluster_millis", r.millis());
      row.put("cluster_cpu_millis", r.cpuMillis());
      row.put("communities", r.communities());
      row.put("user_clusters", map.clusters(Side.USER));
      row.put("item_clusters", map.clusters(Side.ITEM));
      row.put("rows", rows);
      row.put("reduction", 1 - (double) rows / fullRows);
      row.put("modularity", r.modularity());
      row.put("quality_at_gamma", r.quality());
      row.put("content_hash", map.contentHash());
      if (1 - (double) rows / fullRows >= targetReduction) {
        chosen = row;
        chosenMap = map;
      }
    }
    if (chosen == null) {
      System.err.printf(
          "no γ in %s reduces user+item rows by %.0f%%: add smaller values to --gammas%n",
          gammas, 100 * targetReduction);
      node.putNull("chosen");
    } else {
      node.set("chosen", chosen.deepCopy());
      if (writeMap != null) {
        chosenMap.write(writeMap);
        node.put("map_file", writeMap.toAbsolutePath().toString());
      }
    }
    return node;
  }

  private ObjectNode synthetic() {
    ObjectNode node = mapper.createObjectNode();
    int n = syntheticEdges;
    node.put("interactions", n);
    node.put("users", syntheticUsers);
    node.put("items", syntheticItems);
    node.put("planted_communities", communities);
    node.put("mixing", mixing);
    node.put("user_zipf", userZipf);
    node.put("item_zipf", itemZipf);
    long t0 = System.nanoTime();
    int[] users = new int[n];
    int[] items = new int[n];
    double[] userCdf = zipfCdf(syntheticUsers, userZipf);
    double[] itemCdf = zipfCdf(syntheticItems, itemZipf);
    int perCommunity = syntheticItems / communities;
    double[] communityCdf = zipfCdf(perCommunity, itemZipf);
    SplittableRandom random = new SplittableRandom(seed);
    try (ProgressBar pb = bar("generate", n)) {
      for (int e = 0; e < n; e++) {
        // user u's planted community is u mod K, item i's is i mod K
        int u = sample(userCdf, random.nextDouble());
        int item;
        if (random.nextDouble() < mixing) {
          item = sample(itemCdf, random.nextDouble());
        } else {
          item = sample(communityCdf, random.nextDouble()) * communities + u % communities;
        }
        users[e] = u;
        items[e] = item;
        if ((e & 0xFFFF) == 0) {
          pb.stepTo(e);
        }
      }
      pb.stepTo(n);
    }
    node.put("generate_millis", (System.nanoTime() - t0) / 1_000_000);
    t0 = System.nanoTime();
    // GraphHash's graph holds only IDs seen in the interactions: drop never-drawn users and items,
    // which would otherwise be isolated singleton clusters.
    int[] userOrigin = compact(users, syntheticUsers);
    int[] itemOrigin = compact(items, syntheticItems);
    int nUsers = userOrigin.length;
    BipartiteGraph graph =
        BipartiteGraph.fromIndexedEdges(nUsers, itemOrigin.length, users, items, n, false);
    users = null;
    items = null;
    node.put("build_millis", (System.nanoTime() - t0) / 1_000_000);
    node.put("observed_users", nUsers);
    node.put("observed_items", itemOrigin.length);
    node.put("edges", graph.edges());
    GraphClustering.Config config = config(syntheticGamma);
    GraphClustering.Result r;
    try (ProgressBar pb =
        bar(String.format("%,d interactions γ=%s", n, syntheticGamma), iterations)) {
      r = GraphClustering.cluster(graph, config, (s, i, k, q) -> pb.stepTo(i));
    }
    node.put("gamma", syntheticGamma);
    node.put("cluster_millis", r.millis());
    node.put("cluster_cpu_millis", r.cpuMillis());
    node.put("communities", r.communities());
    int[][] sides = sideClusterCounts(r.community(), nUsers);
    node.put("user_clusters", sides[0][0]);
    node.put("item_clusters", sides[1][0]);
    node.put("modularity", r.modularity());
    int[] planted = new int[graph.nodes()];
    for (int v = 0; v < graph.nodes(); v++) {
      planted[v] = (v < nUsers ? userOrigin[v] : itemOrigin[v - nUsers]) % communities;
    }
    node.put(
        "nmi_with_planted",
        new Clustering(planted).calcNormalizedMutualInformation(new Clustering(r.community())));
    node.put("heap_used_mb_after", usedMb());
    return node;
  }

  /** Renumbers the IDs in {@code ids} to 0…k−1 in ID order and returns each new ID's original. */
  static int[] compact(int[] ids, int range) {
    int[] newId = new int[range];
    java.util.Arrays.fill(newId, -1);
    for (int id : ids) {
      newId[id] = 0;
    }
    int k = 0;
    for (int id = 0; id < range; id++) {
      if (newId[id] == 0) {
        newId[id] = k++;
      }
    }
    int[] origin = new int[k];
    for (int id = 0; id < range; id++) {
      if (newId[id] >= 0) {
        origin[newId[id]] = id;
      }
    }
    for (int e = 0; e < ids.length; e++) {
      ids[e] = newId[ids[e]];
    }
    return origin;
  }

  private static int[][] sideClusterCounts(int[] community, int nUsers) {
    java.util.BitSet u = new java.util.BitSet();
    java.util.BitSet i = new java.util.BitSet();
    for (int v = 0; v < community.length; v++) {
      (v < nUsers ? u : i).set(community[v]);
    }
    return new int[][] {{u.cardinality()}, {i.cardinality()}};
  }

  private static long usedMb() {
    Runtime rt = Runtime.getRuntime();
    return (rt.totalMemory() - rt.freeMemory()) >> 20;
  }

  static double[] zipfCdf(int n, double s) {
    double[] cdf = new double[n];
    double sum = 0;
    for (int k = 0; k < n; k++) {
      sum += Math.pow(k + 1, -s);
      cdf[k] = sum;
    }
    for (int k = 0; k < n; k++) {
      cdf[k] /= sum;
    }
    return cdf;
  }

  static int sample(double[] cdf, double u) {
    int lo = 0;
    int hi = cdf.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cdf[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static ProgressBar bar(String task, long max) {
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(max <= 0 ? -1 : max)
        .setUpdateIntervalMillis(500)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .build();
  }
}
