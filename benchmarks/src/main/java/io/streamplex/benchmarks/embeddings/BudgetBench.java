package io.streamplex.benchmarks.embeddings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamplex.ctr.data.DatasetFields;
import io.streamplex.ctr.data.EmbeddingSchema;
import io.streamplex.ctr.data.EncodedData;
import io.streamplex.ctr.data.FieldSpec;
import io.streamplex.ctr.data.RowMapper;
import io.streamplex.ctr.data.Splits;
import io.streamplex.ctr.data.StrategyRows;
import io.streamplex.ctr.eval.CtrBench;
import io.streamplex.ctr.models.ModelConfig;
import io.streamplex.ctr.train.Evaluation;
import io.streamplex.ctr.train.Trainer;
import io.streamplex.data.CtrDataset;
import io.streamplex.data.Datasets;
import io.streamplex.embeddings.graph.BipartiteGraph;
import io.streamplex.embeddings.graph.GraphClustering;
import io.streamplex.embeddings.graph.GraphHashMap;
import io.streamplex.embeddings.graph.Side;
import io.streamplex.embeddings.strategy.DoubleGraphHash;
import io.streamplex.embeddings.strategy.FrequencyHashing;
import io.streamplex.embeddings.strategy.GraphHash;
import io.streamplex.embeddings.strategy.HashingTrick;
import io.streamplex.embeddings.strategy.UnifiedEmbedding;
import io.streamplex.embeddings.strategy.UnseenPolicy;
import io.streamplex.embeddings.strategy.Vocabulary;
import io.streamplex.schema.Feature;
import io.streamplex.schema.TrainingExample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * AUC against embedding-parameter budget on MovieLens-100K CTR (issue 3): the same FM for every
 * strategy, random 80/10/10 splits by seed, early stopping on validation AUC.
 *
 * <p>Part 1 compresses the high-cardinality fields (more than {@code --large} training values:
 * user_id, item_id, zip) to a share of the collisionless embedding size; the small fields stay
 * collisionless for every strategy, as in the Unified Embedding paper. Hashing and frequency give
 * each large field rows in proportion to its vocabulary; Unified Embedding puts all large fields in
 * one shared table of S sub-tables, k chunks of width/k per field, with as many parameters; each
 * {@code --unified kxS} is its own curve.
 *
 * <p>Part 2 replaces user_id and item_id by GraphHash / DoubleGraphHash (Leiden on the training
 * split's user–item graph, γ raised until user + item rows fall by at least {@code --reduction})
 * and by per-feature hashing with the same rows.
 */
@Command(
    name = "budget-bench",
    mixinStandardHelpOptions = true,
    description =
        "AUC against embedding budget for collisionless, hashing, frequency, UE, GraphHash.")
public final class BudgetBench implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--json", description = "Print one JSON object as the last stdout line.")
  boolean json;

  @Option(names = "--seeds", split = ",", defaultValue = "1,2,3")
  List<Long> seeds;

  @Option(
      names = "--fractions",
      split = ",",
      defaultValue = "0.5,0.25,0.125",
      description = "Budgets as shares of the collisionless embedding parameters.")
  List<Double> fractions;

  @Option(names = "--model", defaultValue = "fm", description = "Bundled config name or file.")
  String model;

  @Option(names = "--lr", defaultValue = "0.005", description = "Adam learning rate.")
  double lr;

  @Option(
      names = "--dense-adam",
      description =
          "Dense Adam with whole-table L2 (PyTorch's semantics, the bundled configs' default)."
              + " Without it every strategy trains with lazy rows (only the rows in a batch move),"
              + " as the budget figures in the README were measured.")
  boolean denseAdam;

  @Option(names = "--max-epochs", defaultValue = "30")
  int maxEpochs;

  @Option(names = "--patience", defaultValue = "3")
  int patience;

  @Option(names = "--large", defaultValue = "100", description = "Vocabulary size to compress.")
  int large;

  @Option(
      names = "--unified",
      split = ",",
      defaultValue = "2x2,4x4",
      description =
          "UE configurations as kxS (k chunks of width/k per large field, S sub-tables; the"
              + " small fields stay collisionless) or all:kxS (every categorical field"
              + " multiplexed into the one table).")
  List<String> unifiedConfigs;

  @Option(
      names = "--hashing",
      split = ",",
      defaultValue = "large",
      description =
          "Per-feature hashing allocations: large (small fields collisionless) or all (every"
              + " categorical field hashed), rows in proportion to vocabulary size, or with"
              + " -sqrt to its square root, -pX to its power X (e.g. all-sqrt, all-p0.25).")
  List<String> hashingAllocations;

  @Option(
      names = "--frequency-allocation",
      defaultValue = "large",
      description = "The --hashing allocation the frequency strategy uses.")
  String frequencyAllocation;

  @Option(names = "--frequency-cutoff", defaultValue = "0.5")
  double frequencyCutoff;

  @Option(names = "--reduction", defaultValue = "0.75", description = "GraphHash row reduction.")
  double reduction;

  @Option(
      names = "--graph-unseen",
      defaultValue = "HASH",
      description =
          "GraphHash policy for IDs the training graph lacks: HASH, OOV or NEIGHBOURS (the"
              + " majority cluster of their first --neighbour-k counterparts in the split).")
  String graphUnseen;

  @Option(names = "--neighbour-k", defaultValue = "5")
  int neighbourK;

  @Option(names = "--no-budget", description = "Skip part 1.")
  boolean noBudget;

  @Option(names = "--no-graph", description = "Skip part 2.")
  boolean noGraph;

  @Option(
      names = "--from",
      split = ",",
      description =
          "Draw from the JSON (last line) of earlier runs; several (e.g. one per seed) are merged"
              + " and summarised again.")
  List<Path> from;

  @Option(names = "--png", description = "Write the parameter–AUC trade-off chart here.")
  Path png;

  private ModelConfig config;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BudgetBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    ObjectNode out;
    if (from != null) {
      out = merge(from);
    } else {
      out = run();
    }
    if (png != null) {
      BudgetChart.write(out, png);
      System.err.println("wrote " + png);
    }
    if (json) {
      System.out.println(JSON.writeValueAsString(out));
    }
    return 0;
  }

  private ObjectNode run() throws Exception {
    CtrDataset data = Datasets.get("movielens-100k").ctr();
    config = CtrBench.loadConfig(model);
    config.optimizer.lr = lr;
    config.optimizer.lazyRows = !denseAdam;
    config.maxEpochs = maxEpochs;
    config.patience = patience;
    List<FieldSpec> fields = DatasetFields.of(data, FieldSpec.Transform.MIN_MAX);
    int width = config.embeddingDim;
    ObjectNode out = JSON.createObjectNode();
    out.put("dataset", "movielens-100k");
    out.put("examples", data.size());
    out.put("model", config.displayName());
    out.put("embeddingDim", width);
    out.put("lr", lr);
    out.put("maxEpochs", maxEpochs);
    out.put("patience", patience);
    out.putPOJO("seeds", seeds);
    out.putPOJO("unified", unifiedConfigs);
    out.put("frequencyCutoff", frequencyCutoff);
    Map<String, List<ObjectNode>> budget = new LinkedHashMap<>();
    Map<String, List<ObjectNode>> graph = new LinkedHashMap<>();
    for (long seed : seeds) {
      Splits.Split s = Splits.random(data.examples(), seed, 0.8, 0.1);
      EmbeddingSchema base = EmbeddingSchema.fit(fields, s.train());
      Map<String, Vocabulary> vocab = vocabularies(fields, s.train());
      Map<String, Integer> fullRows = new LinkedHashMap<>();
      List<String> largeFields = new ArrayList<>();
      for (int f = 0; f < base.fieldCount(); f++) {
        String name = base.field(f).name();
        if (vocab.containsKey(name)) {
          fullRows.put(name, base.mapper(f).tableRows(0));
          if (vocab.get(name).size() > large) {
            largeFields.add(name);
          }
        }
      }
      long fullParams = params(base, width);
      System.err.printf(
          "seed %d: collisionless rows %s, %d parameters (emb + linear)%n",
          seed, fullRows, fullParams);
      add(budget, key("collisionless", 1.0), train(s, base, seed, "collisionless", 1.0));
      if (!noBudget) {
        for (double fraction : fractions) {
          long budgetParams = (long) Math.floor(fraction * fullParams);
          for (String allocation : hashingAllocations) {
            Allocation a = Allocation.parse(allocation);
            List<String> hashed = a.all ? List.copyOf(fullRows.keySet()) : largeFields;
            int rows = (int) ((budgetParams - fixedParams(fullRows, hashed, width)) / (width + 1));
            Map<String, Integer> perField = allocate(rows, hashed, fullRows, vocab, a.exponent);
            Map<String, RowMapper> hashing = new LinkedHashMap<>();
            perField.forEach(
                (f, r) -> hashing.put(f, new StrategyRows(new HashingTrick(f, r, width, seed))));
            String name = "hashing " + a;
            System.err.println(name + " @" + fraction + ": rows " + perField);
            add(
                budget,
                key(name, fraction),
                train(s, base.withMappers(hashing), seed, name, fraction));
            if (a.equals(Allocation.parse(frequencyAllocation))) {
              Map<String, RowMapper> frequency = new LinkedHashMap<>();
              perField.forEach(
                  (f, r) ->
                      frequency.put(
                          f,
                          new StrategyRows(
                              FrequencyHashing.withCutoff(
                                  f, vocab.get(f), r, frequencyCutoff, width, seed))));
              add(
                  budget,
                  key("frequency", fraction),
                  train(s, base.withMappers(frequency), seed, "frequency", fraction));
            }
          }
          for (String ueConfig : unifiedConfigs) {
            UnifiedConfig u = UnifiedConfig.parse(ueConfig, width);
            List<String> multiplexed = u.all ? List.copyOf(fullRows.keySet()) : largeFields;
            int chunkDim = width / u.chunks;
            // the shared table's rows each cost chunkDim embedding weights + one linear weight
            long tableRows =
                (budgetParams - fixedParams(fullRows, multiplexed, width)) / (chunkDim + 1);
            int perSubTable = (int) (tableRows / u.subTables);
            if (perSubTable < 2) {
              throw new IllegalArgumentException(
                  "budget " + fraction + " leaves " + tableRows + " rows for " + ueConfig);
            }
            UnifiedEmbedding ue =
                new UnifiedEmbedding("ue", u.subTables, perSubTable, chunkDim, seed);
            Map<String, RowMapper> unified = new LinkedHashMap<>();
            for (String f : multiplexed) {
              unified.put(f, new StrategyRows(ue.addFeature(f, u.chunks)));
            }
            String name = "unified " + u;
            add(
                budget,
                key(name, fraction),
                train(s, base.withMappers(unified), seed, name, fraction));
          }
        }
      }
      if (!noGraph) {
        graphPart(s, base, seed, width, graph);
      }
      out.put("collisionlessParams", fullParams);
    }
    ArrayNode summary = summarise(budget);
    out.set("budget", summary);
    out.set("selected", select(summary));
    out.set("graph", summarise(graph));
    return out;
  }

  private void graphPart(
      Splits.Split s,
      EmbeddingSchema base,
      long seed,
      int width,
      Map<String, List<ObjectNode>> graph) {
    BipartiteGraph.Builder b = BipartiteGraph.builder();
    for (TrainingExample e : s.train()) {
      b.add(value(e, "user_id"), value(e, "item_id"));
    }
    BipartiteGraph g = b.build(false);
    int full = g.users() + g.items();
    GraphHashMap map = null;
    double gamma = 0;
    for (double gm : new double[] {6, 5, 4, 3, 2, 1}) {
      GraphClustering.Config c = GraphClustering.Config.leiden(gm, seed);
      GraphHashMap m = GraphHashMap.of(g, c, GraphClustering.cluster(g, c, null));
      if (m.clusters(Side.USER) + m.clusters(Side.ITEM) <= (1 - reduction) * full) {
        map = m;
        gamma = gm;
        break;
      }
    }
    if (map == null) {
      throw new IllegalStateException("no γ in 1..6 reduces user+item rows by " + reduction);
    }
    GraphHashMap gmap = map;
    int userRows = 1 + map.clusters(Side.USER);
    int itemRows = 1 + map.clusters(Side.ITEM);
    System.err.printf(
        "seed %d: γ=%s, %d user + %d item clusters for %d IDs (%.1f%% fewer rows)%n",
        seed,
        gamma,
        userRows - 1,
        itemRows - 1,
        full,
        100 * (1 - (double) (userRows + itemRows - 2) / full));
    UnseenPolicy policy = UnseenPolicy.parse(graphUnseen);
    boolean neighbours = policy == UnseenPolicy.NEIGHBOURS;
    int k = neighbours ? neighbourK : 0;
    List<GraphHash> made = new ArrayList<>();
    Function<Boolean, Map<String, RowMapper>> graphHash =
        dbl -> {
          made.clear();
          GraphHash u = new GraphHash("user_id", gmap, Side.USER, policy, k, width, seed);
          GraphHash i = new GraphHash("item_id", gmap, Side.ITEM, policy, k, width, seed);
          made.add(u);
          made.add(i);
          return Map.of(
              "user_id",
              new StrategyRows(dbl ? new DoubleGraphHash(u) : u, neighbours ? "item_id" : null),
              "item_id",
              new StrategyRows(dbl ? new DoubleGraphHash(i) : i, neighbours ? "user_id" : null));
        };
    Map<String, RowMapper> hashing =
        Map.of(
            "user_id", new StrategyRows(new HashingTrick("user_id", userRows, width, seed)),
            "item_id", new StrategyRows(new HashingTrick("item_id", itemRows, width, seed)));
    double share = (double) (userRows + itemRows) / (full + 4);
    for (String kind : List.of("hashing", "graphhash", "doublegraphhash")) {
      EmbeddingSchema schema =
          base.withMappers(
              switch (kind) {
                case "hashing" -> hashing;
                case "graphhash" -> graphHash.apply(false);
                default -> graphHash.apply(true);
              });
      ObjectNode r = train(s, schema, seed, kind, share);
      r.put("gamma", gamma);
      r.put("unseen", kind.equals("hashing") ? "-" : policy.name());
      if (!kind.equals("hashing")) {
        // IDs the NEIGHBOURS policy placed while the validation and test splits were encoded
        r.put("placedByNeighbours", made.stream().mapToInt(m -> m.assignments().size()).sum());
      }
      r.put("userItemRows", userRows + itemRows);
      r.put("userItemIds", full);
      add(graph, kind, r);
    }
  }

  private ObjectNode train(
      Splits.Split s, EmbeddingSchema schema, long seed, String strategy, double fraction) {
    ModelConfig c = config.copy();
    c.seed = seed;
    EncodedData train = EncodedData.encode(schema, s.train());
    EncodedData valid = EncodedData.encode(schema, s.valid());
    EncodedData test = EncodedData.encode(schema, s.test());
    Trainer.Result r = new Trainer(c).fit(train, valid);
    Evaluation ev = Evaluation.of(r.model(), test);
    long params = params(schema, c.embeddingDim);
    System.err.printf(
        "%s %.4f seed=%d: %d params, test AUC %.4f (valid %.4f, best epoch %d of %d,"
            + " %.0f ex/s)%n",
        strategy,
        fraction,
        seed,
        params,
        ev.auc(),
        r.best().validAuc(),
        r.bestEpoch(),
        r.history().size(),
        r.examplesPerSecond());
    ObjectNode o = JSON.createObjectNode();
    o.put("strategy", strategy);
    o.put("fraction", fraction);
    o.put("seed", seed);
    o.put("params", params);
    o.put("embeddingParams", embeddingParams(schema, c.embeddingDim));
    o.put("auc", ev.auc());
    o.put("logloss", ev.logloss());
    o.put("validAuc", r.best().validAuc());
    o.put("bestEpoch", r.bestEpoch());
    return o;
  }

  /** Parameters of the FM's width-d embedding tables ("emb.*"), shared tables counted once. */
  static long embeddingParams(EmbeddingSchema schema, int width) {
    long[] perTable = new long[schema.tableCount()];
    for (int f = 0; f < schema.fieldCount(); f++) {
      RowMapper m = schema.mapper(f);
      for (int c = 0; c < m.chunks(); c++) {
        int t = schema.tableOf(f, c);
        perTable[t] = (long) schema.tableRows(t) * (m.summed() ? width : width / m.chunks());
      }
    }
    long sum = 0;
    for (long p : perTable) {
      sum += p;
    }
    return sum;
  }

  /**
   * Parameters the budget counts: each table row's embedding weights plus the one linear weight the
   * FM's first-order term keeps per row (LinearBlock gives a k-chunk row width 1), so narrow
   * Unified Embedding chunks pay for the extra linear rows they bring.
   */
  static long params(EmbeddingSchema schema, int width) {
    long rows = 0;
    for (int t = 0; t < schema.tableCount(); t++) {
      rows += schema.tableRows(t);
    }
    return embeddingParams(schema, width) + rows;
  }

  /** Parameters of the fields that keep their collisionless tables. */
  private static long fixedParams(
      Map<String, Integer> fullRows, List<String> compressed, int width) {
    long p = 0;
    for (Map.Entry<String, Integer> e : fullRows.entrySet()) {
      if (!compressed.contains(e.getKey())) {
        p += (long) e.getValue() * (width + 1);
      }
    }
    return p;
  }

  /**
   * Splits {@code rows} over the fields in proportion to vocabulary size^exponent, never more than
   * a field's collisionless rows (what a field cannot use goes to the others) nor fewer than 2.
   */
  static Map<String, Integer> allocate(
      int rows,
      List<String> fields,
      Map<String, Integer> fullRows,
      Map<String, Vocabulary> vocab,
      double exponent) {
    if (rows < 2 * fields.size()) {
      throw new IllegalArgumentException(rows + " rows cannot hash " + fields);
    }
    Map<String, Integer> out = new LinkedHashMap<>();
    List<String> open = new ArrayList<>(fields);
    int left = rows;
    boolean capped = true;
    while (capped && !open.isEmpty()) {
      capped = false;
      double total = 0;
      for (String f : open) {
        total += Math.pow(vocab.get(f).size(), exponent);
      }
      for (String f : List.copyOf(open)) {
        double share = left * Math.pow(vocab.get(f).size(), exponent) / total;
        if (share >= fullRows.get(f)) {
          out.put(f, fullRows.get(f));
          open.remove(f);
          left -= fullRows.get(f);
          capped = true;
        }
      }
    }
    double total = 0;
    for (String f : open) {
      total += Math.pow(vocab.get(f).size(), exponent);
    }
    for (String f : open) {
      out.put(f, Math.max(2, (int) (left * Math.pow(vocab.get(f).size(), exponent) / total)));
    }
    Map<String, Integer> ordered = new LinkedHashMap<>();
    fields.forEach(f -> ordered.put(f, out.get(f)));
    return ordered;
  }

  /** A per-feature hashing allocation: which fields are hashed, and rows ∝ vocabulary^exponent. */
  record Allocation(boolean all, double exponent) {
    static Allocation parse(String s) {
      String t = s.trim().toLowerCase(java.util.Locale.ROOT);
      int dash = t.indexOf('-');
      String scope = dash < 0 ? t : t.substring(0, dash);
      String power = dash < 0 ? "p1" : t.substring(dash + 1);
      if ((!scope.equals("large") && !scope.equals("all"))
          || !(power.equals("sqrt") || power.matches("p[0-9.]+"))) {
        throw new IllegalArgumentException(
            "--hashing wants large or all, optionally -sqrt or -pX (rows ∝ vocabulary^X): " + s);
      }
      return new Allocation(
          scope.equals("all"), power.equals("sqrt") ? 0.5 : Double.parseDouble(power.substring(1)));
    }

    @Override
    public String toString() {
      return (all ? "all" : "large")
          + (exponent == 1 ? "" : exponent == 0.5 ? "-sqrt" : "-p" + exponent);
    }
  }

  /** A Unified Embedding configuration: k chunks, S sub-tables, small fields multiplexed too. */
  record UnifiedConfig(boolean all, int chunks, int subTables) {
    static UnifiedConfig parse(String s, int width) {
      String t = s.trim().toLowerCase(java.util.Locale.ROOT);
      boolean all = t.startsWith("all:");
      String[] ks = (all ? t.substring(4) : t).split("x");
      if (ks.length != 2) {
        throw new IllegalArgumentException("--unified wants kxS or all:kxS, e.g. 4x4: " + s);
      }
      int chunks = Integer.parseInt(ks[0].trim());
      int subTables = Integer.parseInt(ks[1].trim());
      if (chunks < 1 || width % chunks != 0 || subTables < 1) {
        throw new IllegalArgumentException(
            "--unified " + s + ": k must divide the embedding width " + width + ", S >= 1");
      }
      return new UnifiedConfig(all, chunks, subTables);
    }

    @Override
    public String toString() {
      return (all ? "all " : "") + "k=" + chunks + " S=" + subTables;
    }
  }

  /**
   * Per budget, the per-feature hashing and the Unified Embedding configuration with the best mean
   * validation AUC (test AUC never chooses), and the gap of their test AUCs.
   */
  private static ArrayNode select(ArrayNode summary) {
    Map<Double, Map<String, JsonNode>> best = new java.util.TreeMap<>();
    for (JsonNode r : summary) {
      String s = r.get("strategy").asText();
      String family =
          s.startsWith("hashing") ? "hashing" : s.startsWith("unified") ? "unified" : null;
      if (family == null) {
        continue;
      }
      Map<String, JsonNode> m =
          best.computeIfAbsent(r.get("fraction").asDouble(), k -> new LinkedHashMap<>());
      JsonNode b = m.get(family);
      if (b == null || r.get("validAuc").asDouble() > b.get("validAuc").asDouble()) {
        m.put(family, r);
      }
    }
    ArrayNode a = JSON.createArrayNode();
    best.forEach(
        (fraction, m) -> {
          ObjectNode o = a.addObject();
          o.put("fraction", fraction);
          m.forEach(
              (family, r) -> {
                ObjectNode f = o.putObject(family);
                f.put("strategy", r.get("strategy").asText());
                f.put("params", r.get("params").asDouble());
                f.put("validAuc", r.get("validAuc").asDouble());
                f.set("auc", r.get("auc"));
              });
          if (m.size() == 2) {
            o.put(
                "unifiedMinusHashing",
                m.get("unified").get("auc").get("mean").asDouble()
                    - m.get("hashing").get("auc").get("mean").asDouble());
          }
        });
    return a;
  }

  private static Map<String, Vocabulary> vocabularies(
      List<FieldSpec> fields, List<TrainingExample> train) {
    Map<String, Vocabulary.Builder> b = new LinkedHashMap<>();
    for (FieldSpec f : fields) {
      if (f.kind() != FieldSpec.Kind.NUMERIC) {
        b.put(f.name(), Vocabulary.builder());
      }
    }
    for (TrainingExample e : train) {
      for (Feature f : e.getFeatures()) {
        Vocabulary.Builder v = b.get(f.getName().toString());
        if (v != null) {
          for (CharSequence x : f.getValues()) {
            v.add(x.toString());
          }
        }
      }
    }
    Map<String, Vocabulary> out = new LinkedHashMap<>();
    b.forEach((k, v) -> out.put(k, v.build(1)));
    return out;
  }

  private static String value(TrainingExample e, String field) {
    for (Feature f : e.getFeatures()) {
      if (f.getName().toString().equals(field) && !f.getValues().isEmpty()) {
        return f.getValues().get(0).toString();
      }
    }
    return null;
  }

  private static String key(String strategy, double fraction) {
    return strategy + "@" + fraction;
  }

  private static void add(Map<String, List<ObjectNode>> m, String key, ObjectNode r) {
    m.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
  }

  /** The runs of several earlier outputs (e.g. one per seed), summarised and selected again. */
  static ObjectNode merge(List<Path> files) throws java.io.IOException {
    if (files.size() == 1) {
      List<String> lines = Files.readAllLines(files.get(0));
      return (ObjectNode) JSON.readTree(lines.get(lines.size() - 1));
    }
    ObjectNode out = null;
    Map<String, List<ObjectNode>> budget = new LinkedHashMap<>();
    Map<String, List<ObjectNode>> graph = new LinkedHashMap<>();
    ArrayNode seeds = JSON.createArrayNode();
    for (Path f : files) {
      List<String> lines = Files.readAllLines(f);
      ObjectNode run = (ObjectNode) JSON.readTree(lines.get(lines.size() - 1));
      if (out == null) {
        out = run.deepCopy();
      }
      run.path("seeds").forEach(seeds::add);
      for (JsonNode g : run.path("budget")) {
        for (JsonNode r : g.path("perSeed")) {
          add(
              budget,
              key(r.get("strategy").asText(), r.get("fraction").asDouble()),
              (ObjectNode) r);
        }
      }
      for (JsonNode g : run.path("graph")) {
        for (JsonNode r : g.path("perSeed")) {
          add(graph, r.get("strategy").asText(), (ObjectNode) r);
        }
      }
    }
    if (out == null) {
      throw new IllegalArgumentException("--from needs at least one file");
    }
    out.set("seeds", seeds);
    ArrayNode summary = summarise(budget);
    out.set("budget", summary);
    out.set("selected", select(summary));
    out.set("graph", summarise(graph));
    return out;
  }

  private static ArrayNode summarise(Map<String, List<ObjectNode>> groups) {
    ArrayNode a = JSON.createArrayNode();
    groups.forEach(
        (k, runs) -> {
          ObjectNode o = a.addObject();
          o.put("strategy", runs.get(0).get("strategy").asText());
          o.put("fraction", runs.get(0).get("fraction").asDouble());
          o.put("params", mean(runs, "params"));
          o.put("embeddingParams", mean(runs, "embeddingParams"));
          o.put("validAuc", mean(runs, "validAuc"));
          double mean = mean(runs, "auc");
          double var = 0;
          for (JsonNode r : runs) {
            var += Math.pow(r.get("auc").asDouble() - mean, 2);
          }
          ObjectNode auc = o.putObject("auc");
          auc.put("mean", mean);
          auc.put("std", runs.size() > 1 ? Math.sqrt(var / (runs.size() - 1)) : 0);
          auc.put("n", runs.size());
          o.putArray("perSeed").addAll(runs);
        });
    return a;
  }

  private static double mean(List<ObjectNode> runs, String field) {
    return runs.stream().mapToDouble(r -> r.get(field).asDouble()).average().orElse(Double.NaN);
  }
}
