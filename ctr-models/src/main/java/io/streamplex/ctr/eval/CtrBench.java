package io.streamplex.ctr.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamplex.ctr.data.DatasetFields;
import io.streamplex.ctr.data.EmbeddingSchema;
import io.streamplex.ctr.data.EncodedData;
import io.streamplex.ctr.data.FieldSpec;
import io.streamplex.ctr.data.Splits;
import io.streamplex.ctr.models.Ensemble;
import io.streamplex.ctr.models.EnsembleConfig;
import io.streamplex.ctr.models.ModelConfig;
import io.streamplex.ctr.train.Evaluation;
import io.streamplex.ctr.train.Trainer;
import io.streamplex.data.CtrDataset;
import io.streamplex.data.Datasets;
import io.streamplex.data.Frappe;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains and evaluates models on a dataset over several seeds, with the same small search for every
 * model: each value of the embedding-L2 grid is trained on every seed, the value with the best mean
 * validation AUC is chosen, and its test AUC / log loss are reported per seed with mean and spread.
 *
 * <pre>
 * CtrBench DATASET CONFIG... [--seeds 1,2,3] [--split random|time|given] [--l2 0,1e-6,1e-5]
 *          [--rare N] [--numeric minmax|log2|none] [--threads N] [--max-epochs N] [--json]
 * </pre>
 *
 * CONFIG is a JSON file or a bundled name (lr, fm, dnn, autoint, autoint-plus, deepfm, and the
 * ensemble fm+autoint-plus). An ensemble ({@link EnsembleConfig}) is not searched as a whole: each
 * member runs the same grid as a model of its own, picks its L2 by its own validation AUC, and the
 * ensemble averages the chosen members' logits per seed; members also named on the command line are
 * trained once for both. Progress goes to stderr; with --json the last stdout line is one JSON
 * object. The data options ({@link Protocol}) apply when a config lists no fields of its own.
 */
public final class CtrBench {

  private static final ObjectMapper JSON = new ObjectMapper();

  private CtrBench() {}

  /**
   * How a dataset becomes train / validation / test parts and model fields.
   *
   * @param split {@code random} (80/10/10 by seed), {@code time} (80/10/10 in time order) or {@code
   *     given} (the dataset's own test file; its train file minus a seeded {@value
   *     #GIVEN_VALID_FRACTION} held out for early stopping; Frappe)
   * @param rare categorical values seen at most this many times in the training split share the
   *     field's OOV row (AutoInt's code: 10 on Criteo, 4 on Avazu; 0 keeps every seen value)
   * @param numeric the transform of numeric fields (AutoInt on Criteo: {@code LOG_SQUARED})
   */
  public record Protocol(String split, int rare, FieldSpec.Transform numeric) {
    public static final Protocol DEFAULT = new Protocol("random", 0, FieldSpec.Transform.MIN_MAX);

    public Protocol {
      if (!List.of("random", "time", "given").contains(split)) {
        throw new IllegalArgumentException("split must be random, time or given: " + split);
      }
      if (rare < 0) {
        throw new IllegalArgumentException("--rare must be ≥ 0: " + rare);
      }
    }
  }

  /** Share of the given train file held out for validation under {@code --split given}. */
  public static final double GIVEN_VALID_FRACTION = 0.1;

  /** Per-seed figures of one trained model. */
  public record Run(
      long seed,
      double l2,
      double validAuc,
      Evaluation test,
      int epochs,
      int bestEpoch,
      double examplesPerSecond,
      long parameters) {

    /** One progress line's figures: validation and test AUC, log loss, epochs and speed. */
    public String summary() {
      return String.format(
          "valid AUC %.4f, test AUC %.4f logloss %.4f, best epoch %d of %d, %.0f examples/s",
          validAuc, test.auc(), test.logloss(), bestEpoch, epochs, examplesPerSecond);
    }

    /** The run's per-seed JSON row: seed, test AUC and log loss, validation AUC, epochs, speed. */
    public ObjectNode toJson() {
      ObjectNode o = JSON.createObjectNode();
      o.put("seed", seed);
      o.put("auc", test.auc());
      o.put("logloss", test.logloss());
      o.put("validAuc", validAuc);
      o.put("bestEpoch", bestEpoch);
      o.put("epochs", epochs);
      o.put("examplesPerSecond", examplesPerSecond);
      return o;
    }
  }

