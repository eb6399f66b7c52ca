package io.streamplex.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One named dataset of the {@link Datasets} registry: where it lives under the datasets folder and
 * how to read it as behaviour events and/or as a labelled CTR view.
 *
 * @param name registry name, e.g. "movielens-100k"
 * @param folder folder under the datasets root, or null for generated data
 * @param description one line for help texts
 * @param behaviorReader reads events from the dataset's folder; null when it has none
 * @param ctrReader reads the CTR view from the dataset's folder; null when it has none
 */
public record DatasetSource(
    String name,
    String folder,
    String description,
    Reader<BehaviorLog> behaviorReader,
    Reader<CtrDataset> ctrReader) {

  /** Reads from the dataset's folder (null for generated data). */
  @FunctionalInterface
  public interface Reader<T> {
    T read(Path folder) throws IOException;
  }

  public boolean hasBehaviors() {
    return behaviorReader != null;
  }

  public boolean hasCtr() {
    return ctrReader != null;
  }

  /** True when it can be read here: generated, or its folder is staged. */
  public boolean available() {
    return folder == null || DatasetPaths.findDataset(folder).isPresent();
  }

  /** Behaviour events in time order, from the folder {@link DatasetPaths} finds. */
  public BehaviorLog behaviors() throws IOException {
    if (behaviorReader == null) {
      throw new UnsupportedOperationException(
          "dataset '" + name + "' has no behaviour events, only a CTR view");
    }
    return behaviorReader.read(location());
  }

  /** The labelled CTR view, from the folder {@link DatasetPaths} finds. */
  public CtrDataset ctr() throws IOException {
    if (ctrReader == null) {
      throw new UnsupportedOperationException(
          "dataset '" + name + "' has no CTR view, only behaviour events");
    }
    return ctrReader.read(location());
  }

  private Path location() {
    return folder == null ? null : DatasetPaths.require(folder);
  }
}
