package io.streamplex.embeddings.graph;

import com.dynatrace.hash4j.hashing.HashStream64;
import com.dynatrace.hash4j.hashing.Hashing;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The GraphHash ID → cluster map: a versioned artifact. Each side's clusters are the communities
 * holding at least one node of that side, renumbered 0…C−1 in community order (largest community
 * first), as GraphHash remaps user and item clusters separately. It records how it was made
 * (algorithm, γ, iterations, starts, seed, edge weighting), the graph's size, the cluster counts,
 * the modularity reached, and a content hash (XXH3-64 over parameters and every ID → cluster pair)
 * that is verified on load. An embedding table trained with one map is only valid with that map:
 * compare {@link #contentHash()}.
 */
public final class GraphHashMap {

  public static final String FORMAT = "streamplex.graphhash-map";
  public static final int FORMAT_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final GraphClustering.Config config;
  private final boolean binaryWeights;
  private final long graphEdges;
  private final long graphInteractions;
  private final int communities;
  private final double quality;
  private final double modularity;
  private final String[][] ids = new String[2][];
  private final int[][] clusterOf = new int[2][];
  private final int[][] clusterCommunity = new int[2][];
  private final int[][] communityCluster = new int[2][];
  private final Object2IntOpenHashMap<String>[] index;
  private final Long2IntOpenHashMap[] longIndex = new Long2IntOpenHashMap[2];
  private final String contentHash;

  @SuppressWarnings("unchecked")
  private GraphHashMap(
      GraphClustering.Config config,
      boolean binaryWeights,
      long graphEdges,
      long graphInteractions,
      int communities,
      double quality,
      double modularity,
      String[] userIds,
      int[] userCluster,
      int[] userClusterCommunity,
      String[] itemIds,
      int[] itemCluster,
      int[] itemClusterCommunity) {
    this.config = config;
    this.binaryWeights = binaryWeights;
    this.graphEdges = graphEdges;
    this.graphInteractions = graphInteractions;
    this.communities = communities;
    this.quality = quality;
    this.modularity = modularity;
    ids[0] = userIds;
    ids[1] = itemIds;
    clusterOf[0] = userCluster;
    clusterOf[1] = itemCluster;
    clusterCommunity[0] = userClusterCommunity;
    clusterCommunity[1] = itemClusterCommunity;
    index = new Object2IntOpenHashMap[2];
    for (int s = 0; s < 2; s++) {
      communityCluster[s] = new int[communities];
      Arrays.fill(communityCluster[s], -1);
      for (int c = 0; c < clusterCommunity[s].length; c++) {
        communityCluster[s][clusterCommunity[s][c]] = c;
      }
      index[s] = new Object2IntOpenHashMap<>(ids[s].length);
      index[s].defaultReturnValue(-1);
      longIndex[s] = new Long2IntOpenHashMap();
      longIndex[s].defaultReturnValue(-1);
      for (int k = 0; k < ids[s].length; k++) {
        index[s].put(ids[s][k], clusterOf[s][k]);
        String id = ids[s][k];
        try {
          long v = Long.parseLong(id);
          if (Long.toString(v).equals(id)) {
            longIndex[s].put(v, clusterOf[s][k]);
          }
        } catch (NumberFormatException notAnInteger) {
          // only string lookups reach this ID
        }
      }
    }
    this.contentHash = computeContentHash();
  }

  /** Builds the map from a graph with string IDs and its clustering. */
  public static GraphHashMap of(
      BipartiteGraph graph, GraphClustering.Config config, GraphClustering.Result result) {
    if (graph.users() > 0 && graph.userId(0) == null) {
      throw new IllegalArgumentException("the graph was built from indices: it has no IDs to map");
    }
    int[] community = result.community();
    String[] userIds = new String[graph.users()];
    String[] itemIds = new String[graph.items()];
    int[] userCommunity = new int[graph.users()];
    int[] itemCommunity = new int[graph.items()];
    for (int u = 0; u < graph.users(); u++) {
      userIds[u] = graph.userId(u);
      userCommunity[u] = community[u];
    }
    for (int i = 0; i < graph.items(); i++) {
      itemIds[i] = graph.itemId(i);
      itemCommunity[i] = community[graph.users() + i];
    }
    int[][] user = renumber(userCommunity, result.communities());
    int[][] item = renumber(itemCommunity, result.communities());
    return new GraphHashMap(
        config,
        graph.binaryWeights(),
        graph.edges(),
        graph.interactions(),
        result.communities(),
        result.quality(),
        result.modularity(),
        userIds,
        user[0],
        user[1],
        itemIds,
        item[0],
        item[1]);
  }

  /** Returns {cluster of each node, community of each cluster}, clusters in community order. */
  static int[][] renumber(int[] nodeCommunity, int communities) {
    int[] clusterOfCommunity = new int[communities];
    Arrays.fill(clusterOfCommunity, -1);
    for (int c : nodeCommunity) {
      clusterOfCommunity[c] = 0;
    }
    int next = 0;
    int[] clusterCommunity = new int[communities];
    for (int c = 0; c < communities; c++) {
      if (clusterOfCommunity[c] == 0) {
        clusterCommunity[next] = c;
        clusterOfCommunity[c] = next++;
      }
    }
    int[] cluster = new int[nodeCommunity.length];
    for (int k = 0; k < cluster.length; k++) {
      cluster[k] = clusterOfCommunity[nodeCommunity[k]];
    }
    return new int[][] {cluster, Arrays.copyOf(clusterCommunity, next)};
  }

  public int clusters(Side side) {
    return clusterCommunity[side.ordinal()].length;
  }

  /** IDs known on {@code side}. */
  public int size(Side side) {
    return ids[side.ordinal()].length;
  }

  public String id(Side side, int k) {
    return ids[side.ordinal()][k];
  }

  /** Cluster of a known ID, or -1 if the clustering never saw it. */
  public int cluster(Side side, String id) {
    return index[side.ordinal()].getInt(id);
  }

  public int cluster(Side side, long id) {
    return longIndex[side.ordinal()].get(id);
  }

  /** Community (shared by both sides) of a cluster of {@code side}. */
  public int community(Side side, int cluster) {
    return clusterCommunity[side.ordinal()][cluster];
  }

  /**
   * The cluster on {@code side} of the community most common among the first {@code k} known
   * counterparts of an unseen ID (for a new user: the items it interacted with first). Ties go to
   * the lower community number, i.e. the larger community. Counterparts the map does not know, and
   * communities without a {@code side} cluster, are passed over. Returns -1 if none is left.
   */
  public int majorityCluster(Side side, Iterable<String> counterparts, int k) {
    Side other = side.other();
    Int2IntOpenHashMap votes = new Int2IntOpenHashMap();
    int used = 0;
    for (String c : counterparts) {
      if (used == k) {
        break;
      }
      int cl = cluster(other, c);
      if (cl < 0) {
        continue;
      }
      used++;
      int community = community(other, cl);
      if (communityCluster[side.ordinal()][community] >= 0) {
        votes.addTo(community, 1);
      }
    }
    int best = -1;
    int bestVotes = 0;
    for (var e : votes.int2IntEntrySet()) {
      int v = e.getIntValue();
      int community = e.getIntKey();
      if (v > bestVotes || (v == bestVotes && community < best)) {
        best = community;
        bestVotes = v;
      }
    }
    return best < 0 ? -1 : communityCluster[side.ordinal()][best];
  }

  public GraphClustering.Config config() {
    return config;
  }

  public boolean binaryWeights() {
    return binaryWeights;
  }

  public int communities() {
    return communities;
  }

  public double modularity() {
    return modularity;
  }

  public double quality() {
    return quality;
  }

  public long graphEdges() {
    return graphEdges;
  }

  public String contentHash() {
    return contentHash;
  }

  private String computeContentHash() {
    HashStream64 h = Hashing.xxh3_64().hashStream();
    h.putInt(FORMAT_VERSION)
        .putString(config.algorithm().name())
        .putDouble(config.resolution())
        .putInt(config.iterations())
        .putInt(config.randomStarts())
        .putDouble(config.randomness())
        .putLong(config.seed())
        .putBoolean(binaryWeights);
    for (int s = 0; s < 2; s++) {
      h.putInt(ids[s].length);
      for (int k = 0; k < ids[s].length; k++) {
        h.putString(ids[s][k]).putInt(clusterOf[s][k]);
      }
      h.putIntArray(clusterCommunity[s]);
    }
    return String.format(Locale.ROOT, "%016x", h.getAsLong());
  }

  public void write(Path file) throws IOException {
    JSON.writeValue(file.toFile(), toJson());
  }

  /** The map as the JSON {@link #write} stores (a model artifact embeds it). */
  public ObjectNode toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("format_version", FORMAT_VERSION);
    root.put("algorithm", config.algorithm().name().toLowerCase(Locale.ROOT));
    root.put("resolution", config.resolution());
    root.put("iterations", config.iterations());
    root.put("random_starts", config.randomStarts());
    root.put("randomness", config.randomness());
    root.put("seed", config.seed());
    root.put("binary_weights", binaryWeights);
    root.put("graph_edges", graphEdges);
    root.put("graph_interactions", graphInteractions);
    root.put("communities", communities);
    root.put("quality", quality);
    root.put("modularity", modularity);
    root.put("user_clusters", clusters(Side.USER));
    root.put("item_clusters", clusters(Side.ITEM));
    for (Side side : Side.values()) {
      int s = side.ordinal();
      ObjectNode n = root.putObject(side.name().toLowerCase(Locale.ROOT) + "s");
      ArrayNode idArr = n.putArray("ids");
      ArrayNode clArr = n.putArray("clusters");
      for (int k = 0; k < ids[s].length; k++) {
        idArr.add(ids[s][k]);
        clArr.add(clusterOf[s][k]);
      }
      ArrayNode cc = n.putArray("cluster_community");
      for (int c : clusterCommunity[s]) {
        cc.add(c);
      }
    }
    root.put("content_hash", contentHash);
    return root;
  }

  public static GraphHashMap read(Path file) throws IOException {
    try {
      return fromJson(JSON.readTree(Files.readAllBytes(file)));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The map {@link #toJson} wrote, refused (with the reason) when its format, version or content
   * hash does not match.
   */
  public static GraphHashMap fromJson(JsonNode root) {
    if (!FORMAT.equals(root.path("format").asText())) {
      throw new IllegalArgumentException("not a " + FORMAT + " file");
    }
    if (root.path("format_version").asInt() != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "unsupported format version " + root.path("format_version").asText());
    }
    GraphClustering.Config config =
        new GraphClustering.Config(
            GraphClustering.Algorithm.parse(root.path("algorithm").asText()),
            root.path("resolution").asDouble(),
            root.path("iterations").asInt(),
            root.path("random_starts").asInt(),
            root.path("randomness").asDouble(),
            root.path("seed").asLong());
    String[][] sideIds = new String[2][];
    int[][] sideClusters = new int[2][];
    int[][] sideCommunities = new int[2][];
    for (Side side : Side.values()) {
      JsonNode n = root.path(side.name().toLowerCase(Locale.ROOT) + "s");
      int s = side.ordinal();
      int size = n.path("ids").size();
      sideIds[s] = new String[size];
      sideClusters[s] = new int[size];
      for (int k = 0; k < size; k++) {
        sideIds[s][k] = n.path("ids").get(k).asText();
        sideClusters[s][k] = n.path("clusters").get(k).asInt();
      }
      sideCommunities[s] = new int[n.path("cluster_community").size()];
      for (int c = 0; c < sideCommunities[s].length; c++) {
        sideCommunities[s][c] = n.path("cluster_community").get(c).asInt();
      }
    }
    GraphHashMap map =
        new GraphHashMap(
            config,
            root.path("binary_weights").asBoolean(),
            root.path("graph_edges").asLong(),
            root.path("graph_interactions").asLong(),
            root.path("communities").asInt(),
            root.path("quality").asDouble(),
            root.path("modularity").asDouble(),
            sideIds[0],
            sideClusters[0],
            sideCommunities[0],
            sideIds[1],
            sideClusters[1],
            sideCommunities[1]);
    String stored = root.path("content_hash").asText();
    if (!map.contentHash.equals(stored)) {
      throw new IllegalArgumentException(
          "content hash mismatch (stored "
              + stored
              + ", computed "
              + map.contentHash
              + "): the map was altered or truncated");
    }
    return map;
  }
}
