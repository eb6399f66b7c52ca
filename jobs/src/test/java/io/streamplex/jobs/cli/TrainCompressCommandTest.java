package io.streamplex.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamplex.ctr.artifact.EnsembleArtifact;
import io.streamplex.ctr.artifact.ModelArtifact;
import io.streamplex.ctr.eval.SplitData;
import io.streamplex.ctr.models.CtrModel;
import io.streamplex.ctr.train.Evaluation;
import io.streamplex.data.Datasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} then {@code compress} on MovieLens-100K with a small AutoInt+, through the command
 * line as a user runs them: the artifacts load back and score as reported; bad input gives one line
 * and exit 2.
 */
class TrainCompressCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private static Path trained;
  private static JsonNode trainReport;

  @BeforeAll
  static void trainSmallModel() throws IOException {
    Assumptions.assumeTrue(
        Datasets.get("movielens-100k").available(),
        "movielens-100k is not staged under ../shared/datasets; skipping the train/compress round"
            + " trip");
    Path config = dir.resolve("small-autoint-plus.json");
    Files.writeString(
        config,
        "{\"name\": \"small-autoint-plus\", \"type\": \"AUTOINT_PLUS\", \"embeddingDim\": 8,"
            + " \"attention\": {\"layers\": 1, \"heads\": 1, \"headDim\": 8},"
            + " \"dnn\": {\"hidden\": [32, 32]}, \"batchSize\": 1024, \"maxEpochs\": 1,"
            + " \"patience\": 1, \"optimizer\": {\"type\": \"ADAM\", \"lr\": 0.003}}");
    trained = dir.resolve("trained");
    CliErrorsTest.Result r =
        CliErrorsTest.run(
            "train",
            "movielens-100k",
            config.toString(),
            "--seed",
            "2",
            "--threads",
            "1",
            "--out",
            trained.toString(),
            "--json");
    assertEquals(0, r.code(), r.err());
    trainReport = lastJsonLine(r.out());
  }

  static JsonNode lastJsonLine(String out) throws IOException {
    String[] lines = out.strip().split("\n");
    return JSON.readTree(lines[lines.length - 1]);
  }

  @Test
  void trainWritesAnArtifactThatScoresAsReported() throws IOException {
    assertEquals("small-autoint-plus", trainReport.path("model").asText());
    assertEquals(2, trainReport.path("seed").asLong());
    double auc = trainReport.path("auc").asDouble();
    assertTrue(auc > 0.7 && auc < 1, "test AUC " + auc);
    ModelArtifact.Loaded a = ModelArtifact.load(trained);
    assertEquals("movielens-100k", a.provenance().data());
    assertEquals("random 80/10/10", a.provenance().split());
    assertEquals(2, a.provenance().seed());
    assertEquals(auc, a.provenance().metrics().get("auc"), 0.0);
    // the provenance is enough to draw the same test split and reproduce the figure exactly
    SplitData s =
        SplitData.encode(
            Datasets.get("movielens-100k").ctr(), a.model().schema(), "random 80/10/10", 2);
    assertEquals(auc, Evaluation.of(a.model(), s.test()).auc(), 1e-12);
  }

  @Test
  void trainWritesAnEnsembleArtifactThatScoresAsReported() throws IOException {
    Path fm = dir.resolve("small-fm.json");
    Files.writeString(
        fm,
        "{\"name\": \"small-fm\", \"type\": \"FM\", \"embeddingDim\": 8, \"batchSize\": 1024,"
            + " \"maxEpochs\": 2, \"optimizer\": {\"type\": \"ADAM\", \"lr\": 0.01}}");
    Path ensemble = dir.resolve("small-ensemble.json");
    Files.writeString(
        ensemble,
        "{\"name\": \"small-fm+small-autoint-plus\", \"type\": \"ENSEMBLE\", \"members\": [\""
            + fm
            + "\", \""
            + dir.resolve("small-autoint-plus.json")
            + "\"]}");
    Path out = dir.resolve("ensemble");
    CliErrorsTest.Result r =
        CliErrorsTest.run(
            "train",
            "movielens-100k",
            ensemble.toString(),
            "--seed",
            "2",
            "--threads",
            "1",
            "--out",
            out.toString(),
            "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode report = lastJsonLine(r.out());
    assertEquals("small-fm+small-autoint-plus", report.path("model").asText());
    EnsembleArtifact.Loaded a = EnsembleArtifact.load(out);
    assertEquals(2, a.members().size());
    assertEquals("small-fm", a.members().get(0).model().config().displayName());
    // member 1 is trained exactly as the single-model artifact above: same seed, same split
    assertEquals(
        trainReport.path("auc").asDouble(),
        a.members().get(1).provenance().metrics().get("auc"),
        0.0);
    SplitData s =
        SplitData.encode(
            Datasets.get("movielens-100k").ctr(),
            a.members().get(0).model().schema(),
            "random 80/10/10",
            2);
    double auc =
        Evaluation.ofLogits(a.ensemble().logits(s.test()), s.test().labels, s.test().size).auc();
    assertEquals(report.path("auc").asDouble(), auc, 1e-12);
    assertEquals(auc, a.provenance().metrics().get("auc"), 1e-12);
    assertEquals(a.ensemble().parameterCount(), report.path("parameters").asLong());
  }

  @Test
  void compressRoundTripLoadsAndScores() throws IOException {
    Path out = dir.resolve("compressed");
    CliErrorsTest.Result r =
        CliErrorsTest.run(
            "compress",
            "--model",
            trained.toString(),
            "--out",
            out.toString(),
            "--ranks",
            "4",
            "--embeddings",
            "3",
            "--embedding-fields",
            "user_id,item_id",
            "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode o = lastJsonLine(r.out());
    long before = o.path("original").path("parameters").asLong();
    long after = o.path("compressed").path("parameters").asLong();
    assertEquals(trainReport.path("parameters").asLong(), before);
    assertTrue(after < before, before + " → " + after);
    assertEquals(2, o.path("dnnLayers").size());
    assertEquals(2, o.path("embeddingFields").size());
    long saved = 0;
    for (JsonNode part : o.path("dnnLayers")) {
      assertEquals(4, part.path("rank").asInt());
      saved += part.path("before").asLong() - part.path("after").asLong();
    }
    for (JsonNode part : o.path("embeddingFields")) {
      assertEquals(3, part.path("rank").asInt());
      saved += part.path("before").asLong() - part.path("after").asLong();
    }
    assertEquals(before - saved, after);

    ModelArtifact.Loaded a = ModelArtifact.load(out);
    CtrModel m = a.model();
    assertArrayEquals(new int[] {4, 4}, m.config().dnn.ranks);
    assertEquals(3, m.config().embeddingRanks.get("user_id"));
    assertEquals(3, m.config().embeddingRanks.get("item_id"));
    assertEquals(after, m.parameterCount());
    assertEquals(before, a.provenance().metrics().get("original.parameters"), 0.0);
    SplitData s =
        SplitData.encode(
            Datasets.get("movielens-100k").ctr(), m.schema(), a.provenance().split(), 2);
    double auc = Evaluation.of(m, s.test()).auc();
    assertEquals(o.path("compressed").path("auc").asDouble(), auc, 1e-12);
    assertTrue(auc > 0.7, "compressed test AUC " + auc);
  }

  @Test
  void compressFineTunesByVarianceRule() throws IOException {
    Path out = dir.resolve("tuned");
    CliErrorsTest.Result r =
        CliErrorsTest.run(
            "compress",
            "--model",
            trained.toString(),
            "--out",
            out.toString(),
            "--layers",
            "1",
            "--variance",
            "0.9",
            "--calibration",
            "5000",
            "--fine-tune-epochs",
            "1",
            "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode o = lastJsonLine(r.out());
    assertEquals(1, o.path("dnnLayers").size());
    assertTrue(o.path("dnnLayers").get(0).path("retainedVariance").asDouble() >= 0.9);
    assertEquals(1, o.path("fineTuned").path("epochs").asInt());
    ModelArtifact.Loaded a = ModelArtifact.load(out);
    assertEquals(
        o.path("fineTuned").path("auc").asDouble(), a.provenance().metrics().get("auc"), 0.0);
    assertEquals(0, a.model().config().dnn.ranks[0]);
  }

  @Test
  void badInputIsOneLineAndExitTwo() throws IOException {
    Path out = dir.resolve("never");
    expectError(
        "artifact file missing",
        "compress",
        "--model",
        dir.resolve("no-such-model").toString(),
        "--out",
        out.toString(),
        "--ranks",
        "4");
    Path corrupt = dir.resolve("corrupt");
    Files.createDirectories(corrupt);
    for (String f :
        new String[] {
          ModelArtifact.CONFIG,
          ModelArtifact.TENSORS,
          ModelArtifact.PROVENANCE,
          ModelArtifact.MANIFEST
        }) {
      Files.copy(trained.resolve(f), corrupt.resolve(f));
    }
    Files.write(corrupt.resolve(ModelArtifact.TENSORS), new byte[] {1}, StandardOpenOption.APPEND);
    expectError(
        "checksum mismatch for model.safetensors",
        "compress",
        "--model",
        corrupt.toString(),
        "--out",
        out.toString(),
        "--ranks",
        "4");
    expectError(
        "--ranks: rank 999 for hidden layer 0 must be in [1, 32]",
        "compress",
        "--model",
        trained.toString(),
        "--out",
        out.toString(),
        "--ranks",
        "999");
    expectError(
        "no hidden layer 7",
        "compress",
        "--model",
        trained.toString(),
        "--out",
        out.toString(),
        "--layers",
        "7",
        "--ranks",
        "4");
    expectError(
        "nothing to compress", "compress", "--model", trained.toString(), "--out", out.toString());
    expectError(
        "mutually exclusive",
        "compress",
        "--model",
        trained.toString(),
        "--out",
        out.toString(),
        "--ranks",
        "4",
        "--variance",
        "0.9");
    expectError(
        "--embeddings must be a rank",
        "compress",
        "--model",
        trained.toString(),
        "--out",
        out.toString(),
        "--embeddings",
        "lots");
    expectError(
        "field 'colour' cannot be compressed",
        "compress",
        "--model",
        trained.toString(),
        "--out",
        out.toString(),
        "--embeddings",
        "2",
        "--embedding-fields",
        "colour");
    expectError(
        "no model config file or bundled config named 'gpt'", "train", "movielens-100k", "gpt");
    expectError(
        "--max-epochs must be at least 1", "train", "movielens-100k", "lr", "--max-epochs", "0");
    expectError("unknown dataset 'movielens-1b'", "train", "movielens-1b", "lr");
    assertTrue(!Files.exists(out), "a failed compress wrote nothing");
  }

  private static void expectError(String message, String... args) {
    CliErrorsTest.Result r = CliErrorsTest.run(args);
    assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
    // the first line names the problem (picocli's own usage errors follow it with the usage)
    String first = r.err().strip().lines().findFirst().orElse("");
    assertTrue(first.contains(message), r.err());
    assertTrue(!r.err().contains("Exception") && !r.err().contains("\tat "), r.err());
  }
}
