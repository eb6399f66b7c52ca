package io.streamplex.ctr.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamplex.ctr.models.CtrModel;
import io.streamplex.ctr.models.Ensemble;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link Ensemble} on disk: {@code ensemble.json} (format, name, provenance of the ensemble as a
 * whole, and per member its directory and the SHA-256 of its manifest) beside one ordinary {@link
 * ModelArtifact} per member in {@code member-0/}, {@code member-1/}, …. A member is a complete
 * model artifact, so PyTorch users read each one as before; the recorded manifest checksums tie the
 * members to the ensemble, so that swapping one member for another model is refused on load.
 */
public final class EnsembleArtifact {

  public static final String FORMAT = "streamplex.ctr-ensemble";
  public static final int FORMAT_VERSION = 1;
  public static final String FILE = "ensemble.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** A loaded ensemble with its own provenance and its members'. */
  public record Loaded(
      String name, Ensemble ensemble, Provenance provenance, List<ModelArtifact.Loaded> members) {}

  private EnsembleArtifact() {}

  /** Whether dir holds an ensemble rather than a single-model artifact. */
  public static boolean isEnsemble(Path dir) {
    return Files.isRegularFile(dir.resolve(FILE));
  }

  public static void save(
      String name, List<ModelArtifact.Loaded> members, Provenance provenance, Path dir)
      throws IOException {
    Files.createDirectories(dir);
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("formatVersion", FORMAT_VERSION);
    root.put("name", name);
    root.set("provenance", JSON.valueToTree(provenance));
    ArrayNode list = root.putArray("members");
    for (int i = 0; i < members.size(); i++) {
      String sub = "member-" + i;
      ModelArtifact.save(members.get(i).model(), members.get(i).provenance(), dir.resolve(sub));
      list.addObject()
          .put("dir", sub)
          .put("model", members.get(i).model().config().displayName())
          .put(
              "manifestSha256",
              ModelArtifact.sha256(dir.resolve(sub).resolve(ModelArtifact.MANIFEST)));
    }
    JSON.writeValue(dir.resolve(FILE).toFile(), root);
  }

  /**
   * Loads every member (each verified as a model artifact), after checking that each member's
   * manifest is the one the ensemble recorded and that all members read the same fields and
   * vocabularies.
   *
   * @throws ArtifactException naming the member whose checksum or schema does not match
   */
  public static Loaded load(Path dir) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(dir.resolve(FILE).toFile());
    } catch (IOException e) {
      throw new ArtifactException(dir + ": cannot read " + FILE + ": " + e.getMessage(), e);
    }
    if (!FORMAT.equals(root.path("format").asText())
        || root.path("formatVersion").asInt() != FORMAT_VERSION) {
      throw new ArtifactException(
          dir + ": " + FILE + " is not a " + FORMAT + " version " + FORMAT_VERSION + " file");
    }
    List<ModelArtifact.Loaded> members = new ArrayList<>();
    JsonNode firstSchema = null;
    for (JsonNode m : root.path("members")) {
      Path sub = dir.resolve(m.path("dir").asText());
      String expected = m.path("manifestSha256").asText();
      String found = ModelArtifact.sha256(sub.resolve(ModelArtifact.MANIFEST));
      if (!found.equals(expected)) {
        throw new ArtifactException(
            sub
                + ": this member's manifest ("
                + found
                + ") is not the one the ensemble recorded ("
                + expected
                + "): a member was replaced or edited");
      }
      JsonNode schema = JSON.readTree(sub.resolve(ModelArtifact.CONFIG).toFile()).path("schema");
      if (firstSchema == null) {
        firstSchema = schema;
      } else if (!firstSchema.equals(schema)) {
        throw new ArtifactException(
            sub + ": reads other fields or vocabularies than the first member; cannot ensemble");
      }
      members.add(ModelArtifact.load(sub));
    }
    if (members.size() < 2) {
      throw new ArtifactException(dir + ": an ensemble needs at least two members");
    }
    Provenance provenance = JSON.treeToValue(root.path("provenance"), Provenance.class);
    List<CtrModel> models = members.stream().map(ModelArtifact.Loaded::model).toList();
    return new Loaded(root.path("name").asText(), new Ensemble(models), provenance, members);
  }
}
