package io.streamplex.ctr.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamplex.ctr.data.EmbeddingSchema;
import io.streamplex.ctr.data.EncodedData;
import io.streamplex.ctr.data.SyntheticCtr;
import io.streamplex.ctr.models.CtrModel;
import io.streamplex.ctr.models.ModelConfig;
import io.streamplex.schema.TrainingExample;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real PyTorch (Debian's python3-torch) and our loader agree on the same tensors: an independent
 * PyTorch build of DeepFM-like (linear + FM + DNN) and wide AutoInt+ models (resource torch_ctr.py)
 * with our parameter names writes safetensors and golden logits that our model reproduces, and
 * reads our artifact back to reproduce our logits.
 */
class PyTorchInteropTest {

  static final Path PYTHON = Path.of("/usr/bin/python3");
  static final ObjectMapper JSON = new ObjectMapper();
  static final double TOLERANCE = 1e-5;
  static final String DEEP_FM =
      "{\"name\":\"deepfm-small\",\"type\":\"FM\",\"blocks\":[\"linear\",\"fm\",\"dnn\"],"
          + "\"embeddingDim\":8,\"embeddingStd\":0.2,\"dnn\":{\"hidden\":[16,8]},\"seed\":3}";

  /**
   * Layer 0 widens 8 → 12 (so it has W_res), layer 1 keeps 12 (identity residual); projections with
   * bias and ReLU, √d' scaling and layer norm exercise every AutoInt tensor name.
   */
  static final String AUTOINT_PLUS =
      "{\"name\":\"autoint-plus-small\",\"type\":\"AUTOINT_PLUS\",\"wide\":true,"
          + "\"embeddingDim\":8,\"embeddingStd\":0.3,\"dnn\":{\"hidden\":[8]},"
          + "\"attention\":{\"layers\":2,\"heads\":2,\"headDim\":6,\"scale\":true,"
          + "\"layerNorm\":true,\"officialProjections\":true},\"seed\":4}";

  @TempDir Path dir;

  static List<TrainingExample> train;
  static EmbeddingSchema schema;

  @BeforeAll
  static void fit() {
    train = SyntheticCtr.generate(300, 7);
    schema = EmbeddingSchema.fit(SyntheticCtr.FIELDS, train);
  }

  static void assumeTorch() throws Exception {
    assumeTrue(Files.isExecutable(PYTHON), "skipped: " + PYTHON + " is absent");
    Process p =
        new ProcessBuilder(PYTHON.toString(), "-c", "import torch, numpy")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assumeTrue(
        p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0,
        "skipped: python3-torch is not installed (apt-get install python3-torch): " + out);
  }

  /** Examples unseen in training (OOV rows), with missing fields, multi-valued tags and prices. */
  static List<TrainingExample> probes() {
    List<TrainingExample> probes = new ArrayList<>(SyntheticCtr.generate(20, 99));
    probes.add(
        SyntheticCtr.example(
            1, "nobody", "nothing", List.of(SyntheticCtr.cat("user", "nobody")), false));
    return probes;
  }

  Path script() throws IOException {
    Path s = dir.resolve("torch_ctr.py");
    try (InputStream in = getClass().getResourceAsStream("torch_ctr.py")) {
      Files.copy(in, s);
    }
    return s;
  }

  static Path writeInputs(EncodedData d, Path file) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode rows = root.putArray("rows");
    ArrayNode factors = root.putArray("factors");
    EmbeddingSchema s = d.schema;
    for (int e = 0; e < d.size; e++) {
      ArrayNode er = rows.addArray();
      ArrayNode ef = factors.addArray();
      for (int f = 0; f < s.fieldCount(); f++) {
        assertEquals(1, s.chunks(f), "the reference handles one-chunk fields only");
        int cf = e * s.fieldCount() + f;
        ArrayNode fr = er.addArray();
        int base = e * s.slotsPerExample() + s.slotOffset(f);
        for (int v = 0; v < d.counts[cf]; v++) {
          fr.add(d.rows[base + v]);
        }
        ef.add(d.factors[cf]);
      }
    }
    JSON.writeValue(file.toFile(), root);
    return file;
  }

  void python(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), script().toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "python timed out");
    assertEquals(0, p.exitValue(), "python failed: " + out);
  }

  static void assertLogitsClose(String what, JsonNode expected, float[] actual, int n) {
    assertEquals(n, expected.size());
    double spread = 0;
    double maxDiff = 0;
    for (int i = 0; i < n; i++) {
      double x = expected.get(i).asDouble();
      assertEquals(x, actual[i], TOLERANCE, what + ": logit " + i);
      maxDiff = Math.max(maxDiff, Math.abs(x - actual[i]));
      spread = Math.max(spread, Math.abs(x - expected.get(0).asDouble()));
    }
    // guards against agreeing on a constant (e.g. all-zero weights)
    assertTrue(spread > 0.05, "logits barely vary: " + spread);
    System.out.printf(
        "%s on %d examples: max |logit diff| %.3g, spread %.3g%n", what, n, maxDiff, spread);
  }

  /**
   * Both directions in one Python run (importing torch dominates the time): PyTorch exports random
   * weights and golden logits that our loader must reproduce, and reads our saved artifact to
   * reproduce our logits.
   */
  @ParameterizedTest
  @ValueSource(strings = {DEEP_FM, AUTOINT_PLUS})
  void pyTorchAndOurLoaderAgreeBothWays(String json) throws Exception {
    assumeTorch();
    ModelConfig config = ModelConfig.parse(json);
    Path configFile = dir.resolve(ModelArtifact.CONFIG);
    ModelArtifact.writeConfig(config, schema, configFile);
    EncodedData d = EncodedData.encode(schema, probes());
    Path inputs = writeInputs(d, dir.resolve("inputs.json"));
    Path torchDir = Files.createDirectory(dir.resolve("torch"));

    CtrModel ours = CtrModel.create(config, schema, 64);
    // a global bias away from 0 so the bias tensor is exercised too
    ours.params().stream().filter(p -> p.name.equals("bias")).findFirst().orElseThrow().w[0] =
        0.25f;
    Path artifact = dir.resolve("artifact");
    ModelArtifact.save(ours, Provenance.of("synthetic-300", "none", 3, Map.of()), artifact);
    Path torchLogits = dir.resolve("torch-logits.json");

    python(
        "export",
        configFile.toString(),
        inputs.toString(),
        "17",
        torchDir.toString(),
        "--",
        "check",
        artifact.toString(),
        inputs.toString(),
        torchLogits.toString());

    // PyTorch → Streamplex: its tensors in our model give its golden logits
    CtrModel fromTorch =
        ModelArtifact.fromTensors(configFile, torchDir.resolve(ModelArtifact.TENSORS), 64);
    EncodedData reEncoded = EncodedData.encode(fromTorch.schema(), probes());
    JsonNode golden = JSON.readTree(torchDir.resolve("golden.json").toFile()).path("logits");
    assertLogitsClose(
        config.displayName() + " PyTorch → Streamplex",
        golden,
        fromTorch.forward(reEncoded, null, 0, d.size, false),
        d.size);

    // Streamplex → PyTorch: our artifact in PyTorch gives our logits
    float[] z = ours.forward(d, null, 0, d.size, false);
    assertLogitsClose(
        config.displayName() + " Streamplex → PyTorch",
        JSON.readTree(torchLogits.toFile()).path("logits"),
        z,
        d.size);
  }
}
