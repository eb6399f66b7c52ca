package io.streamplex.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamplex.ctr.artifact.ModelArtifact;
import io.streamplex.ctr.artifact.Provenance;
import io.streamplex.ctr.eval.CtrBench;
import io.streamplex.ctr.eval.SplitData;
import io.streamplex.ctr.models.ModelConfig;
import io.streamplex.ctr.train.Evaluation;
import io.streamplex.ctr.train.Trainer;
import io.streamplex.data.CtrDataset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
      "CONFIG is a bundled model (lr, fm, dnn, autoint, autoint-plus) or a JSON file."
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
    ModelConfig config;
    try {
      config = CtrBench.loadConfig(configName);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
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
    try {
      SplitData.describe(split);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
    CtrDataset data = datasets.resolve(dataset).ctr();
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter stdout = spec.commandLine().getOut();
    SplitData s;
    try {
      s = SplitData.fit(data, config, split, config.seed);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
    err.printf(
        "%s on %s (%s, seed %d): %,d train / %,d valid / %,d test examples%n",
        config.displayName(),
        dataset,
        s.split(),
        config.seed,
        s.train().size,
        s.valid().size,
        s.test().size);
    err.flush();
    long t0 = System.nanoTime();
    Trainer.Result r =
        new Trainer(config)
            .onEpoch(
                e -> {
                  err.printf(
                      "  epoch %d: train loss %.4f, valid AUC %.4f (%.1f s)%n",
                      e.epoch(), e.trainLoss(), e.validAuc(), e.seconds());
                  err.flush();
                })
            .fit(s.train(), s.valid());
    double seconds = (System.nanoTime() - t0) / 1e9;
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
    Path dir =
        out != null
            ? out
            : Path.of("models", dataset + "-" + config.displayName() + "-s" + config.seed);
    ModelArtifact.save(r.model(), Provenance.of(dataset, s.split(), config.seed, metrics), dir);

    stdout.printf(
        "%s seed %d: test AUC %.4f, logloss %.4f (best epoch %d of %d, %.0f s, %,.0f examples/s),"
            + " %,d parameters → %s%n",
        config.displayName(),
        config.seed,
        test.auc(),
        test.logloss(),
        r.bestEpoch(),
        r.history().size(),
        seconds,
        r.examplesPerSecond(),
        r.model().parameterCount(),
        dir);
    if (json) {
      ObjectNode o = new ObjectMapper().createObjectNode();
      o.put("dataset", dataset);
      o.put("model", config.displayName());
      o.put("split", s.split());
      o.put("seed", config.seed);
      o.put("l2", config.embeddingL2);
      metrics.forEach(o::put);
      o.put("seconds", seconds);
      o.put("artifact", dir.toAbsolutePath().toString());
      stdout.println(o);
    }
    stdout.flush();
    return 0;
  }

  static void requirePositive(String option, int value) {
    if (value < 1) {
      throw new UserException(option + " must be at least 1, was " + value);
    }
  }
}
