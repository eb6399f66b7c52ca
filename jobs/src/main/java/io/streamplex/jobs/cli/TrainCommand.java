package io.streamplex.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamplex.ctr.artifact.EnsembleArtifact;
import io.streamplex.ctr.artifact.ModelArtifact;
import io.streamplex.ctr.artifact.Provenance;
import io.streamplex.ctr.eval.CtrBench;
import io.streamplex.ctr.eval.SplitData;
import io.streamplex.ctr.models.Ensemble;
import io.streamplex.ctr.models.EnsembleConfig;
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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Trains one CTR model with early stopping on validation AUC, evaluates it on the test split and
 * writes a model artifact whose provenance names the data, split, seed and metrics, so that {@code
 * compress} can draw the same splits again.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a CTR model (early stopping on validation AUC), report test AUC and logloss, and save"
          + " it as a model artifact.",
      "CONFIG is a bundled model (lr, fm, dnn, autoint, autoint-plus, deepfm), the bundled"
          + " ensemble fm+autoint-plus, or a JSON file. An ensemble trains each member in turn on"
          + " the same split (the options apply to every member) and saves them as one ensemble"
          + " artifact."
    })
public final class TrainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin DatasetOptions datasets;

  @Parameters(index = "0", paramLabel = "DATASET", description = "e.g. movielens-100k")
  String dataset;

  @Parameters(index = "1", paramLabel = "CONFIG", description = "bundled model name or JSON file")
  String configName;

  @Option(names = "--seed", description = "Split and initialisation seed (default: the config's).")
  Long seed;

  @Option(names = "--l2", description = "Embedding L2 coefficient (default: the config's).")
  Double l2;

  @Option(names = "--max-epochs", description = "Epoch limit (default: the config's).")
  Integer maxEpochs;

  @Option(names = "--threads", description = "Training threads (default: the config's).")
  Integer threads;

  @Option(
      names = "--split",
      defaultValue = "random",
      description = "random (by seed) or time 80/10/10 (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Artifact directory (default: models/DATASET-MODEL-sSEED).")
  Path out;

  @Option(names = "--json", description = "End with one JSON line of figures.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    String text;
    try {
      text = CtrBench.loadJson(configName);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
    EnsembleConfig ensemble =
        EnsembleConfig.isEnsemble(new ObjectMapper().readTree(text)) ? parseEnsemble(text) : null;
    List<ModelConfig> configs = new ArrayList<>();
    try {
      if (ensemble == null) {
        configs.add(ModelConfig.parse(text));
      } else {
        for (String m : ensemble.members) {
          configs.add(CtrBench.loadConfig(m));
        }
      }
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
    for (ModelConfig config : configs) {
      applyOptions(config);
    }
    try {
      SplitData.describe(split);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
    CtrDataset data = datasets.resolve(dataset).ctr();
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter stdout = spec.commandLine().getOut();
    ModelConfig first = configs.get(0);
    SplitData s;
    try {
      s = SplitData.fit(data, first, split, first.seed);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
    String name = ensemble != null ? ensemble.name : first.displayName();
    err.printf(
        "%s on %s (%s, seed %d): %,d train / %,d valid / %,d test examples%n",
        name, dataset, s.split(), first.seed, s.train().size, s.valid().size, s.test().size);
    err.flush();
    long t0 = System.nanoTime();
    List<Trained> trained = new ArrayList<>();
    for (ModelConfig config : configs) {
      if (ensemble != null) {
        err.printf("member %s:%n", config.displayName());
      }
      trained.add(train(config, s, err));
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    Path dir = out != null ? out : Path.of("models", dataset + "-" + name + "-s" + first.seed);
    Map<String, Double> metrics;
    long parameters;
    if (ensemble == null) {
      ModelArtifact.Loaded m = trained.get(0).artifact();
      ModelArtifact.save(m.model(), m.provenance(), dir);
      metrics = trained.get(0).metrics();
      parameters = m.model().parameterCount();
    } else {
      List<ModelArtifact.Loaded> members = trained.stream().map(Trained::artifact).toList();
      Ensemble e = new Ensemble(members.stream().map(ModelArtifact.Loaded::model).toList());
      Evaluation test = Evaluation.ofLogits(e.logits(s.test()), s.test().labels, s.test().size);
      parameters = e.parameterCount();
      metrics = new LinkedHashMap<>();
      metrics.put("auc", test.auc());
      metrics.put("logloss", test.logloss());
      metrics.put(
          "validAuc",
          Evaluation.ofLogits(e.logits(s.valid()), s.valid().labels, s.valid().size).auc());
      metrics.put("parameters", (double) parameters);
      EnsembleArtifact.save(
          name, members, Provenance.of(dataset, s.split(), first.seed, metrics), dir);
    }
    stdout.printf(
        "%s seed %d: test AUC %.4f, logloss %.4f (%.0f s), %,d parameters → %s%n",
        name, first.seed, metrics.get("auc"), metrics.get("logloss"), seconds, parameters, dir);
    if (json) {
      ObjectNode o = new ObjectMapper().createObjectNode();
      o.put("dataset", dataset);
      o.put("model", name);
      o.put("split", s.split());
      o.put("seed", first.seed);
      o.put("l2", first.embeddingL2);
      metrics.forEach(o::put);
      o.put("seconds", seconds);
      o.put("artifact", dir.toAbsolutePath().toString());
      stdout.println(o);
    }
    stdout.flush();
    return 0;
  }

  private static EnsembleConfig parseEnsemble(String text) {
    try {
      return EnsembleConfig.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
  }

  private void applyOptions(ModelConfig config) {
    if (seed != null) {
      config.seed = seed;
    }
    if (l2 != null) {
      if (l2 < 0 || !Double.isFinite(l2)) {
        throw new UserException("--l2 must be a finite value ≥ 0, was " + l2);
      }
      config.embeddingL2 = l2;
    }
    if (maxEpochs != null) {
      requirePositive("--max-epochs", maxEpochs);
      config.maxEpochs = maxEpochs;
    }
    if (threads != null) {
      requirePositive("--threads", threads);
      config.threads = threads;
    }
  }

  /** A trained model with its provenance, and its metrics in report order. */
  private record Trained(ModelArtifact.Loaded artifact, Map<String, Double> metrics) {}

  private Trained train(ModelConfig config, SplitData s, PrintWriter err) {
    Trainer.Result r =
        new Trainer(config)
            .onEpoch(
                e -> {
                  err.printf(
                      "  epoch %d: train loss %.4f, valid AUC %.4f, valid logloss %.4f (%.1f s)%n",
                      e.epoch(), e.trainLoss(), e.validAuc(), e.validLogloss(), e.seconds());
                  err.flush();
                })
            .fit(s.train(), s.valid());
    Evaluation test = Evaluation.of(r.model(), s.test());
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("auc", test.auc());
    metrics.put("logloss", test.logloss());
    metrics.put("validAuc", r.best().validAuc());
    metrics.put("validLogloss", r.best().validLogloss());
    metrics.put("bestEpoch", (double) r.bestEpoch());
    metrics.put("epochs", (double) r.history().size());
    metrics.put("parameters", (double) r.model().parameterCount());
    metrics.put("examplesPerSecond", r.examplesPerSecond());
    err.printf(
        "  %s: test AUC %.4f, logloss %.4f (best epoch %d of %d, %,.0f examples/s)%n",
        config.displayName(),
        test.auc(),
        test.logloss(),
        r.bestEpoch(),
        r.history().size(),
        r.examplesPerSecond());
    err.flush();
    return new Trained(
        new ModelArtifact.Loaded(
            r.model(), Provenance.of(dataset, s.split(), config.seed, metrics)),
        metrics);
  }

  static void requirePositive(String option, int value) {
    if (value < 1) {
      throw new UserException(option + " must be at least 1, was " + value);
    }
  }
}
