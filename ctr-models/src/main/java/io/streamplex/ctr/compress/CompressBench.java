package io.streamplex.ctr.compress;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamplex.ctr.data.DatasetFields;
import io.streamplex.ctr.data.EmbeddingSchema;
import io.streamplex.ctr.data.EncodedData;
import io.streamplex.ctr.data.FieldSpec;
import io.streamplex.ctr.data.Splits;
import io.streamplex.ctr.eval.CtrBench;
import io.streamplex.ctr.models.CtrModel;
import io.streamplex.ctr.models.ModelConfig;
import io.streamplex.ctr.train.Evaluation;
import io.streamplex.ctr.train.Trainer;
import io.streamplex.data.CtrDataset;
import io.streamplex.data.Datasets;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Trains a model once, then compresses its DNN hidden layers with AFM at each requested rank rule
 * and reports parameters and test AUC before and after (and after an optional short fine-tune).
 *
 * <pre>
 * CompressBench DATASET CONFIG [--seed 1] [--max-epochs N] [--threads N] [--layers 1,2]
 *               [--ranks 64,0.99,0+1+2/32] [--fine-tune-epochs N] [--calibration N] [--json]
 * </pre>
 *
 * A rank with a dot is a retained-variance share; a variant "0+1+2/32" compresses its own layers
 * (hidden-layer indices from 0) instead of --layers. Calibration uses the first N training examples
 * (all by default), as the paper's demo calibrates on the training set. Progress goes to stderr;
 * with --json the last stdout line is one JSON object.
 */
public final class CompressBench {

  private static final ObjectMapper JSON = new ObjectMapper();

