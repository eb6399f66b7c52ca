package io.streamplex.benchmarks.retrieval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamplex.ctr.retrieval.BprTrainer;
import io.streamplex.ctr.retrieval.ImplicitSplit;
import io.streamplex.ctr.retrieval.MfBpr;
import io.streamplex.ctr.retrieval.RetrievalEvaluator;
import io.streamplex.ctr.retrieval.RetrievalStrategies;
import io.streamplex.ctr.retrieval.RetrievalStrategies.Kind;
import io.streamplex.data.BehaviorLog;
import io.streamplex.data.DatasetPaths;
import io.streamplex.data.MovieLens100k;
import io.streamplex.data.MovieLensLatestSmall;
import io.streamplex.embeddings.kernels.Kernels;
import io.streamplex.schema.BehaviorEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * GraphHash's retrieval figure: Recall@20 and NDCG@20 of MF-BPR over the full catalog, with user
 * and item IDs embedded collisionlessly (the reference), by modulo hashing, salted hashing,
 * frequency hashing, GraphHash and DoubleGraphHash, every compressed strategy at GraphHash's row
 * counts. For each seed: a per-user random split, a Leiden map of the training graph at the largest
 * γ that cuts user+item rows by the target, then one MF-BPR run per strategy with early stopping on
 * validation Recall@20; test metrics at the best validation epoch. With {@code --json} the last
 * stdout line is one JSON object.
 */
@Command(
    name = "retrieval-bench",
    mixinStandardHelpOptions = true,
    description = "MF-BPR Recall@20 / NDCG@20 for GraphHash against hashing at equal rows.")
public final class RetrievalBench implements Callable<Integer> {

  @Option(names = "--json", description = "Print one JSON object as the last stdout line.")
  boolean json;

  @Option(
      names = "--dataset",
      defaultValue = MovieLens100k.NAME,
      description = "movielens-100k or movielens-latest-small.")
  String dataset;

  @Option(names = "--data-dir", description = "Dataset folder (default: the staged datasets).")
  Path dataDir;

  @Option(names = "--seeds", defaultValue = "3", description = "Seeds 0…n−1 (split, map, model).")
  int seeds;

  @Option(
      names = "--strategies",
      split = ",",
      defaultValue = "collisionless,modulo,hashing,frequency,graphhash,doublegraphhash")
  List<String> strategies;

  @Option(names = "--dim", defaultValue = "64", description = "Embedding width (the paper: 64).")
  int dim;

  @Option(names = "--negatives", defaultValue = "1", description = "Negatives per positive.")
  int negatives;

  @Option(names = "--optimizer", defaultValue = "adam", description = "adam or adagrad.")
  MfBpr.Optimizer optimizer;

  @Option(names = "--lr", defaultValue = "0.005")
  float learningRate;

  @Option(names = "--l2", defaultValue = "0.0001", description = "λ on the batch's embeddings.")
  float l2;

  @Option(names = "--init-std", defaultValue = "0.1")
  float initStd;

  @Option(names = "--batch", defaultValue = "2048")
  int batch;

  @Option(names = "--max-epochs", defaultValue = "300")
  int maxEpochs;

  @Option(names = "--eval-every", defaultValue = "5")
  int evalEvery;

  @Option(
      names = "--patience",
      defaultValue = "10",
      description = "Validations without a new best Recall@k before stopping.")
  int patience;

  @Option(names = "--k", defaultValue = "20")
  int k;

  @Option(names = "--train-share", defaultValue = "0.8")
  double trainShare;

  @Option(names = "--validation-share", defaultValue = "0.1")
  double validationShare;

  @Option(
      names = "--gammas",
      split = ",",
      defaultValue = "1,2,3,4,5,6,7,8,10,12",
      description = "Leiden resolutions to try; the largest reaching the target reduction wins.")
  List<Double> gammas;