  /** A run with its validation and test logits, kept for ensembles of the same seed and split. */
  public record Scored(
      Run run,
      float[] validLogits,
      boolean[] validLabels,
      float[] testLogits,
      boolean[] testLabels) {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println(
          "usage: CtrBench DATASET CONFIG... [--seeds 1,2,3] [--split random|time|given]"
              + " [--l2 0,1e-6,1e-5] [--rare N] [--numeric minmax|log2|none] [--threads N]"
              + " [--max-epochs N] [--json]");
      System.exit(2);
    }
    String dataset = args[0];
    List<String> configs = new ArrayList<>();
    List<Long> seeds = List.of(1L, 2L, 3L);
    String split = "random";
    int rare = 0;
    FieldSpec.Transform numeric = FieldSpec.Transform.MIN_MAX;
    double[] l2Grid = {0, 1e-6, 1e-5};
    int threads = 0;
    int maxEpochs = 0;
    boolean json = false;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--seeds" -> seeds = parseLongs(args[++i]);
        case "--split" -> split = args[++i];
        case "--l2" -> l2Grid = parseDoubles(args[++i]);
        case "--rare" -> rare = Integer.parseInt(args[++i]);
        case "--numeric" -> numeric = parseTransform(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--max-epochs" -> maxEpochs = Integer.parseInt(args[++i]);
        case "--json" -> json = true;
        default -> {
          if (args[i].startsWith("--")) {
            throw new IllegalArgumentException("unknown option " + args[i]);
          }
          configs.add(args[i]);
        }
      }
    }
    Protocol protocol = new Protocol(split, rare, numeric);
    CtrDataset data = Datasets.get(dataset).ctr();
    System.err.printf(
        "%s: %d examples, %.1f%% positive%n", dataset, data.size(), 100 * data.positiveRate());
    ObjectNode out = JSON.createObjectNode();
    out.put("dataset", dataset);
    out.put("examples", data.size());
    out.put("split", split);
    out.put("rare", rare);
    out.put("numeric", numeric.name());
    out.putPOJO("seeds", seeds);
    out.putPOJO("l2Grid", l2Grid);
    ArrayNode models = out.putArray("models");
    Map<String, List<List<Scored>>> memo = new HashMap<>();
    for (String c : configs) {
      String text = loadJson(c);
      if (EnsembleConfig.isEnsemble(JSON.readTree(text))) {
        EnsembleConfig e = EnsembleConfig.parse(text);
        List<ModelConfig> members = new ArrayList<>();
        for (String m : e.members) {
          members.add(overridden(loadConfig(m), threads, maxEpochs));
        }
        models.add(
            benchmarkEnsemble(data, e.name, members, seeds, protocol, l2Grid, System.err, memo));
      } else {
        ModelConfig config = overridden(ModelConfig.parse(text), threads, maxEpochs);
        models.add(benchmark(data, config, seeds, protocol, l2Grid, System.err, memo));
      }
    }
    if (json) {
      System.out.println(JSON.writeValueAsString(out));
    }
  }

  /** Runs the grid over seeds for one model and returns its JSON summary. */
  public static ObjectNode benchmark(
      CtrDataset data,
      ModelConfig base,
      List<Long> seeds,
      String split,
      double[] l2Grid,
      PrintStream log) {
    return benchmark(
        data,
        base,
        seeds,
        new Protocol(split, Protocol.DEFAULT.rare(), Protocol.DEFAULT.numeric()),
        l2Grid,
        log);
  }

  private static ModelConfig overridden(ModelConfig config, int threads, int maxEpochs) {
    if (threads > 0) {
      config.threads = threads;
    }
    if (maxEpochs > 0) {
      config.maxEpochs = maxEpochs;
    }
    return config;
  }

  /** Runs the grid over seeds for one model under a data protocol; returns its JSON summary. */
  public static ObjectNode benchmark(
      CtrDataset data,
      ModelConfig base,
      List<Long> seeds,
      Protocol protocol,
      double[] l2Grid,
      PrintStream log) {
    return benchmark(data, base, seeds, protocol, l2Grid, log, new HashMap<>());
  }

  /**
   * {@link #benchmark(CtrDataset, ModelConfig, List, Protocol, double[], PrintStream)}, reusing and
   * recording the grid's runs in memo, keyed by the config, so that an ensemble in the same
   * invocation trains none of them again.
   */
  public static ObjectNode benchmark(
      CtrDataset data,
      ModelConfig base,
      List<Long> seeds,
      Protocol protocol,
      double[] l2Grid,
      PrintStream log,
      Map<String, List<List<Scored>>> memo) {
    List<List<Scored>> scored =
        memo.computeIfAbsent(base.toJson(), k -> grid(data, base, seeds, protocol, l2Grid, log));
    List<List<Run>> grid = new ArrayList<>();
    for (List<Scored> runs : scored) {
      grid.add(runs.stream().map(Scored::run).toList());
    }
    int best = bestByValidation(grid);
    ObjectNode m = JSON.createObjectNode();
    m.put("name", base.displayName());
    m.set("config", base.toJsonTree());
    List<Run> chosen = grid.get(best);
    m.put("l2", l2Grid[best]);
    m.put("parameters", chosen.get(0).parameters());
    m.set("auc", stats(chosen, r -> r.test().auc()));
    m.set("logloss", stats(chosen, r -> r.test().logloss()));
    m.set("examplesPerSecond", stats(chosen, Run::examplesPerSecond));
    ArrayNode per = m.putArray("perSeed");
    for (Run r : chosen) {
      per.add(r.toJson());
    }
    ArrayNode all = m.putArray("grid");
    for (int g = 0; g < grid.size(); g++) {
      ObjectNode e = all.addObject();
      e.put("l2", l2Grid[g]);
      e.put("validAuc", mean(grid.get(g), Run::validAuc));
      e.put("testAuc", mean(grid.get(g), r -> r.test().auc()));
      e.put("testLogloss", mean(grid.get(g), r -> r.test().logloss()));
    }
    log.printf(
        "%s: chosen l2=%g, test AUC %s, logloss %s%n",
        base.displayName(), l2Grid[best], m.get("auc"), m.get("logloss"));
    return m;
  }

  /**
   * An ensemble of separately trained members: each member runs the whole L2 grid on every seed and
   * picks its L2 by its own mean validation AUC, exactly as when benchmarked alone; per seed the
   * ensemble averages the chosen members' logits.
   */
  public static ObjectNode benchmarkEnsemble(
      CtrDataset data,
      String name,
      List<ModelConfig> members,
      List<Long> seeds,
      Protocol protocol,
      double[] l2Grid,
      PrintStream log,
      Map<String, List<List<Scored>>> memo) {
    List<List<Scored>> chosen = new ArrayList<>();
    ObjectNode m = JSON.createObjectNode();
    m.put("name", name);
    ArrayNode memberJson = m.putArray("members");
    long parameters = 0;
    for (ModelConfig c : members) {
      List<List<Scored>> grid =
          memo.computeIfAbsent(c.toJson(), k -> grid(data, c, seeds, protocol, l2Grid, log));
      int best =
          bestByValidation(grid.stream().map(g -> g.stream().map(Scored::run).toList()).toList());
      chosen.add(grid.get(best));
      parameters += grid.get(best).get(0).run().parameters();
      memberJson.addObject().put("name", c.displayName()).put("l2", l2Grid[best]);
    }
    List<Run> runs = new ArrayList<>();
    for (int s = 0; s < seeds.size(); s++) {
      List<float[]> valid = new ArrayList<>();
      List<float[]> test = new ArrayList<>();
      for (List<Scored> member : chosen) {
        valid.add(member.get(s).validLogits());
        test.add(member.get(s).testLogits());
      }
      Scored first = chosen.get(0).get(s);
      float[] v = Ensemble.meanLogits(valid);
      float[] t = Ensemble.meanLogits(test);
      double validAuc = Evaluation.ofLogits(v, first.validLabels(), v.length).auc();
      Evaluation e = Evaluation.ofLogits(t, first.testLabels(), t.length);
      runs.add(new Run(seeds.get(s), 0, validAuc, e, 0, 0, 0, parameters));
      log.printf(
          "%s seed=%d: valid AUC %.4f, test AUC %.4f logloss %.4f%n",
          name, seeds.get(s), validAuc, e.auc(), e.logloss());
    }
    m.put("parameters", parameters);
    m.set("auc", stats(runs, r -> r.test().auc()));
    m.set("logloss", stats(runs, r -> r.test().logloss()));
    ArrayNode per = m.putArray("perSeed");
    for (Run r : runs) {
      per.addObject()
          .put("seed", r.seed())
          .put("auc", r.test().auc())
          .put("logloss", r.test().logloss())
          .put("validAuc", r.validAuc());
    }
    log.printf("%s: test AUC %s, logloss %s%n", name, m.get("auc"), m.get("logloss"));
    return m;
  }

  private static int bestByValidation(List<List<Run>> grid) {
    int best = 0;
    for (int g = 1; g < grid.size(); g++) {
      if (mean(grid.get(g), Run::validAuc) > mean(grid.get(best), Run::validAuc)) {
        best = g;
      }
    }
    return best;
  }

  private static List<List<Scored>> grid(
      CtrDataset data,
      ModelConfig base,
      List<Long> seeds,
      Protocol protocol,
      double[] l2Grid,
      PrintStream log) {
    List<List<Scored>> grid = new ArrayList<>();
    for (double l2 : l2Grid) {
      List<Scored> runs = new ArrayList<>();
      for (long seed : seeds) {
        ModelConfig c = base.copy();
        c.embeddingL2 = l2;
        c.seed = seed;
        Scored scored = scored(data, c, protocol, log);
        Run r = scored.run();
        log.printf("%s l2=%g seed=%d: %s%n", c.displayName(), l2, seed, r.summary());
        runs.add(scored);
      }
      grid.add(runs);
    }
    return grid;
  }

  /** The three encoded parts of one split, with the vocabulary fitted on train only. */
  public record EncodedSplit(EncodedData train, EncodedData valid, EncodedData test) {}

  /**
   * Splits by the config's seed and encodes the parts with vocabularies fitted on the training
   * part, under the default data protocol: exactly what {@link #run} trains and evaluates on.
   */
  public static EncodedSplit encode(CtrDataset data, ModelConfig c, String split) {
    return encode(
        data, c, new Protocol(split, Protocol.DEFAULT.rare(), Protocol.DEFAULT.numeric()), null);
  }

  private static EncodedSplit encode(
      CtrDataset data, ModelConfig c, Protocol protocol, PrintStream log) {
    Splits.Split s = split(data, protocol.split(), c.seed);
    if (log != null) {
      log.printf(
          "  %s seed=%d: %s split, train %d, valid %d, test %d%n",
          c.displayName(),
          c.seed,
          protocol.split(),
          s.train().size(),
          s.valid().size(),
          s.test().size());
    }
    List<FieldSpec> fields = c.fields != null ? c.fields : fields(data, protocol);
    EmbeddingSchema schema = EmbeddingSchema.fit(fields, s.train());
    return new EncodedSplit(
        EncodedData.encode(schema, s.train()),
        EncodedData.encode(schema, s.valid()),
        EncodedData.encode(schema, s.test()));
  }

  /** Splits by the config's seed, fits the vocabulary on train, trains and evaluates. */
  public static Run run(CtrDataset data, ModelConfig c, String split, PrintStream log) {
    return run(
        data, c, new Protocol(split, Protocol.DEFAULT.rare(), Protocol.DEFAULT.numeric()), log);
  }

  /** {@link #run(CtrDataset, ModelConfig, String, PrintStream)} under a data protocol. */
  public static Run run(CtrDataset data, ModelConfig c, Protocol protocol, PrintStream log) {
    return scored(data, c, protocol, log).run();
  }

  /** {@link #run(CtrDataset, ModelConfig, Protocol, PrintStream)}, keeping the logits. */
  public static Scored scored(CtrDataset data, ModelConfig c, Protocol protocol, PrintStream log) {
    return train(c, encode(data, c, protocol, log), log);
  }

  /**
   * Trains c on already encoded parts with early stopping on validation AUC, logging each epoch,
   * and scores the best epoch's model on validation and test.
   */
  public static Scored train(ModelConfig c, EncodedSplit parts, PrintStream log) {
    EncodedData train = parts.train();
    EncodedData valid = parts.valid();
    EncodedData test = parts.test();
    Trainer.Result r =
        new Trainer(c)
            .onEpoch(
                e ->
                    log.printf(
                        "  %s seed=%d epoch %d: train loss %.4f, valid AUC %.4f (%.1f s)%n",
                        c.displayName(),
                        c.seed,
                        e.epoch(),
                        e.trainLoss(),
                        e.validAuc(),
                        e.seconds()))
            .fit(train, valid);
    float[] testLogits = r.model().logits(test);
    Evaluation e = Evaluation.ofLogits(testLogits, test.labels, test.size);
    Run run =
        new Run(
            c.seed,
            c.embeddingL2,
            r.best().validAuc(),
            e,
            r.history().size(),
            r.bestEpoch(),
            r.examplesPerSecond(),
            r.model().parameterCount());
    return new Scored(
        run,
        r.model().logits(valid),
        java.util.Arrays.copyOf(valid.labels, valid.size),
        testLogits,
        java.util.Arrays.copyOf(test.labels, test.size));
  }

  /** The train / validation / test parts of {@code data} under {@code split} for {@code seed}. */
  public static Splits.Split split(CtrDataset data, String split, long seed) {
    return switch (split) {
      case "random" -> Splits.random(data.examples(), seed, 0.8, 0.1);
      case "time" -> Splits.timeOrdered(data.examples(), 0.8, 0.1);
      case "given" -> {
        if (!data.name().equals(Frappe.NAME)) {
          throw new IllegalArgumentException(
              "--split given needs a dataset with its own train and test files (frappe), not "
                  + data.name());
        }
        yield Splits.holdOut(
            Frappe.part(data, Frappe.Split.VALID),
            Frappe.part(data, Frappe.Split.TEST),
            seed,
            GIVEN_VALID_FRACTION);
      }
      default ->
          throw new IllegalArgumentException("split must be random, time or given: " + split);
    };
  }

  /**
   * The dataset's default fields with the protocol's rare threshold on every categorical and
   * multi-valued field and its transform on every numeric field.
   */
  public static List<FieldSpec> fields(CtrDataset data, Protocol protocol) {
    List<FieldSpec> out = new ArrayList<>();
    for (FieldSpec f : DatasetFields.of(data, protocol.numeric())) {
      out.add(
          f.kind() == FieldSpec.Kind.NUMERIC
              ? f
              : new FieldSpec(
                  f.name(),
                  f.kind(),
                  f.maxValues(),
                  f.pooling(),
                  protocol.rare() + 1,
                  f.transform()));
    }
    return out;
  }

  private static FieldSpec.Transform parseTransform(String s) {
    return switch (s) {
      case "minmax" -> FieldSpec.Transform.MIN_MAX;
      case "log2" -> FieldSpec.Transform.LOG_SQUARED;
      case "none" -> FieldSpec.Transform.NONE;
      default -> throw new IllegalArgumentException("--numeric must be minmax, log2 or none: " + s);
    };
  }

  static ObjectNode stats(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
    double mean = mean(runs, f);
    double var = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Run r : runs) {
      double v = f.applyAsDouble(r);
      var += (v - mean) * (v - mean);
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    ObjectNode o = JSON.createObjectNode();
    o.put("mean", mean);
    o.put("std", runs.size() > 1 ? Math.sqrt(var / (runs.size() - 1)) : 0);
    o.put("min", min);
    o.put("max", max);
    return o;
  }

  private static double mean(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
    return runs.stream().mapToDouble(f).average().orElse(Double.NaN);
  }

  /** A JSON file, or the name of a bundled config (lr, fm, dnn, autoint, autoint-plus, deepfm). */
  public static ModelConfig loadConfig(String nameOrPath) throws IOException {
    String json = loadJson(nameOrPath);
    if (EnsembleConfig.isEnsemble(JSON.readTree(json))) {
      throw new IllegalArgumentException(
          "'" + nameOrPath + "' is an ensemble, not one model: train or compress its members");
    }
    return ModelConfig.parse(json);
  }

  /** The text of a config file, or of a bundled config (a model or an ensemble). */
  public static String loadJson(String nameOrPath) throws IOException {
    Path p = Path.of(nameOrPath);
    if (Files.isRegularFile(p)) {
      return Files.readString(p);
    }
    try (InputStream in =
        ModelConfig.class.getResourceAsStream(
            "/io/streamplex/ctr/models/" + nameOrPath + ".json")) {
      if (in == null) {
        throw new IllegalArgumentException(
            "no model config file or bundled config named '"
                + nameOrPath
                + "' (bundled: lr, fm, dnn, autoint, autoint-plus, deepfm, fm+autoint-plus)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<Long> parseLongs(String s) {
    List<Long> out = new ArrayList<>();
    for (String p : s.split(",")) {
      out.add(Long.parseLong(p.trim()));
    }
    return out;
  }

  private static double[] parseDoubles(String s) {
    String[] parts = s.split(",");
    double[] out = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Double.parseDouble(parts[i].trim());
    }
    return out;
  }
}
