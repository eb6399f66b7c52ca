package io.streamplex.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the folder of staged real datasets ({@code ../shared/datasets}). The first existing
 * directory wins, in this order:
 *
 * <ol>
 *   <li>system property {@value #DATASETS_DIR_PROPERTY};
 *   <li>system property {@value #SHARED_DIR_PROPERTY} + {@code /datasets} (set by surefire);
 *   <li>environment variable {@value #DATASETS_ENV};
 *   <li>{@code ../shared/datasets} relative to the working directory;
 *   <li>{@code shared/datasets} inside the nearest ancestor of the working directory that has one
 *       (so a module directory or a worktree below the project finds it too).
 * </ol>
 *
 * The datasets are licensed and never copied into the repository; code reads them in place.
 */
public final class DatasetPaths {
  public static final String DATASETS_DIR_PROPERTY = "streamplex.datasets.dir";
  public static final String SHARED_DIR_PROPERTY = "streamplex.shared.dir";
  public static final String DATASETS_ENV = "STREAMPLEX_DATASETS";

  /** A place looked at, and how it was chosen. */
  public record Candidate(String how, Path path) {
    boolean exists() {
      return Files.isDirectory(path);
    }

    @Override
    public String toString() {
      return path + " (" + how + (exists() ? ")" : ", absent)");
    }
  }

  private final List<Candidate> candidates;

  private DatasetPaths(List<Candidate> candidates) {
    this.candidates = candidates;
  }

  /** The lookup for this JVM's system properties, environment and working directory. */
  public static DatasetPaths current() {
    return of(System::getProperty, System::getenv, Path.of("").toAbsolutePath());
  }

  /** A lookup with explicit sources, for tests and embedding. */
  public static DatasetPaths of(
      Function<String, String> properties, Function<String, String> env, Path workingDir) {
    List<Candidate> c = new ArrayList<>();
    String dir = properties.apply(DATASETS_DIR_PROPERTY);
    if (dir != null && !dir.isBlank()) {
      c.add(new Candidate("-D" + DATASETS_DIR_PROPERTY, Path.of(dir)));
    }
    String shared = properties.apply(SHARED_DIR_PROPERTY);
    if (shared != null && !shared.isBlank()) {
      c.add(
          new Candidate("-D" + SHARED_DIR_PROPERTY + " + /datasets", Path.of(shared, "datasets")));
    }
    String fromEnv = env.apply(DATASETS_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      c.add(new Candidate("$" + DATASETS_ENV, Path.of(fromEnv)));
    }
    Path cwd = workingDir.toAbsolutePath().normalize();
    c.add(new Candidate("../shared/datasets from the working directory", relative(cwd)));
    for (Path p = cwd.getParent(); p != null; p = p.getParent()) {
      Path there = p.resolve("shared").resolve("datasets");
      if (Files.isDirectory(there)) {
        c.add(new Candidate("shared/datasets in an ancestor of the working directory", there));
        break;
      }
    }
    return new DatasetPaths(List.copyOf(c));
  }

  private static Path relative(Path cwd) {
    Path parent = cwd.getParent();
    return (parent == null ? cwd : parent).resolve("shared").resolve("datasets");
  }

  /** The datasets folder of this JVM, if any. */
  public static Optional<Path> find() {
    return current().root();
  }

  /** The folder of dataset {@code name} (e.g. "movielens-100k"), or a clear error. */
  public static Path require(String name) {
    return current().dataset(name);
  }

  /** The folder of dataset {@code name} if it is staged. */
  public static Optional<Path> findDataset(String name) {
    return find().map(r -> r.resolve(name)).filter(Files::isDirectory);
  }

  /**
   * Why {@code name} cannot be used here, for a test to skip with; empty when it is present.
   *
   * <p>Tests: {@code Assumptions.assumeTrue(DatasetPaths.findDataset(n).isPresent(), () ->
   * DatasetPaths.missingMessage(n))}, or {@code DatasetAssumptions.assumeDataset(n)} from this
   * module's test jar.
   */
  public static String missingMessage(String name) {
    return current().describeMissing(name);
  }

  /** Every place looked at, in order. */
  public List<Candidate> candidates() {
    return candidates;
  }

  /** The first candidate that is a directory. */
  public Optional<Path> root() {
    return candidates.stream().filter(Candidate::exists).map(Candidate::path).findFirst();
  }

  /** The folder of dataset {@code name} under {@link #root()}; throws naming where it looked. */
  public Path dataset(String name) {
    Optional<Path> root = root();
    if (root.isPresent() && Files.isDirectory(root.get().resolve(name))) {
      return root.get().resolve(name);
    }
    throw new IllegalStateException(describeMissing(name));
  }

  String describeMissing(String name) {
    Optional<Path> root = root();
    if (root.isPresent()) {
      Path there = root.get().resolve(name);
      if (Files.isDirectory(there)) {
        return "";
      }
      return "dataset '"
          + name
          + "' is not staged: "
          + there
          + " does not exist (datasets folder "
          + root.get()
          + ")";
    }
    return "dataset '"
        + name
        + "' not found: no datasets folder; looked in "
        + candidates
        + ". Set -D"
        + DATASETS_DIR_PROPERTY
        + "=DIR or $"
        + DATASETS_ENV
        + "=DIR to point at the staged datasets.";
  }
}
