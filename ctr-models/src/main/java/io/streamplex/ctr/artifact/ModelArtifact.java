package io.streamplex.ctr.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamplex.ctr.data.EmbeddingSchema;
import io.streamplex.ctr.layers.Param;
import io.streamplex.ctr.models.CtrModel;
import io.streamplex.ctr.models.ModelConfig;
import io.streamplex.embeddings.table.SafeTensors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One versioned model artifact, a directory of four files:
 *
 * <ul>
 *   <li>{@value #CONFIG}: the model config and the embedding schema (fields, vocabularies or
 *       strategy settings, numeric bounds);
 *   <li>{@value #TENSORS}: every {@link Param} by its PyTorch-style name, F32, in safetensors;
 *   <li>{@value #PROVENANCE}: data, split, seed, metrics, code version, creation time;
 *   <li>{@value #MANIFEST}: format name and version and the SHA-256 of each file above, checked
 *       before anything is parsed so a corrupt or edited artifact is refused.
 * </ul>
 *
 * A tensors file written by PyTorch with the same names and shapes loads through {@link
 * #fromTensors}, which needs no manifest.
 */
public final class ModelArtifact {

  public static final String FORMAT = "streamplex.ctr-model";
  public static final int FORMAT_VERSION = 1;
  public static final String CONFIG = "config.json";
  public static final String TENSORS = "model.safetensors";
  public static final String PROVENANCE = "provenance.json";
  public static final String MANIFEST = "manifest.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** A loaded artifact. */
  public record Loaded(CtrModel model, Provenance provenance) {}

  private ModelArtifact() {}

  /** Writes the artifact into dir (created if needed; existing artifact files are replaced). */
  public static void save(CtrModel model, Provenance provenance, Path dir) throws IOException {
    Files.createDirectories(dir);
    writeConfig(model.config(), model.schema(), dir.resolve(CONFIG));
    writeTensors(model, dir.resolve(TENSORS));
    JSON.writeValue(dir.resolve(PROVENANCE).toFile(), provenance);
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("format", FORMAT);
    manifest.put("formatVersion", FORMAT_VERSION);
    ObjectNode sums = manifest.putObject("sha256");
    for (String f : List.of(CONFIG, TENSORS, PROVENANCE)) {
      sums.put(f, sha256(dir.resolve(f)));
    }
    JSON.writeValue(dir.resolve(MANIFEST).toFile(), manifest);
  }

  /** Loads an artifact with room for batches of the config's batch size. */
  public static Loaded load(Path dir) throws IOException {
    return load(dir, 0);
  }

  /**
   * Verifies the checksums, rebuilds the model from the config and fills every parameter from the
   * tensors.
   *
   * @param maxBatch largest forward batch; 0 for the config's batch size
   * @throws ArtifactException naming the file whose checksum fails, or the tensor that is missing
   *     or has the wrong shape
   */
  public static Loaded load(Path dir, int maxBatch) throws IOException {
    JsonNode manifest = readJson(dir.resolve(MANIFEST));
    if (!FORMAT.equals(manifest.path("format").asText())) {
      throw new ArtifactException(dir + ": " + MANIFEST + " is not a " + FORMAT + " manifest");
    }
    if (manifest.path("formatVersion").asInt() != FORMAT_VERSION) {
      throw new ArtifactException(
          dir
              + ": unsupported artifact format version "
              + manifest.path("formatVersion")
              + " (this code reads "
              + FORMAT_VERSION
              + ")");
    }
    for (String f : List.of(CONFIG, TENSORS, PROVENANCE)) {
      String expected = manifest.path("sha256").path(f).asText();
      String found = sha256(dir.resolve(f));
      if (!found.equals(expected)) {
        throw new ArtifactException(
            dir
                + ": checksum mismatch for "
                + f
                + " (manifest "
                + (expected.isEmpty() ? "has none" : expected)
                + ", file "
                + found
                + "): the artifact is corrupt or was edited");
      }
    }
    CtrModel model = fromTensors(dir.resolve(CONFIG), dir.resolve(TENSORS), maxBatch);
    Provenance provenance;
    try {
      provenance = JSON.treeToValue(readJson(dir.resolve(PROVENANCE)), Provenance.class);
    } catch (IOException e) {
      throw new ArtifactException(dir + ": bad " + PROVENANCE + ": " + e.getMessage(), e);
    }
    return new Loaded(model, provenance);
  }

  /** Writes the config JSON: {@code format}, {@code model} (a ModelConfig), {@code schema}. */
  public static void writeConfig(ModelConfig config, EmbeddingSchema schema, Path file)
      throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("formatVersion", FORMAT_VERSION);
    root.set("model", config.toJsonTree());
    root.set("schema", SchemaJson.toJson(schema));
    JSON.writeValue(file.toFile(), root);
  }

  /** Writes every parameter of the model, in build order, as an F32 tensor of its shape. */
  public static void writeTensors(CtrModel model, Path file) throws IOException {
    List<SafeTensors.Tensor> tensors = new ArrayList<>();
    for (Param p : model.params()) {
      tensors.add(new SafeTensors.Tensor(p.name, longs(p.shape), p.w));
    }
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("format", FORMAT);
    meta.put("model", model.config().displayName());
    SafeTensors.write(file, meta, tensors);
  }

  /**
   * Builds the model described by a config JSON and fills its parameters from a safetensors file
   * (ours or PyTorch's), without checksums.
   */
  public static CtrModel fromTensors(Path configFile, Path tensorsFile, int maxBatch)
      throws IOException {
    JsonNode root = readJson(configFile);
    if (!FORMAT.equals(root.path("format").asText())) {
      throw new ArtifactException(configFile + ": not a " + FORMAT + " config");
    }
    ModelConfig config;
    EmbeddingSchema schema;
    try {
      config = ModelConfig.parse(JSON.writeValueAsString(root.path("model")));
      schema = SchemaJson.fromJson(root.path("schema"));
    } catch (IllegalArgumentException e) {
      throw new ArtifactException(configFile + ": " + e.getMessage(), e);
    }
    CtrModel model =
        CtrModel.create(config, schema, maxBatch > 0 ? maxBatch : Math.max(1, config.batchSize));
    readTensors(model, tensorsFile);
    return model;
  }

  /**
   * Overwrites every parameter of the model with the tensor of the same name. All problems are
   * reported together: missing tensors, shape or dtype mismatches (expected vs found), and tensors
   * the model does not have (PyTorch's {@code num_batches_tracked} counters are ignored).
   */
  public static void readTensors(CtrModel model, Path file) throws IOException {
    try (SafeTensors.Reader in = SafeTensors.open(file)) {
      Map<String, SafeTensors.Info> found = in.tensors();
      List<String> problems = new ArrayList<>();
      TreeSet<String> unexpected = new TreeSet<>(found.keySet());
      for (Param p : model.params()) {
        unexpected.remove(p.name);
        SafeTensors.Info t = found.get(p.name);
        if (t == null) {
          problems.add("missing tensor " + p.name + " (expected shape " + shape(p.shape) + ")");
        } else if (!Arrays.equals(t.shape(), longs(p.shape))) {
          problems.add(
              "tensor "
                  + p.name
                  + ": expected shape "
                  + shape(p.shape)
                  + ", found "
                  + t.shapeString());
        } else if (!t.dtype().equals("F32")) {
          problems.add("tensor " + p.name + ": expected dtype F32, found " + t.dtype());
        }
      }
      unexpected.removeIf(n -> n.endsWith(".num_batches_tracked"));
      for (String n : unexpected) {
        problems.add(
            "unexpected tensor " + n + " " + found.get(n).shapeString() + " (not in the model)");
      }
      if (!problems.isEmpty()) {
        throw new ArtifactException(
            file
                + " does not match model "
                + model.config().displayName()
                + ": "
                + String.join("; ", problems));
      }
      for (Param p : model.params()) {
        in.read(p.name, p.w);
      }
    } catch (ArtifactException e) {
      throw e;
    } catch (IOException e) {
      throw new ArtifactException(file + ": " + e.getMessage(), e);
    }
  }

  /** Lower-case hex SHA-256 of a file's bytes. */
  public static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    } catch (NoSuchFileException e) {
      throw new ArtifactException("artifact file missing: " + file, e);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static JsonNode readJson(Path file) throws IOException {
    try {
      return JSON.readTree(file.toFile());
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw new ArtifactException("artifact file missing: " + file, e);
    } catch (IOException e) {
      throw new ArtifactException(file + ": not valid JSON: " + e.getMessage(), e);
    }
  }

  private static long[] longs(int[] shape) {
    long[] s = new long[shape.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = shape[i];
    }
    return s;
  }

  private static String shape(int[] shape) {
    return Arrays.toString(shape);
  }
}
