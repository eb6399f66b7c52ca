package io.streamplex.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

/**
 * For tests that read {@code ../shared/datasets}: skips the test with a message naming the dataset
 * and where it was looked for when it is not staged. Other modules get it from this module's test
 * jar ({@code streamplex-schemas}, type {@code test-jar}).
 */
public final class DatasetAssumptions {
  private DatasetAssumptions() {}

  /** The folder of dataset {@code name}; skips the calling test when it is absent. */
  public static Path assumeDataset(String name) {
    var dir = DatasetPaths.findDataset(name);
    assumeTrue(dir.isPresent(), () -> "skipped: " + DatasetPaths.missingMessage(name));
    return dir.get();
  }
}
