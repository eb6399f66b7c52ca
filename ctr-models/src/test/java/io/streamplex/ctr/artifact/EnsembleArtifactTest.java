package io.streamplex.ctr.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.ctr.data.EmbeddingSchema;
import io.streamplex.ctr.data.EncodedData;
import io.streamplex.ctr.data.SyntheticCtr;
import io.streamplex.ctr.models.CtrModel;
import io.streamplex.ctr.models.Ensemble;
import io.streamplex.ctr.models.ModelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnsembleArtifactTest {

  @TempDir Path dir;

  private static ModelArtifact.Loaded member(String json, EmbeddingSchema schema) {
    CtrModel m = CtrModel.create(ModelConfig.parse(json), schema, 64);
    return new ModelArtifact.Loaded(
        m, Provenance.of("synthetic-400", "random 80/10/10", 5, Map.of("auc", 0.7)));
  }

  private static final String FM = "{\"type\":\"FM\",\"embeddingDim\":8,\"embeddingStd\":0.3}";
  private static final String DNN =
      "{\"type\":\"DNN\",\"embeddingDim\":8,\"embeddingStd\":0.3,\"dnn\":{\"hidden\":[16]}}";

  @Test
  void savedEnsembleLoadsBackWithBitIdenticalMeanLogits() throws Exception {
    EmbeddingSchema schema = EmbeddingSchema.fit(SyntheticCtr.FIELDS, ModelArtifactTest.EXAMPLES);
    List<ModelArtifact.Loaded> members = List.of(member(FM, schema), member(DNN, schema));
    Provenance prov = Provenance.of("synthetic-400", "random 80/10/10", 5, Map.of("auc", 0.8));
    EnsembleArtifact.save("fm+dnn", members, prov, dir);
    assertTrue(EnsembleArtifact.isEnsemble(dir));

    EnsembleArtifact.Loaded loaded = EnsembleArtifact.load(dir);
    EncodedData data = EncodedData.encode(schema, ModelArtifactTest.EXAMPLES.subList(0, 64));
    float[] expected =
        new Ensemble(members.stream().map(ModelArtifact.Loaded::model).toList()).logits(data);
    float[] a = members.get(0).model().logits(data);
    float[] b = members.get(1).model().logits(data);
    for (int i = 0; i < expected.length; i++) {
      assertEquals((float) (((double) a[i] + b[i]) / 2), expected[i], "example " + i);
    }
    assertArrayEquals(expected, loaded.ensemble().logits(data));
    assertEquals("fm+dnn", loaded.name());
    assertEquals(prov, loaded.provenance());
    assertEquals(
        members.get(0).model().parameterCount() + members.get(1).model().parameterCount(),
        loaded.ensemble().parameterCount());
  }

  @Test
  void aReplacedMemberIsRefused() throws Exception {
    EmbeddingSchema schema = EmbeddingSchema.fit(SyntheticCtr.FIELDS, ModelArtifactTest.EXAMPLES);
    EnsembleArtifact.save(
        "fm+dnn",
        List.of(member(FM, schema), member(DNN, schema)),
        Provenance.of("synthetic-400", "random", 5, Map.of()),
        dir);
    // a valid model artifact of another model, swapped in for member 1
    Path other = dir.resolveSibling(dir.getFileName() + "-other");
    ModelArtifact.save(
        member("{\"type\":\"LR\"}", schema).model(),
        Provenance.of("synthetic-400", "random", 6, Map.of()),
        other);
    for (String f :
        List.of(
            ModelArtifact.CONFIG,
            ModelArtifact.TENSORS,
            ModelArtifact.PROVENANCE,
            ModelArtifact.MANIFEST)) {
      Files.copy(
          other.resolve(f),
          dir.resolve("member-1").resolve(f),
          StandardCopyOption.REPLACE_EXISTING);
    }
    ArtifactException e = assertThrows(ArtifactException.class, () -> EnsembleArtifact.load(dir));
    assertTrue(
        e.getMessage().contains("member-1") && e.getMessage().contains("replaced"), e.getMessage());
  }

  @Test
  void membersWithOtherVocabulariesAreRefused() throws Exception {
    EmbeddingSchema a = EmbeddingSchema.fit(SyntheticCtr.FIELDS, ModelArtifactTest.EXAMPLES);
    EmbeddingSchema b =
        EmbeddingSchema.fit(SyntheticCtr.FIELDS, ModelArtifactTest.EXAMPLES.subList(0, 50));
    EnsembleArtifact.save(
        "fm+fm",
        List.of(member(FM, a), member(FM, b)),
        Provenance.of("synthetic-400", "random", 5, Map.of()),
        dir);
    ArtifactException e = assertThrows(ArtifactException.class, () -> EnsembleArtifact.load(dir));
    assertTrue(e.getMessage().contains("vocabularies"), e.getMessage());
  }
}
