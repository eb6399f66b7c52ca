package io.streamplex.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamplex.ctr.artifact.ArtifactException;
import io.streamplex.ctr.artifact.ModelArtifact;
import io.streamplex.ctr.artifact.Provenance;
import io.streamplex.ctr.compress.Calibration;
import io.streamplex.ctr.compress.DnnCompression;
import io.streamplex.ctr.compress.EmbeddingCompression;
import io.streamplex.ctr.compress.LowRankCompressor.RankRule;
import io.streamplex.ctr.eval.SplitData;
import io.streamplex.ctr.models.CtrModel;
import io.streamplex.ctr.models.ModelConfig;
import io.streamplex.ctr.train.Evaluation;
import io.streamplex.ctr.train.Trainer;
import io.streamplex.data.CtrDataset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Low-rank compression of a trained model artifact (Atomic Feature Mimicking): calibrates the
 * chosen DNN layers' and fields' outputs on the training split the artifact's provenance names,
 * replaces them by their rank-k PCA factors, optionally fine-tunes briefly, evaluates before and
 * after on the test split and writes a new artifact whose config records the ranks.
 */
@Command(
    name = "compress",
    mixinStandardHelpOptions = true,
    description = {
      "Compress a model artifact's DNN layers and/or embedding tables by output PCA (AFM) and"
          + " save the compressed model as a new artifact.",
      "Calibration uses the training split recorded in the artifact's provenance."
    })
