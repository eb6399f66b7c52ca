package io.streamplex.benchmarks.sdim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamplex.ctr.data.DatasetFields;
import io.streamplex.ctr.data.EmbeddingSchema;
import io.streamplex.ctr.data.EncodedData;
import io.streamplex.ctr.data.FieldSpec;
import io.streamplex.ctr.data.SequenceData;
import io.streamplex.ctr.data.UserTimeSplit;
import io.streamplex.ctr.eval.CtrBench;
import io.streamplex.ctr.models.ModelConfig;
import io.streamplex.ctr.sdim.Normalisation;
import io.streamplex.ctr.sdim.SequenceModule;
import io.streamplex.data.Auc;
import io.streamplex.data.CtrDataset;
import io.streamplex.data.Datasets;
import io.streamplex.data.SyntheticData;
import io.streamplex.data.SyntheticGenerator;
import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.TrainingExample;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Compares sequence modules as an extra input field of one model (same config, same tuning, same
 * data, same seeds for every module): no sequence, mean pooling, target attention and SDIM.
 *
 * <p>Split: per user, in time order, 80 % train / 10 % validation / 10 % test of the labelled
 * examples ({@link UserTimeSplit}). Sequence: every behaviour of the dataset's event log (for
 * MovieLens all ratings, including the 3s that have no label) strictly earlier than the example,
 * the last L kept ({@link SequenceData}). Early stopping on validation AUC; test AUC and log loss
 * reported per seed with mean, spread, and the per-seed paired difference SDIM − target attention.
 * On {@code synthetic} the data is drawn per seed from {@link
 * SyntheticGenerator.Config#multiInterest} and the oracle AUC (true click probability) of the same
 * test split is reported.
 *
 * <p>With {@code --select-variants} every module gets the same budget of two variants of its one
 * design choice, and each module's variant is the one with the best mean validation AUC over the
 * seeds (as {@link CtrBench} picks its L2), so no test figure picks anything: mean pooling's sum as
 * a mean or ℓ2-normalised, target attention's score as a dot product or β·cos with β = 4, SDIM's
 * buckets ℓ2- or count-normalised ({@link #variants}).
 *
 * <pre>
 * SequenceBench DATASET [--config sequence-dnn|FILE] [--modules NONE,MEAN,TARGET_ATTENTION,SDIM]
 *   [--seeds 1,2,3] [--L 200] [--m 8] [--tau 4] [--norm L2|COUNT|NONE] [--users 1000]
 *   [--threads 1] [--max-epochs N] [--l2 X] [--beta B (angular target attention)]
 *   [--select-variants] [--json]
 * </pre>
 *
 * Progress goes to stderr; with --json the last stdout line is one JSON object.
 */
public final class SequenceBench {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SequenceBench() {}

  /** One dataset split and encoded with sequences, ready to train on. */
  record Prepared(
      EncodedData train,
      EncodedData valid,
      EncodedData test,
      double oracleAuc,
      double meanLength) {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args[0].startsWith("--")) {
      System.err.println(
          "usage: SequenceBench DATASET [--config NAME|FILE] [--modules NONE,MEAN,...]"
              + " [--seeds 1,2,3] [--L 200] [--m 8] [--tau 4] [--norm L2] [--users 1000]"
              + " [--threads 1] [--max-epochs N] [--l2 X] [--beta B] [--select-variants]"
              + " [--json]");
      System.exit(2);
    }
    String dataset = args[0];
    String configName = "sequence-dnn";
    List<SequenceModule> modules =
        List.of(
            SequenceModule.NONE,
            SequenceModule.MEAN,
            SequenceModule.TARGET_ATTENTION,
            SequenceModule.SDIM);
    List<Long> seeds = List.of(1L, 2L, 3L);
    Integer length = null;
    Integer m = null;
    Integer tau = null;
    Normalisation norm = null;
    int users = 1000;
    int threads = 1;
    int maxEpochs = 0;
    Double l2 = null;
    Float beta = null;
    boolean json = false;
    boolean select = false;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--config" -> configName = args[++i];
        case "--modules" -> {
          List<SequenceModule> ms = new ArrayList<>();
          for (String s : args[++i].split(",")) {
            ms.add(SequenceModule.valueOf(s.trim().toUpperCase()));
          }
          modules = ms;
        }
        case "--seeds" -> {
          List<Long> ss = new ArrayList<>();
          for (String s : args[++i].split(",")) {
            ss.add(Long.parseLong(s.trim()));
          }
          seeds = ss;
        }
        case "--L" -> length = Integer.parseInt(args[++i]);
        case "--m" -> m = Integer.parseInt(args[++i]);
        case "--tau" -> tau = Integer.parseInt(args[++i]);
        case "--norm" -> norm = Normalisation.valueOf(args[++i].toUpperCase());
        case "--users" -> users = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--max-epochs" -> maxEpochs = Integer.parseInt(args[++i]);
        case "--l2" -> l2 = Double.parseDouble(args[++i]);
        case "--beta" -> beta = Float.parseFloat(args[++i]);
        case "--json" -> json = true;
        case "--select-variants" -> select = true;
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + "; expected --config --modules --seeds --L --m --tau --norm --users"
                    + " --threads --max-epochs --l2 --beta --select-variants --json");
      }
    }
    if (select && (norm != null || beta != null)) {
      throw new IllegalArgumentException(
          "--select-variants picks the normalisation and target attention's score by validation;"
              + " drop --norm and --beta");
    }
    ModelConfig base = CtrBench.loadConfig(configName);
    base.threads = threads;
    if (maxEpochs > 0) {
      base.maxEpochs = maxEpochs;
    }
    if (l2 != null) {
      base.embeddingL2 = l2;
    }
    if (length != null) {
      base.sequence.length = length;
    }
    if (m != null) {
      base.sequence.m = m;
    }
    if (tau != null) {
      base.sequence.tau = tau;
    }
    if (beta != null) {
      base.sequence.attentionCosineBeta = beta;
    }
    if (norm != null) {
      base.sequence.normalisation = norm;
    }
    ObjectNode out = run(dataset, base, modules, seeds, users, select, System.err);
    if (json) {
      System.out.println(JSON.writeValueAsString(out));
    }
  }

  /** One setting of a module's design choice. */
  record Variant(String label, Consumer<ModelConfig.Sequence> apply) {}

  /**
   * The two variants of each module's one design choice that {@code --select-variants} picks from
   * by validation AUC; the module without a sequence has nothing to choose.
   */
  static List<Variant> variants(SequenceModule module) {
    return switch (module) {
      case NONE -> List.of(new Variant("plain", s -> {}));
      case MEAN ->
          List.of(
              new Variant("mean", s -> s.poolingNormalisation = Normalisation.COUNT),
              new Variant("l2", s -> s.poolingNormalisation = Normalisation.L2));
      case TARGET_ATTENTION ->
          List.of(
              new Variant("beta-cos-4", s -> s.attentionCosineBeta = 4f),
              new Variant("dot", s -> s.attentionCosineBeta = 0f));
      case SDIM ->
          List.of(
              new Variant("l2", s -> s.normalisation = Normalisation.L2),
              new Variant("count", s -> s.normalisation = Normalisation.COUNT));
    };
  }

  /**
   * Trains every module (every variant of it with {@code selectVariants}, else the base config
   * alone) on every seed and summarises.
   */
  public static ObjectNode run(
      String dataset,
      ModelConfig base,
      List<SequenceModule> modules,
      List<Long> seeds,
      int users,
      boolean selectVariants,
      PrintStream log)
      throws IOException {
    boolean synthetic = dataset.equals(SyntheticGenerator.NAME);
    Map<SequenceModule, Map<String, List<CtrBench.Run>>> variantRuns = new LinkedHashMap<>();
    List<Double> oracle = new ArrayList<>();
    Prepared shared = null;
    double meanLength = 0;
    long start = System.nanoTime();
    for (long seed : seeds) {
      Prepared p;
      if (synthetic) {
        p = prepareSynthetic(SyntheticGenerator.Config.multiInterest(seed, users), base, log);
        oracle.add(p.oracleAuc());
      } else {
        if (shared == null) {
          shared = prepare(dataset, base, log);
        }
        p = shared;
      }
      meanLength = p.meanLength();
      for (SequenceModule module : modules) {
        List<Variant> vs =
            selectVariants ? variants(module) : List.of(new Variant("config", s -> {}));
        for (Variant v : vs) {
          ModelConfig c = base.copy();
          c.seed = seed;
          c.sequence.module = module;
          v.apply().accept(c.sequence);
          c.name =
              base.displayName()
                  + "+"
                  + module.name().toLowerCase()
                  + (selectVariants ? "[" + v.label() + "]" : "");
          CtrBench.Run r = train(c, p, log);
          log.printf("%s seed=%d: %s%n", c.name, seed, r.summary());
          variantRuns
              .computeIfAbsent(module, k -> new LinkedHashMap<>())
              .computeIfAbsent(v.label(), k -> new ArrayList<>())
              .add(r);
        }
      }
    }
    Map<SequenceModule, List<CtrBench.Run>> runs = new LinkedHashMap<>();
    Map<SequenceModule, String> chosen = new LinkedHashMap<>();
    for (Map.Entry<SequenceModule, Map<String, List<CtrBench.Run>>> e : variantRuns.entrySet()) {
      String best = null;
      for (Map.Entry<String, List<CtrBench.Run>> v : e.getValue().entrySet()) {
        if (best == null || meanValidAuc(v.getValue()) > meanValidAuc(e.getValue().get(best))) {
          best = v.getKey();
        }
      }
      chosen.put(e.getKey(), best);
      runs.put(e.getKey(), e.getValue().get(best));
    }
    ObjectNode o = JSON.createObjectNode();
    o.put("harness", "SequenceBench");
    o.put("dataset", dataset);
    o.put("split", "per-user temporal 80/10/10");
    o.put("sequence", "all strictly earlier behaviours of the user, last L kept");
    o.put("L", base.sequence.length);
    o.put("m", base.sequence.m);
    o.put("tau", base.sequence.tau);
    o.put("selectVariants", selectVariants);
    if (!selectVariants) {
      o.put("normalisation", base.sequence.normalisation.name());
      o.put("poolingNormalisation", base.sequence.poolingNormalisation.name());
      o.put("attentionCosineBeta", base.sequence.attentionCosineBeta);
    }
    o.put("meanTruncatedLength", Math.round(meanLength * 10) / 10.0);
    o.putPOJO("seeds", seeds);
    o.set("config", base.toJsonTree());
    if (synthetic) {
      o.put("users", users);
      o.set("oracleAuc", stats(oracle));
    }
    ObjectNode ms = o.putObject("modules");
    for (Map.Entry<SequenceModule, List<CtrBench.Run>> e : runs.entrySet()) {
      ObjectNode m = ms.putObject(e.getKey().name());
      if (selectVariants) {
        m.put("variant", chosen.get(e.getKey()));
      }
      summarise(m, e.getValue());
      if (selectVariants) {
        ObjectNode all = m.putObject("variants");
        for (Map.Entry<String, List<CtrBench.Run>> v : variantRuns.get(e.getKey()).entrySet()) {
          ObjectNode x = all.putObject(v.getKey());
          x.set("validAuc", stats(v.getValue().stream().map(CtrBench.Run::validAuc).toList()));
          summarise(x, v.getValue());
        }
      }
    }
    paired(
        o, runs, SequenceModule.SDIM, SequenceModule.TARGET_ATTENTION, "sdimMinusTargetAttention");
    paired(o, runs, SequenceModule.SDIM, SequenceModule.MEAN, "sdimMinusMean");
    paired(
        o, runs, SequenceModule.TARGET_ATTENTION, SequenceModule.MEAN, "targetAttentionMinusMean");
    paired(o, runs, SequenceModule.SDIM, SequenceModule.NONE, "sdimMinusNone");
    paired(
        o, runs, SequenceModule.TARGET_ATTENTION, SequenceModule.NONE, "targetAttentionMinusNone");
    o.put("seconds", Math.round((System.nanoTime() - start) / 1e8) / 10.0);
    return o;
  }

  private static double meanValidAuc(List<CtrBench.Run> rs) {
    return rs.stream().mapToDouble(CtrBench.Run::validAuc).average().orElse(Double.NaN);
  }

  /** Test AUC and log loss over the seeds, and each seed's run. */
  private static void summarise(ObjectNode m, List<CtrBench.Run> rs) {
    m.set("auc", stats(rs.stream().map(r -> r.test().auc()).toList()));
    m.set("logloss", stats(rs.stream().map(r -> r.test().logloss()).toList()));
    ArrayNode per = m.putArray("perSeed");
    for (CtrBench.Run r : rs) {
      per.add(r.toJson());
    }
  }

  private static void paired(
      ObjectNode o,
      Map<SequenceModule, List<CtrBench.Run>> runs,
      SequenceModule a,
      SequenceModule b,
      String name) {
    if (!runs.containsKey(a) || !runs.containsKey(b)) {
      return;
    }
    List<Double> d = new ArrayList<>();
    for (int i = 0; i < runs.get(a).size(); i++) {
      d.add(runs.get(a).get(i).test().auc() - runs.get(b).get(i).test().auc());
    }
    ObjectNode s = stats(d);
    s.putPOJO("perSeed", d);
    ObjectNode pairs =
        o.has("pairedAuc") ? (ObjectNode) o.get("pairedAuc") : o.putObject("pairedAuc");
    pairs.set(name, s);
  }

  static ObjectNode stats(List<Double> v) {
    double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    double var = 0;
    for (double x : v) {
      var += (x - mean) * (x - mean);
    }
    ObjectNode o = JSON.createObjectNode();
    o.put("mean", mean);
    o.put("std", v.size() > 1 ? Math.sqrt(var / (v.size() - 1)) : 0);
    o.put("min", v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN));
    o.put("max", v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
    return o;
  }

  static CtrBench.Run train(ModelConfig c, Prepared p, PrintStream log) {
    return CtrBench.train(c, new CtrBench.EncodedSplit(p.train(), p.valid(), p.test()), log).run();
  }

  /** A real dataset: its CTR view and its whole behaviour log. */
  static Prepared prepare(String dataset, ModelConfig base, PrintStream log) throws IOException {
    CtrDataset data = Datasets.get(dataset).ctr();
    List<BehaviorEvent> events = Datasets.get(dataset).behaviors().events();
    log.printf("%s: %d labelled examples, %d behaviours%n", dataset, data.size(), events.size());
    return encode(data, events, base, null, log);
  }

  static Prepared prepareSynthetic(
      SyntheticGenerator.Config config, ModelConfig base, PrintStream log) {
    SyntheticData d = SyntheticGenerator.generate(config);
    log.printf(
        "synthetic seed %d: %d examples, %d behaviours, oracle AUC %.4f%n",
        config.seed(), d.ctr().size(), d.events().events().size(), d.oracleAuc());
    return encode(d.ctr(), d.events().events(), base, d.trueProbabilities(), log);
  }

  private static Prepared encode(
      CtrDataset data,
      List<BehaviorEvent> events,
      ModelConfig base,
      double[] truth,
      PrintStream log) {
    List<TrainingExample> all = data.examples();
    int[][] split = UserTimeSplit.indices(all, 0.8, 0.1);
    List<TrainingExample> train = UserTimeSplit.pick(all, split[0]);
    List<FieldSpec> fields =
        base.fields != null ? base.fields : DatasetFields.of(data, FieldSpec.Transform.MIN_MAX);
    EmbeddingSchema schema = EmbeddingSchema.fit(fields, train);
    SequenceData.Timelines tl = SequenceData.Timelines.of(schema, base.sequence.itemField, events);
    EncodedData[] parts = new EncodedData[3];
    double lengthSum = 0;
    for (int k = 0; k < 3; k++) {
      List<TrainingExample> ex = UserTimeSplit.pick(all, split[k]);
      SequenceData s = tl.forExamples(ex);
      parts[k] = EncodedData.encode(schema, ex).withSequences(s);
      if (k == 2) {
        for (int e = 0; e < s.size(); e++) {
          lengthSum += s.end(e) - s.from(e, base.sequence.length);
        }
      }
    }
    double oracle = Double.NaN;
    if (truth != null) {
      double[] t = new double[split[2].length];
      boolean[] y = new boolean[t.length];
      for (int i = 0; i < t.length; i++) {
        t[i] = truth[split[2][i]];
        y[i] = Boolean.TRUE.equals(all.get(split[2][i]).getLabel());
      }
      oracle = Auc.exact(t, y);
    }
    log.printf(
        "split: %d train, %d valid, %d test; mean test sequence %.1f (L=%d)%n",
        split[0].length,
        split[1].length,
        split[2].length,
        lengthSum / split[2].length,
        base.sequence.length);
    return new Prepared(parts[0], parts[1], parts[2], oracle, lengthSum / split[2].length);
  }
}