  @Option(names = "--target-reduction", defaultValue = "0.75")
  double targetReduction;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "Runs trained at once (each run is single-threaded and deterministic).")
  int threads;

  @Option(names = "--verbose", description = "Print every validation to stderr.")
  boolean verbose;

  private final ObjectMapper mapper = new ObjectMapper();

  public static void main(String[] args) {
    System.exit(
        new CommandLine(new RetrievalBench())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .execute(args));
  }

  private record Run(
      long seed, Kind kind, RetrievalStrategies.Pair pair, BprTrainer.Result result) {}

  @Override
  public Integer call() throws Exception {
    List<Kind> kinds;
    try {
      kinds = strategies.stream().map(Kind::parse).toList();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
    }
    BehaviorLog log = load();
    List<String> users = new ArrayList<>(log.events().size());
    List<String> items = new ArrayList<>(log.events().size());
    for (BehaviorEvent e : log.events()) {
      users.add(e.getUserId());
      items.add(e.getItemId());
    }
    ObjectNode out = mapper.createObjectNode();
    out.put("dataset", dataset);
    out.put("interactions", users.size());
    out.put(
        "split",
        String.format(Locale.ROOT, "per-user random %.2f/%.2f/rest", trainShare, validationShare));
    out.put("seeds", seeds);
    out.put("dim", dim);
    out.put("negatives", negatives);
    out.put("optimizer", optimizer.name().toLowerCase(Locale.ROOT));
    out.put("lr", learningRate);
    out.put("l2", l2);
    out.put("batch", batch);
    out.put("max_epochs", maxEpochs);
    out.put("eval_every", evalEvery);
    out.put("patience", patience);
    out.put("k", k);
    out.put("target_reduction", targetReduction);
    out.put("unseen_policy", "hash");
    out.put("kernels", Kernels.implementation());
    out.put("threads", threads);
    out.put("processors", Runtime.getRuntime().availableProcessors());
    ArrayNode maps = out.putArray("graphhash_maps");
    List<Future<Run>> futures = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (long seed = 0; seed < seeds; seed++) {
        ImplicitSplit split =
            ImplicitSplit.perUserRandom(users, items, trainShare, validationShare, seed);
        RetrievalStrategies.GraphHashChoice choice =
            RetrievalStrategies.chooseGraphHash(split, gammas, targetReduction, seed);
        ObjectNode m = maps.addObject();
        m.put("seed", seed);
        m.put("users", split.users());
        m.put("items", split.items());
        m.put("train_items", split.trainItems());
        m.put("train", split.trainInteractions());
        m.put("validation", split.validationInteractions());
        m.put("test", split.testInteractions());
        m.put("gamma", choice.gamma());
        m.put("user_clusters", choice.userClusters());
        m.put("item_clusters", choice.itemClusters());
        m.put("reduction_vs_training_ids", choice.reduction());
        m.put("modularity", choice.map().modularity());
        m.put("cluster_millis", choice.clusterMillis());
        m.put("content_hash", choice.map().contentHash());
        System.err.printf(
            Locale.ROOT,
            "seed %d: %d users × %d items, train %d; γ=%s → %d + %d clusters (%.1f%% fewer)%n",
            seed,
            split.users(),
            split.items(),
            split.trainInteractions(),
            choice.gamma(),
            choice.userClusters(),
            choice.itemClusters(),
            100 * choice.reduction());
        RetrievalEvaluator evaluator = new RetrievalEvaluator(split, k);
        for (Kind kind : kinds) {
          long s = seed;
          futures.add(pool.submit(() -> run(s, kind, split, choice, evaluator)));
        }
      }
      List<Run> runs = new ArrayList<>();
      for (Future<Run> f : futures) {
        runs.add(get(f));
      }
      ArrayNode perRun = out.putArray("runs");
      for (Run r : runs) {
        ObjectNode n = perRun.addObject();
        n.put("seed", r.seed());
        n.put("strategy", r.kind().label());
        n.put("user_rows", r.pair().userRows());
        n.put("item_rows", r.pair().itemRows());
        n.put("best_epoch", r.result().bestEpoch());
        n.put("epochs", r.result().epochs());
        n.put("val_recall", r.result().validation().recall());
        n.put("val_ndcg", r.result().validation().ndcg());
        n.put("test_recall", r.result().test().recall());
        n.put("test_ndcg", r.result().test().ndcg());
        n.put("test_users", r.result().test().users());
        n.put("train_millis", r.result().trainMillis());
        n.put("train_cpu_millis", r.result().trainCpuMillis());
        n.put("total_millis", r.result().totalMillis());
      }
      out.set("summary", summarise(kinds, runs));
    } finally {
      pool.shutdownNow();
    }
    System.out.println(json ? mapper.writeValueAsString(out) : out.toPrettyString());
    return 0;
  }

  private static Run get(Future<Run> f) throws Exception {
    try {
      return f.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }

  private Run run(
      long seed,
      Kind kind,
      ImplicitSplit split,
      RetrievalStrategies.GraphHashChoice choice,
      RetrievalEvaluator evaluator) {
    RetrievalStrategies.Pair pair = RetrievalStrategies.build(kind, split, choice.map(), dim, seed);
    MfBpr model =
        MfBpr.forSplit(
            split, pair, new MfBpr.Config(negatives, optimizer, learningRate, l2, initStd, seed));
    BprTrainer.Result r =
        BprTrainer.fit(
            model,
            split,
            new BprTrainer.Config(batch, maxEpochs, evalEvery, patience, seed),
            evaluator,
            verbose
                ? (epoch, loss, v) ->
                    System.err.printf(
                        Locale.ROOT,
                        "  seed %d %s epoch %d loss %.4f val R@%d %.4f%n",
                        seed,
                        kind.label(),
                        epoch,
                        loss,
                        k,
                        v.recall())
                : null);
    System.err.printf(
        Locale.ROOT,
        "seed %d %-16s rows %d+%d  best epoch %d/%d  val R@%d %.4f  test R@%d %.4f N@%d %.4f"
            + "  train %.1fs (cpu %.1fs)%n",
        seed,
        kind.label(),
        pair.userRows(),
        pair.itemRows(),
        r.bestEpoch(),
        r.epochs(),
        k,
        r.validation().recall(),
        k,
        r.test().recall(),
        k,
        r.test().ndcg(),
        r.trainMillis() / 1000.0,
        r.trainCpuMillis() / 1000.0);
    return new Run(seed, kind, pair, r);
  }

  private ArrayNode summarise(List<Kind> kinds, List<Run> runs) {
    ArrayNode summary = mapper.createArrayNode();
    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            Locale.ROOT,
            "%n%s, MF-BPR d=%d, %d seeds, test metrics at the best validation Recall@%d"
                + " (mean ± sample std over seeds)%n",
            dataset,
            dim,
            seeds,
            k));
    table.append(
        String.format(
            Locale.ROOT,
            "%-16s %9s %9s %10s %17s %17s %9s %11s%n",
            "strategy",
            "user rows",
            "item rows",
            "total rows",
            "Recall@" + k,
            "NDCG@" + k,
            "epochs",
            "train s"));
    for (Kind kind : kinds) {
      List<Run> rs = runs.stream().filter(r -> r.kind() == kind).toList();
      double[] recall = rs.stream().mapToDouble(r -> r.result().test().recall()).toArray();
      double[] ndcg = rs.stream().mapToDouble(r -> r.result().test().ndcg()).toArray();
      double[] secs = rs.stream().mapToDouble(r -> r.result().trainMillis() / 1000.0).toArray();
      double[] cpu = rs.stream().mapToDouble(r -> r.result().trainCpuMillis() / 1000.0).toArray();
      double[] epochs = rs.stream().mapToDouble(r -> r.result().bestEpoch()).toArray();
      double[] userRows = rs.stream().mapToDouble(r -> r.pair().userRows()).toArray();
      double[] itemRows = rs.stream().mapToDouble(r -> r.pair().itemRows()).toArray();
      ObjectNode n = summary.addObject();
      n.put("strategy", kind.label());
      n.put("user_rows_mean", mean(userRows));
      n.put("item_rows_mean", mean(itemRows));
      n.put("recall_mean", mean(recall));
      n.put("recall_std", std(recall));
      n.put("ndcg_mean", mean(ndcg));
      n.put("ndcg_std", std(ndcg));
      n.put("best_epoch_mean", mean(epochs));
      n.put("train_seconds_mean", mean(secs));
      n.put("train_cpu_seconds_mean", mean(cpu));
      table.append(
          String.format(
              Locale.ROOT,
              "%-16s %9.0f %9.0f %10.0f %8.4f ± %.4f %8.4f ± %.4f %9.0f %5.1f (cpu %.1f)%n",
              kind.label(),
              mean(userRows),
              mean(itemRows),
              mean(userRows) + mean(itemRows),
              mean(recall),
              std(recall),
              mean(ndcg),
              std(ndcg),
              mean(epochs),
              mean(secs),
              mean(cpu)));
    }
    System.out.print(table);
    return summary;
  }

  private BehaviorLog load() throws IOException {
    if (!dataset.equals(MovieLens100k.NAME) && !dataset.equals(MovieLensLatestSmall.NAME)) {
      throw new CommandLine.ParameterException(
          new CommandLine(this),
          "unknown --dataset '"
              + dataset
              + "' (known: "
              + MovieLens100k.NAME
              + ", "
              + MovieLensLatestSmall.NAME
              + ")");
    }
    Path dir = dataDir != null ? dataDir : DatasetPaths.require(dataset);
    return dataset.equals(MovieLens100k.NAME)
        ? MovieLens100k.read(dir).events()
        : MovieLensLatestSmall.read(dir).events();
  }

  static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return x.length == 0 ? Double.NaN : s / x.length;
  }

  static double std(double[] x) {
    if (x.length < 2) {
      return 0;
    }
    double m = mean(x);
    double s = 0;
    for (double v : x) {
      s += (v - m) * (v - m);
    }
    return Math.sqrt(s / (x.length - 1));
  }
}
