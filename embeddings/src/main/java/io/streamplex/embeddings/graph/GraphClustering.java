package io.streamplex.embeddings.graph;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Random;
import nl.cwts.networkanalysis.Clustering;
import nl.cwts.networkanalysis.IterativeCPMClusteringAlgorithm;
import nl.cwts.networkanalysis.LeidenAlgorithm;
import nl.cwts.networkanalysis.LouvainAlgorithm;
import nl.cwts.networkanalysis.Network;
import nl.cwts.util.LargeDoubleArray;
import nl.cwts.util.LargeIntArray;

/**
 * Modularity clustering of the user–item graph with CWTS networkanalysis (the Leiden authors' own
 * implementation). Users and items are clustered together, as GraphHash does, so one community may
 * hold both.
 *
 * <p>networkanalysis optimises CPM; modularity at resolution γ is CPM with node weights equal to
 * node degrees (total edge weight) and resolution γ / 2m, which is how its own command line runs
 * modularity. java.util.Random is seeded from the config, so a run is reproducible in any JVM.
 */
public final class GraphClustering {

  public enum Algorithm {
    LEIDEN,
    LOUVAIN;

    public static Algorithm parse(String s) {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
  }

  /**
   * @param iterations iterations of the algorithm per start; 0 iterates until one brings no
   *     improvement
   * @param randomStarts independent starts; the best quality wins
   * @param randomness Leiden's randomness (ignored by Louvain)
   */
  public record Config(
      Algorithm algorithm,
      double resolution,
      int iterations,
      int randomStarts,
      double randomness,
      long seed) {
    public Config {
      if (algorithm == null) {
        throw new IllegalArgumentException("algorithm must be leiden or louvain");
      }
      if (!(resolution > 0) || Double.isInfinite(resolution)) {
        throw new IllegalArgumentException("resolution must be > 0, got " + resolution);
      }
      if (iterations < 0 || randomStarts < 1 || !(randomness > 0)) {
        throw new IllegalArgumentException(
            "need iterations >= 0, randomStarts >= 1, randomness > 0; got "
                + iterations
                + ", "
                + randomStarts
                + ", "
                + randomness);
      }
    }

    public static Config leiden(double resolution, long seed) {
      return new Config(
          Algorithm.LEIDEN, resolution, 10, 1, LeidenAlgorithm.DEFAULT_RANDOMNESS, seed);
    }
  }

  /** Called after each iteration of each start; {@code iterations} is 0 when open-ended. */
  @FunctionalInterface
  public interface Listener {
    void onIteration(int start, int iteration, int iterations, double quality);

    Listener NONE = (s, i, n, q) -> {};
  }

  /**
   * @param community community of every node (users first, then items), consecutive from 0
   * @param quality modularity at the configured resolution
   * @param modularity Newman–Girvan modularity (γ = 1) of the same partition
   * @param millis wall-clock time, network construction included
   * @param cpuMillis CPU time of the calling thread (the algorithms are single-threaded), which
   *     stays meaningful on a machine shared with other work
   */
  public record Result(
      int[] community,
      int communities,
      double quality,
      double modularity,
      long millis,
      long cpuMillis) {}

  private GraphClustering() {}

  public static Result cluster(BipartiteGraph graph, Config config, Listener listener) {
    long t0 = System.nanoTime();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu0 = threads.getCurrentThreadCpuTime();
    Listener progress = listener == null ? Listener.NONE : listener;
    Network network = toNetwork(graph);
    double twoM = 2 * network.getTotalEdgeWeight();
    Clustering best = null;
    double bestQuality = Double.NEGATIVE_INFINITY;
    Random random = new Random(config.seed());
    for (int start = 0; start < config.randomStarts(); start++) {
      IterativeCPMClusteringAlgorithm algorithm =
          algorithm(config, config.resolution() / twoM, 1, random);
      Clustering clustering = new Clustering(network.getNNodes());
      int iteration = 0;
      boolean improved = true;
      while (config.iterations() == 0 ? improved : iteration < config.iterations()) {
        improved = algorithm.improveClustering(network, clustering);
        iteration++;
        progress.onIteration(
            start, iteration, config.iterations(), algorithm.calcQuality(network, clustering));
      }
      double q = algorithm.calcQuality(network, clustering);
      if (q > bestQuality) {
        bestQuality = q;
        best = clustering;
      }
    }
    best.orderClustersByNNodes();
    double modularity = algorithm(config, 1 / twoM, 1, random).calcQuality(network, best);
    return new Result(
        best.getClusters(),
        best.getNClusters(),
        bestQuality,
        modularity,
        (System.nanoTime() - t0) / 1_000_000,
        (threads.getCurrentThreadCpuTime() - cpu0) / 1_000_000);
  }

  private static IterativeCPMClusteringAlgorithm algorithm(
      Config config, double cpmResolution, int iterations, Random random) {
    return config.algorithm() == Algorithm.LEIDEN
        ? new LeidenAlgorithm(cpmResolution, iterations, config.randomness(), random)
        : new LouvainAlgorithm(cpmResolution, iterations, random);
  }

  static Network toNetwork(BipartiteGraph graph) {
    return new Network(
        graph.nodes(),
        true,
        graph.firstNeighbour(),
        new LargeIntArray(graph.neighbours()),
        new LargeDoubleArray(graph.weights()),
        false);
  }
}