public final class CompressCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin DatasetOptions datasets;

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model artifact.")
  Path model;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "New artifact.")
  Path out;

  @Option(
      names = "--layers",
      split = ",",
      paramLabel = "I",
      description = "DNN hidden layers to compress, from 0 (default: all).")
  List<Integer> layers;

  /** Exactly one way of choosing the DNN ranks, if any. */
  static final class DnnRule {
    @Option(
        names = "--ranks",
        split = ",",
        paramLabel = "K",
        description = "Rank of each compressed layer: one value for all, or one per layer.")
    List<Integer> ranks;

    @Option(
        names = "--variance",
        paramLabel = "SHARE",
        description =
            "Smallest rank keeping this share of each layer's output variance, e.g. 0.99.")
    Double variance;
  }

  @ArgGroup(exclusive = true)
  DnnRule dnnRule;

  @Option(
      names = "--embeddings",
      paramLabel = "RULE",
      description =
          "Compress embedding tables per field: a rank (e.g. 4) or a variance share (0.9).")
  String embeddings;

  @Option(
      names = "--embedding-fields",
      split = ",",
      paramLabel = "FIELD",
      description = "Fields whose tables to compress (default: every field with its own table).")
  List<String> embeddingFields;

  @Option(
      names = "--fine-tune-epochs",
      defaultValue = "0",
      description = "Train the compressed model this many more epochs (default: ${DEFAULT-VALUE}).")
  int fineTuneEpochs;

  @Option(
      names = "--calibration",
      paramLabel = "N",
      description = "Calibrate on the first N training examples (default: all).")
  Integer calibration;

  @Option(names = "--threads", description = "Fine-tuning threads (default: the model config's).")
  Integer threads;

  @Option(names = "--json", description = "End with one JSON line of figures.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (dnnRule == null && embeddings == null) {
      throw new UserException("nothing to compress: give --ranks or --variance, or --embeddings");
    }
    if (fineTuneEpochs < 0) {
      throw new UserException("--fine-tune-epochs must be ≥ 0, was " + fineTuneEpochs);
    }
    if (calibration != null) {
      TrainCommand.requirePositive("--calibration", calibration);
    }
    if (threads != null) {
      TrainCommand.requirePositive("--threads", threads);
    }
    RankRule embeddingRule = embeddings == null ? null : parseRule("--embeddings", embeddings);
    ModelArtifact.Loaded loaded;
    try {
      loaded = ModelArtifact.load(model);
    } catch (ArtifactException e) {
      throw new UserException("cannot load model artifact " + model + ": " + e.getMessage(), e);
    }
    CtrModel original = loaded.model();
    Provenance prov = loaded.provenance();
    // Every choice is checked against the model before the data is read or anything is printed.
    Map<Integer, RankRule> dnnRules = dnnRule == null ? null : dnnRules(original);
    List<String> fields = embeddingRule == null ? null : embeddingFields(original);
    if (prov.data() == null || prov.split() == null) {
      throw new UserException(
          model + ": the artifact's provenance names no data or split to calibrate on");
    }
    CtrDataset data = datasets.resolve(prov.data()).ctr();
    SplitData s;
    try {
      s = SplitData.encode(data, original.schema(), prov.split(), prov.seed());
    } catch (IllegalArgumentException e) {
      throw new UserException(model + ": " + e.getMessage(), e);
    }
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter stdout = spec.commandLine().getOut();
    int maxExamples = calibration == null ? Integer.MAX_VALUE : calibration;

    Evaluation before = Evaluation.of(original, s.test());
    err.printf(
        "%s from %s (%s, %s, seed %d): test AUC %.4f, logloss %.4f, %,d parameters%n",
        original.config().displayName(),
        model,
        prov.data(),
        prov.split(),
        prov.seed(),
        before.auc(),
        before.logloss(),
        original.parameterCount());
    err.flush();
    ObjectNode o = new ObjectMapper().createObjectNode();
    o.put("model", original.config().displayName());
    o.put("source", model.toAbsolutePath().toString());
    o.put("dataset", prov.data());
    o.put("split", prov.split());
    o.put("seed", prov.seed());
    o.set("original", figures(before, original.parameterCount()));

    CtrModel current = original;
    long c0 = System.nanoTime();
    if (dnnRule != null) {
      current = compressDnn(current, s, dnnRules, maxExamples, o.putArray("dnnLayers"), err);
    }
    if (embeddingRule != null) {
      current = compressEmbeddings(current, s, fields, embeddingRule, maxExamples, o, err);
    }
    o.put("compressSeconds", (System.nanoTime() - c0) / 1e9);
    Evaluation after = Evaluation.of(current, s.test());
    o.set("compressed", figures(after, current.parameterCount()));
    err.printf(
        "compressed: test AUC %.4f (%+.4f), logloss %.4f, %,d parameters (%.2f× fewer)%n",
        after.auc(),
        after.auc() - before.auc(),
        after.logloss(),
        current.parameterCount(),
        (double) original.parameterCount() / current.parameterCount());
    err.flush();
    Evaluation last = after;
    if (fineTuneEpochs > 0) {
      ModelConfig tune = current.config().copy();
      tune.maxEpochs = fineTuneEpochs;
      tune.patience = fineTuneEpochs;
      if (threads != null) {
        tune.threads = threads;
      }
      int slice = (tune.batchSize + tune.threads - 1) / tune.threads;
      if (current.maxBatch() < slice) {
        CtrModel wider = CtrModel.create(tune, current.schema(), slice);
        DnnCompression.copyParams(current, wider);
        current = wider;
      }
      Trainer.Result ft =
          new Trainer(tune)
              .onEpoch(
                  e -> {
                    err.printf(
                        "  fine-tune epoch %d: train loss %.4f, valid AUC %.4f (%.1f s)%n",
                        e.epoch(), e.trainLoss(), e.validAuc(), e.seconds());
                    err.flush();
                  })
              .fit(s.train(), s.valid(), current);
      current = ft.model();
      last = Evaluation.of(current, s.test());
      ObjectNode f = figures(last, current.parameterCount());
      f.put("epochs", fineTuneEpochs);
      f.put("bestEpoch", ft.bestEpoch());
      o.set("fineTuned", f);
      err.printf(
          "fine-tuned %d epochs (best %d): test AUC %.4f (%+.4f vs the original)%n",
          fineTuneEpochs, ft.bestEpoch(), last.auc(), last.auc() - before.auc());
    }
    o.put("parameterRatio", (double) original.parameterCount() / current.parameterCount());
    o.put("aucDelta", last.auc() - before.auc());

    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("auc", last.auc());
    metrics.put("logloss", last.logloss());
    metrics.put("parameters", (double) current.parameterCount());
    metrics.put("original.auc", before.auc());
    metrics.put("original.logloss", before.logloss());
    metrics.put("original.parameters", (double) original.parameterCount());
    metrics.put("compressed.auc", after.auc());
    metrics.put("fineTuneEpochs", (double) fineTuneEpochs);
    ModelArtifact.save(
        current, Provenance.of(prov.data(), prov.split(), prov.seed(), metrics), out);
    o.put("artifact", out.toAbsolutePath().toString());
    stdout.printf(
        "%s: %,d → %,d parameters (%.2f×), test AUC %.4f → %.4f (%+.4f) → %s%n",
        original.config().displayName(),
        original.parameterCount(),
        current.parameterCount(),
        (double) original.parameterCount() / current.parameterCount(),
        before.auc(),
        last.auc(),
        last.auc() - before.auc(),
        out);
    if (json) {
      stdout.println(o);
    }
    stdout.flush();
    return 0;
  }

  private Map<Integer, RankRule> dnnRules(CtrModel m) {
    if (m.dnnNet().isEmpty()) {
      throw new UserException(
          "model " + m.config().displayName() + " has no dnn block to compress");
    }
    int hidden = m.config().dnn.hidden.length;
    List<Integer> chosen = layers;
    if (chosen == null) {
      chosen = new ArrayList<>();
      for (int i = 0; i < hidden; i++) {
        chosen.add(i);
      }
    }
    for (int i : chosen) {
      if (i < 0 || i >= hidden) {
        throw new UserException(
            "--layers: no hidden layer " + i + " (the DNN has " + hidden + ", numbered from 0)");
      }
      if (m.config().dnn.ranks != null && m.config().dnn.ranks[i] > 0) {
        throw new UserException("--layers: hidden layer " + i + " is already compressed");
      }
    }
    Map<Integer, RankRule> rules = new TreeMap<>();
    if (dnnRule.variance != null) {
      RankRule r = variance("--variance", dnnRule.variance);
      chosen.forEach(i -> rules.put(i, r));
      return rules;
    }
    List<Integer> ranks = dnnRule.ranks;
    if (ranks.size() != 1 && ranks.size() != chosen.size()) {
      throw new UserException(
          "--ranks: give one rank for all layers or one per layer ("
              + chosen.size()
              + "), not "
              + ranks.size());
    }
    for (int j = 0; j < chosen.size(); j++) {
      int k = ranks.get(ranks.size() == 1 ? 0 : j);
      int width = m.config().dnn.hidden[chosen.get(j)];
      if (k < 1 || k > width) {
        throw new UserException(
            "--ranks: rank "
                + k
                + " for hidden layer "
                + chosen.get(j)
                + " must be in [1, "
                + width
                + "]");
      }
      rules.put(chosen.get(j), RankRule.ofRank(k));
    }
    return rules;
  }

  private List<String> embeddingFields(CtrModel m) {
    List<String> eligible;
    try {
      eligible = EmbeddingCompression.eligibleFields(m);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
    if (embeddingFields == null) {
      return eligible;
    }
    for (String f : embeddingFields) {
      if (!eligible.contains(f)) {
        throw new UserException(
            "--embedding-fields: field '"
                + f
                + "' cannot be compressed (eligible: "
                + String.join(", ", eligible)
                + ")");
      }
    }
    return embeddingFields;
  }

  private CtrModel compressDnn(
      CtrModel m,
      SplitData s,
      Map<Integer, RankRule> rules,
      int maxExamples,
      ArrayNode report,
      PrintWriter err) {
    DnnCompression.Result r;
    try {
      Map<Integer, Calibration> cal =
          DnnCompression.calibrate(m, s.train(), List.copyOf(rules.keySet()), maxExamples);
      r = DnnCompression.compress(m, cal, rules);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
    for (DnnCompression.LayerReport l : r.layers()) {
      report
          .addObject()
          .put("layer", l.layer())
          .put("in", l.in())
          .put("out", l.out())
          .put("rank", l.rank())
          .put("retainedVariance", l.retainedVariance())
          .put("before", l.before())
          .put("after", l.after());
      err.printf(
          "  hidden layer %d (%d → %d): rank %d keeps %.2f%% of the output variance, %,d → %,d"
              + " parameters%n",
          l.layer(), l.in(), l.out(), l.rank(), 100 * l.retainedVariance(), l.before(), l.after());
    }
    return r.model();
  }

  private CtrModel compressEmbeddings(
      CtrModel m,
      SplitData s,
      List<String> fields,
      RankRule rule,
      int maxExamples,
      ObjectNode o,
      PrintWriter err) {
    EmbeddingCompression.Result r;
    try {
      Map<String, Calibration> cal =
          EmbeddingCompression.calibrate(m, s.train(), fields, maxExamples);
      Map<String, RankRule> rules = new LinkedHashMap<>();
      for (String f : fields) {
        rules.put(f, rule);
      }
      r = EmbeddingCompression.compress(m, cal, rules);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
    ArrayNode report = o.putArray("embeddingFields");
    for (EmbeddingCompression.FieldReport f : r.fields()) {
      report
          .addObject()
          .put("field", f.field())
          .put("rows", f.rows())
          .put("width", f.width())
          .put("rank", f.rank())
          .put("retainedVariance", f.retainedVariance())
          .put("before", f.before())
          .put("after", f.after());
      err.printf(
          "  field %s (%,d × %d): rank %d keeps %.2f%% of the variance, %,d → %,d parameters%n",
          f.field(),
          f.rows(),
          f.width(),
          f.rank(),
          100 * f.retainedVariance(),
          f.before(),
          f.after());
    }
    ObjectNode skipped = o.putObject("embeddingFieldsKept");
    r.skipped().forEach(skipped::put);
    r.skipped().forEach((f, why) -> err.printf("  field %s kept full: %s%n", f, why));
    return r.model();
  }

  private static ObjectNode figures(Evaluation e, long parameters) {
    ObjectNode n = new ObjectMapper().createObjectNode();
    n.put("auc", e.auc());
    n.put("logloss", e.logloss());
    n.put("parameters", parameters);
    return n;
  }

  private static RankRule parseRule(String option, String value) {
    try {
      RankRule r = RankRule.parse(value.trim());
      if (r.rank() < 0) {
        throw new IllegalArgumentException("negative");
      }
      return r;
    } catch (IllegalArgumentException e) {
      throw new UserException(
          option
              + " must be a rank (an integer ≥ 1) or a variance share in (0, 1], was '"
              + value
              + "'");
    }
  }

  private static RankRule variance(String option, double share) {
    if (!(share > 0 && share <= 1)) {
      throw new UserException(option + " must be a share in (0, 1], was " + share);
    }
    return RankRule.ofVariance(share);
  }
}
