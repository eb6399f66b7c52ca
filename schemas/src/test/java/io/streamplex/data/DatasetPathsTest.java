package io.streamplex.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetPathsTest {
  @TempDir Path tmp;

  private static Path mkdirs(Path p) throws IOException {
    return Files.createDirectories(p);
  }

  @Test
  void explicitPropertyWinsOverEverythingElse() throws IOException {
    Path explicit = mkdirs(tmp.resolve("explicit"));
    Path shared = mkdirs(tmp.resolve("shared/datasets"));
    Path env = mkdirs(tmp.resolve("env"));
    var paths =
        DatasetPaths.of(
            Map.of(
                    DatasetPaths.DATASETS_DIR_PROPERTY, explicit.toString(),
                    DatasetPaths.SHARED_DIR_PROPERTY, shared.getParent().toString())
                ::get,
            Map.of(DatasetPaths.DATASETS_ENV, env.toString())::get,
            tmp.resolve("repo"));
    assertEquals(Optional.of(explicit), paths.root());
  }

  @Test
  void absentCandidatesFallThroughInOrder() throws IOException {
    Path env = mkdirs(tmp.resolve("env"));
    var paths =
        DatasetPaths.of(
            Map.of(
                    DatasetPaths.DATASETS_DIR_PROPERTY, tmp.resolve("nope").toString(),
                    DatasetPaths.SHARED_DIR_PROPERTY, tmp.resolve("nope2").toString())
                ::get,
            Map.of(DatasetPaths.DATASETS_ENV, env.toString())::get,
            tmp.resolve("repo"));
    assertEquals(Optional.of(env), paths.root());
    assertEquals(4, paths.candidates().size());
  }

  @Test
  void findsSharedBesideAnAncestorOfTheWorkingDirectory() throws IOException {
    Path shared = mkdirs(tmp.resolve("shared/datasets"));
    Path module = mkdirs(tmp.resolve("wt/schemas"));
    var paths = DatasetPaths.of(k -> null, k -> null, module);
    assertEquals(Optional.of(shared), paths.root());
    var fromRepoRoot = DatasetPaths.of(k -> null, k -> null, tmp.resolve("wt"));
    assertEquals(Optional.of(shared), fromRepoRoot.root());
  }

  @Test
  void missingDatasetErrorNamesEveryPlaceLookedAt() {
    Path nowhere = tmp.resolve("a/b");
    var paths =
        DatasetPaths.of(
            Map.of(DatasetPaths.DATASETS_DIR_PROPERTY, tmp.resolve("x").toString())::get,
            k -> null,
            nowhere);
    assertTrue(paths.root().isEmpty());
    var e = assertThrows(IllegalStateException.class, () -> paths.dataset("movielens-100k"));
    assertTrue(e.getMessage().contains("movielens-100k"), e.getMessage());
    assertTrue(e.getMessage().contains(tmp.resolve("x").toString()), e.getMessage());
    assertTrue(e.getMessage().contains(DatasetPaths.DATASETS_ENV), e.getMessage());
  }

  @Test
  void missingDatasetUnderAnExistingRootSaysWhichFolder() throws IOException {
    Path root = mkdirs(tmp.resolve("datasets"));
    mkdirs(root.resolve("criteo-kaggle-dac-first10k"));
    var paths =
        DatasetPaths.of(
            Map.of(DatasetPaths.DATASETS_DIR_PROPERTY, root.toString())::get, k -> null, tmp);
    assertEquals(
        root.resolve("criteo-kaggle-dac-first10k"), paths.dataset("criteo-kaggle-dac-first10k"));
    var e = assertThrows(IllegalStateException.class, () -> paths.dataset("frappe"));
    assertTrue(e.getMessage().contains(root.resolve("frappe").toString()), e.getMessage());
  }
}
