package io.streamplex.ctr.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.ctr.data.EmbeddingSchema;
import io.streamplex.ctr.data.EncodedData;
import io.streamplex.ctr.data.SyntheticCtr;
import io.streamplex.ctr.layers.Param;
import io.streamplex.ctr.models.CtrModel;
import io.streamplex.ctr.models.ModelConfig;
import io.streamplex.embeddings.table.SafeTensors;
import io.streamplex.schema.Feature;
import io.streamplex.schema.TrainingExample;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArtifactTest {

  static final List<TrainingExample> EXAMPLES = SyntheticCtr.generate(400, 11);
  static final EmbeddingSchema SCHEMA = EmbeddingSchema.fit(SyntheticCtr.FIELDS, EXAMPLES);

  @TempDir Path dir;

  static CtrModel model(String json) {
    ModelConfig c = ModelConfig.parse(json);
    return CtrModel.create(c, SCHEMA, 64);
  }

  static int[] bits(float[] z, int n) {
    int[] b = new int[n];
    for (int i = 0; i < n; i++) {
      b[i] = Float.floatToIntBits(z[i]);
    }
    return b;
  }

  /** Logits of the first n examples, encoded with the model's own schema. */
  static int[] logits(CtrModel m, List<TrainingExample> examples) {
    EncodedData d = EncodedData.encode(m.schema(), examples);
    return bits(m.forward(d, null, 0, d.size, false), d.size);
  }

  /** Asserts that loading file into m fails with a message holding every fragment. */
  static void assertRefused(CtrModel m, Path file, String... fragments) {
    ArtifactException e =
        assertThrows(ArtifactException.class, () -> ModelArtifact.readTensors(m, file));
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), e.getMessage());
    }
  }

  @Test
  void savedAndLoadedModelsGiveBitIdenticalLogits() throws Exception {
    for (String json :
        List.of(
            "{\"type\":\"FM\",\"embeddingDim\":8,\"embeddingStd\":0.3,\"seed\":5}",
            "{\"type\":\"AUTOINT_PLUS\",\"wide\":true,\"embeddingDim\":8,\"embeddingStd\":0.3,"
                + "\"dnn\":{\"hidden\":[16,8],\"norm\":\"BATCH\"},"
                + "\"attention\":{\"layers\":2,\"heads\":2,\"headDim\":4,\"layerNorm\":true,"
                + "\"officialProjections\":true,\"residualProjection\":true}}")) {
      CtrModel m = model(json);
      Path out = dir.resolve(m.config().displayName());
      Provenance prov =
          Provenance.of("synthetic-400", "random 80/10/10", 5, Map.of("auc", 0.75, "logloss", 0.5));
      ModelArtifact.save(m, prov, out);
      ModelArtifact.Loaded loaded = ModelArtifact.load(out);
      List<TrainingExample> batch = EXAMPLES.subList(0, 64);
      int[] expected = logits(m, batch);
      assertArrayEquals(expected, logits(loaded.model(), batch), json);
      assertEquals(prov, loaded.provenance());
      assertEquals(m.parameterCount(), loaded.model().parameterCount());
      // the vocabulary travels in the config, so the loaded schema maps values to the same rows
      assertTrue(Files.readString(out.resolve(ModelArtifact.CONFIG)).contains("\"u3\""));
      assertEquals(
          m.params().stream().map(p -> p.name).toList(),
          loaded.model().params().stream().map(p -> p.name).toList());
      // the logits are not trivially equal: a fresh model from another seed differs
      ModelConfig other = m.config().copy();
      other.seed = 99;
      assertTrue(
          !java.util.Arrays.equals(expected, logits(CtrModel.create(other, SCHEMA, 64), batch)));
    }
  }

  @Test
  void aWrongChecksumIsRefused() throws Exception {
    CtrModel m = model("{\"type\":\"FM\",\"embeddingDim\":4}");
    ModelArtifact.save(m, Provenance.of("d", "s", 1, Map.of()), dir);
    Path tensors = dir.resolve(ModelArtifact.TENSORS);
    try (RandomAccessFile f = new RandomAccessFile(tensors.toFile(), "rw")) {
      long pos = f.length() - 3;
      f.seek(pos);
      int b = f.read();
      f.seek(pos);
      f.write(b ^ 0x40);
    }
    ArtifactException e = assertThrows(ArtifactException.class, () -> ModelArtifact.load(dir));
    assertTrue(e.getMessage().contains("checksum mismatch for model.safetensors"), e.getMessage());
  }

  @Test
  void aMissingFileIsNamed() throws Exception {
    CtrModel m = model("{\"type\":\"LR\"}");
    ModelArtifact.save(m, Provenance.of("d", "s", 1, Map.of()), dir);
    Files.delete(dir.resolve(ModelArtifact.PROVENANCE));
    ArtifactException e = assertThrows(ArtifactException.class, () -> ModelArtifact.load(dir));
    assertTrue(e.getMessage().contains("artifact file missing"), e.getMessage());
    assertTrue(e.getMessage().contains("provenance.json"), e.getMessage());
  }

  @Test
  void mismatchedShapesNameTheTensorAndBothShapes() throws Exception {
    CtrModel wide = model("{\"type\":\"FM\",\"embeddingDim\":8}");
    Path file = dir.resolve("fm8.safetensors");
    ModelArtifact.writeTensors(wide, file);
    CtrModel narrow = model("{\"type\":\"FM\",\"embeddingDim\":4}");
    int users = SCHEMA.mapper(0).tableRows(0);
    assertRefused(
        narrow,
        file,
        "tensor emb.user: expected shape [" + users + ", 4], found [" + users + ", 8]");
  }

  @Test
  void aMissingTensorIsNamedAndAnExtraOneToo() throws Exception {
    CtrModel m = model("{\"type\":\"FM\",\"embeddingDim\":4}");
    List<SafeTensors.Tensor> tensors = new ArrayList<>();
    for (Param p : m.params()) {
      if (!p.name.equals("linear.item")) {
        long[] shape = java.util.Arrays.stream(p.shape).asLongStream().toArray();
        tensors.add(new SafeTensors.Tensor(p.name, shape, p.w));
      }
    }
    tensors.add(new SafeTensors.Tensor("fm.extra", new long[] {2}, new float[2]));
    Path file = dir.resolve("partial.safetensors");
    SafeTensors.write(file, Map.of(), tensors);
    int items = SCHEMA.mapper(1).tableRows(0);
    assertRefused(
        m,
        file,
        "missing tensor linear.item (expected shape [" + items + ", 1])",
        "unexpected tensor fm.extra [2]");
  }

  @Test
  void aTruncatedTensorsFileNamesTheTensorItCannotHold() throws Exception {
    CtrModel m = model("{\"type\":\"LR\"}");
    Path file = dir.resolve("lr.safetensors");
    ModelArtifact.writeTensors(m, file);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(f.length() - 4);
    }
    // bias is written last, so it is the tensor past the end of the data
    assertRefused(m, file, "tensor bias of shape [1] needs 4 bytes");
  }

  @Test
  void nanAndInfiniteInputsGiveTheMissingRowsScoreNeverNaN() throws Exception {
    CtrModel m =
        model(
            "{\"type\":\"AUTOINT_PLUS\",\"wide\":true,\"embeddingDim\":8,"
                + "\"embeddingStd\":0.3,\"dnn\":{\"hidden\":[8]},"
                + "\"attention\":{\"layers\":1,\"heads\":2,\"headDim\":4}}");
    ModelArtifact.save(m, Provenance.of("d", "s", 1, Map.of()), dir);
    CtrModel loaded = ModelArtifact.load(dir).model();
    List<TrainingExample> examples = new ArrayList<>();
    Double[] prices = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, null};
    for (Double price : prices) {
      examples.add(
          SyntheticCtr.example(
              0,
              "u1",
              "i1",
              List.of(
                  SyntheticCtr.cat("user", "u1"),
                  SyntheticCtr.cat("item", "i1"),
                  Feature.newBuilder()
                      .setName("price")
                      .setValues(List.of())
                      .setNumber(price)
                      .build()),
              true));
    }
    // the same example with the price field absent altogether
    examples.add(
        SyntheticCtr.example(
            0,
            "u1",
            "i1",
            List.of(SyntheticCtr.cat("user", "u1"), SyntheticCtr.cat("item", "i1")),
            true));
    float[] p = loaded.predict(EncodedData.encode(loaded.schema(), examples));
    for (float x : p) {
      assertTrue(Float.isFinite(x) && x > 0 && x < 1, "prediction " + x);
      assertEquals(p[p.length - 1], x);
    }
  }
}