  private CompressBench() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println(
          "usage: CompressBench DATASET CONFIG [--seed 1] [--max-epochs N] [--threads N]"
              + " [--layers 1,2] [--ranks 64,0.99,0+1+2/32] [--fine-tune-epochs N] [--calibration N]"
              + " [--json]");
      System.exit(2);
    }
    ModelConfig config = CtrBench.loadConfig(args[1]);
    List<Integer> layers = List.of(1, 2);
    List<String> ranks = List.of("64");
    int fineTune = 0;
    int calibration = Integer.MAX_VALUE;
    boolean json = false;
    for (int i = 2; i < args.length; i++) {
      switch (args[i]) {
        case "--seed" -> config.seed = Long.parseLong(args[++i]);
        case "--max-epochs" -> config.maxEpochs = Integer.parseInt(args[++i]);
        case "--threads" -> config.threads = Integer.parseInt(args[++i]);
        case "--layers" ->
            layers = List.of(args[++i].split(",")).stream().map(Integer::valueOf).toList();
        case "--ranks" -> ranks = List.of(args[++i].split(","));
        case "--fine-tune-epochs" -> fineTune = Integer.parseInt(args[++i]);
        case "--calibration" -> calibration = Integer.parseInt(args[++i]);
        case "--json" -> json = true;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    ObjectNode out = run(args[0], config, layers, ranks, fineTune, calibration);
    if (json) {
      System.out.println(JSON.writeValueAsString(out));
    }
  }

  public static ObjectNode run(
      String dataset,
      ModelConfig config,
      List<Integer> layers,
      List<String> ranks,
      int fineTuneEpochs,
      int calibrationExamples)
      throws IOException {
    CtrDataset data = Datasets.get(dataset).ctr();
    Splits.Split s = Splits.random(data.examples(), config.seed, 0.8, 0.1);
    List<FieldSpec> fields =
        config.fields != null ? config.fields : DatasetFields.of(data, FieldSpec.Transform.MIN_MAX);
    EmbeddingSchema schema = EmbeddingSchema.fit(fields, s.train());
    EncodedData train = EncodedData.encode(schema, s.train());
    EncodedData valid = EncodedData.encode(schema, s.valid());
    EncodedData test = EncodedData.encode(schema, s.test());

    long t0 = System.nanoTime();
    Trainer.Result trained = new Trainer(config).onEpoch(e -> log(config, e)).fit(train, valid);
    CtrModel model = trained.model();
    Evaluation base = Evaluation.of(model, test);
    System.err.printf(
        "%s seed=%d: trained %d epochs (best %d) in %.0f s, test AUC %.4f, %d parameters%n",
        config.displayName(),
        config.seed,
        trained.history().size(),
        trained.bestEpoch(),
        (System.nanoTime() - t0) / 1e9,
        base.auc(),
        model.parameterCount());

    ObjectNode o = JSON.createObjectNode();
    o.put("dataset", dataset);
    o.put("model", config.displayName());
    o.put("seed", config.seed);
    o.put("epochs", trained.history().size());
    o.put("bestEpoch", trained.bestEpoch());
    o.put("examplesPerSecond", trained.examplesPerSecond());
    o.put("parameters", model.parameterCount());
    o.put("auc", base.auc());
    o.put("logloss", base.logloss());
    o.putPOJO("layers", layers);
    o.put("fineTuneEpochs", fineTuneEpochs);

    long c0 = System.nanoTime();
    java.util.SortedSet<Integer> calibrated = new java.util.TreeSet<>(layers);
    for (String r : ranks) {
      calibrated.addAll(variantLayers(r, layers));
    }
    Map<Integer, Calibration> cal =
        DnnCompression.calibrate(model, train, List.copyOf(calibrated), calibrationExamples);
    o.put("calibrationExamples", cal.values().iterator().next().count());
    o.put("calibrationSeconds", (System.nanoTime() - c0) / 1e9);
    if (fineTuneEpochs > 0) {
      // The fair baseline for a fine-tuned compressed model: the original trained as much longer.
      CtrModel longer = CtrModel.create(config, schema, model.maxBatch());
      DnnCompression.copyParams(model, longer);
      ModelConfig tune = config.copy();
      tune.maxEpochs = fineTuneEpochs;
      tune.patience = fineTuneEpochs;
      Evaluation more =
          Evaluation.of(
              new Trainer(tune).onEpoch(e -> log(tune, e)).fit(train, valid, longer).model(), test);
      o.put("originalFineTunedAuc", more.auc());
      o.put("originalFineTunedLogloss", more.logloss());
      System.err.printf(
          "  original trained %d more epochs: test AUC %.4f%n", fineTuneEpochs, more.auc());
    }
    ArrayNode variants = o.putArray("variants");
    for (String r : ranks) {
      LowRankCompressor.RankRule rule =
          LowRankCompressor.RankRule.parse(r.substring(r.indexOf('/') + 1));
      Map<Integer, LowRankCompressor.RankRule> rules = new TreeMap<>();
      for (int l : variantLayers(r, layers)) {
        rules.put(l, rule);
      }
      DnnCompression.Result c = DnnCompression.compress(model, cal, rules);
      Evaluation after = Evaluation.of(c.model(), test);
      ObjectNode v = variants.addObject();
      v.put("rule", rule.toString());
      v.putPOJO("layers", rules.keySet());
      ArrayNode per = v.putArray("perLayer");
      for (DnnCompression.LayerReport lr : c.layers()) {
        per.addObject()
            .put("layer", lr.layer())
            .put("rank", lr.rank())
            .put("retainedVariance", lr.retainedVariance())
            .put("before", lr.before())
            .put("after", lr.after());
      }
      v.put("compressedPartBefore", c.compressedPartBefore());
      v.put("compressedPartAfter", c.compressedPartAfter());
      v.put("compressedPartRatio", (double) c.compressedPartBefore() / c.compressedPartAfter());
      v.put("parameters", c.model().parameterCount());
      v.put("wholeModelRatio", (double) model.parameterCount() / c.model().parameterCount());
      v.put("auc", after.auc());
      v.put("logloss", after.logloss());
      v.put("aucDelta", after.auc() - base.auc());
      System.err.printf(
          "  layers %s %s: %d → %d parameters in the compressed layers (%.2f×), whole model %.2f×,"
              + " test AUC %.4f (%+.4f)%n",
          rules.keySet(),
          rule,
          c.compressedPartBefore(),
          c.compressedPartAfter(),
          (double) c.compressedPartBefore() / c.compressedPartAfter(),
          (double) model.parameterCount() / c.model().parameterCount(),
          after.auc(),
          after.auc() - base.auc());
      if (fineTuneEpochs > 0) {
        ModelConfig tune = c.model().config().copy();
        tune.maxEpochs = fineTuneEpochs;
        tune.patience = fineTuneEpochs;
        Trainer.Result ft =
            new Trainer(tune).onEpoch(e -> log(tune, e)).fit(train, valid, c.model());
        Evaluation tuned = Evaluation.of(ft.model(), test);
        v.put("fineTunedAuc", tuned.auc());
        v.put("fineTunedLogloss", tuned.logloss());
        v.put("fineTunedAucDelta", tuned.auc() - base.auc());
        v.put("fineTuneBestEpoch", ft.bestEpoch());
        System.err.printf(
            "  %s fine-tuned %d epochs (best %d): test AUC %.4f (%+.4f)%n",
            rule, fineTuneEpochs, ft.bestEpoch(), tuned.auc(), tuned.auc() - base.auc());
      }
    }
    return o;
  }

  /** "64" uses the default layers; "0+1+2/32" names its own. */
  private static List<Integer> variantLayers(String variant, List<Integer> defaults) {
    int slash = variant.indexOf('/');
    if (slash < 0) {
      return defaults;
    }
    return java.util.Arrays.stream(variant.substring(0, slash).split("\\+"))
        .map(Integer::valueOf)
        .toList();
  }

  private static void log(ModelConfig c, Trainer.Epoch e) {
    System.err.printf(
        "  %s seed=%d epoch %d: train loss %.4f, valid AUC %.4f (%.1f s)%n",
        c.displayName(), c.seed, e.epoch(), e.trainLoss(), e.validAuc(), e.seconds());
  }
}
