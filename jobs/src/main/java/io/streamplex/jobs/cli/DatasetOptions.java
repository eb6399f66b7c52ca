package io.streamplex.jobs.cli;

import io.streamplex.data.DatasetPaths;
import io.streamplex.data.DatasetSource;
import io.streamplex.data.Datasets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that choose a dataset, shared by every command that reads one. */
public final class DatasetOptions {

  @Option(
      names = "--datasets-dir",
      paramLabel = "DIR",
      description =
          "Folder holding the datasets (default: -Dstreamplex.datasets.dir, $STREAMPLEX_DATASETS,"
              + " or ../shared/datasets).")
  Path datasetsDir;

  /** Applies {@code --datasets-dir}, then finds the named dataset, or fails naming the problem. */
  public DatasetSource resolve(String name) {
    if (datasetsDir != null) {
      if (!Files.isDirectory(datasetsDir)) {
        throw new UserException("--datasets-dir " + datasetsDir + " is not a directory");
      }
      System.setProperty(
          DatasetPaths.DATASETS_DIR_PROPERTY, datasetsDir.toAbsolutePath().toString());
    }
    DatasetSource source;
    try {
      source = Datasets.get(name);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    if (!source.available()) {
      throw new UserException(
          "dataset '"
              + name
              + "' is not available here: "
              + DatasetPaths.missingMessage(source.folder()));
    }
    return source;
  }
}
