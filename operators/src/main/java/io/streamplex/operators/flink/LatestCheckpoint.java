package io.streamplex.operators.flink;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Finds the newest retained checkpoint under a checkpoint directory, the value to pass as {@code
 * execution.state-recovery.path} (or {@link StreamplexOptions#RESTORE_PATH}) to resume a job.
 *
 * <p>Flink writes {@code <dir>/<job-id>/chk-<n>/_metadata}; a {@code chk-<n>} directory without
 * {@code _metadata} is a checkpoint still in progress or an aborted one and cannot be restored. The
 * directory may be the checkpoint root (holding one sub-directory per job id) or one job's
 * directory. Across jobs, checkpoint numbers are not comparable, so the newest {@code _metadata}
 * wins, and within one job the highest number breaks ties of equal modification times. Works on any
 * file system Flink can reach (local paths, {@code file:}, and plugin schemes).
 */
public final class LatestCheckpoint {

  private static final Pattern CHECKPOINT_DIR = Pattern.compile("chk-(\\d{1,18})");
  private static final String METADATA = "_metadata";

  private LatestCheckpoint() {}

  /** One restorable checkpoint: its {@code chk-<n>} directory, number and completion time. */
  public record Found(String path, long checkpointId, long metadataModifiedMillis) {}

  /**
   * Returns the newest restorable checkpoint under {@code checkpointDir}, or empty when there is
   * none or the directory does not exist yet (a first run).
   *
   * @throws UncheckedIOException when the directory exists but cannot be listed
   */
  public static Optional<Found> find(String checkpointDir) {
    if (checkpointDir == null || checkpointDir.isBlank()) {
      throw new IllegalArgumentException("checkpoint directory is blank");
    }
    Path root = new Path(checkpointDir);
    try {
      FileSystem fs = root.getFileSystem();
      if (!fs.exists(root)) {
        return Optional.empty();
      }
      Optional<Found> best = newestIn(fs, root);
      for (FileStatus child : list(fs, root)) {
        if (child.isDir() && !CHECKPOINT_DIR.matcher(child.getPath().getName()).matches()) {
          Optional<Found> inJob = newestIn(fs, child.getPath());
          if (inJob.isPresent()
              && (best.isEmpty() || NEWEST.compare(inJob.get(), best.get()) > 0)) {
            best = inJob;
          }
        }
      }
      return best;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list checkpoint directory " + checkpointDir, e);
    }
  }

  private static final Comparator<Found> NEWEST =
      Comparator.comparingLong(Found::metadataModifiedMillis)
          .thenComparingLong(Found::checkpointId);

  private static Optional<Found> newestIn(FileSystem fs, Path jobDir) throws IOException {
    Found best = null;
    FileStatus[] children;
    try {
      children = list(fs, jobDir);
    } catch (FileNotFoundException deletedWhileListing) {
      return Optional.empty();
    }
    for (FileStatus child : children) {
      Matcher m = CHECKPOINT_DIR.matcher(child.getPath().getName());
      if (!child.isDir() || !m.matches()) {
        continue;
      }
      long modified;
      try {
        modified = fs.getFileStatus(new Path(child.getPath(), METADATA)).getModificationTime();
      } catch (FileNotFoundException inProgressOrSubsumed) {
        // no metadata yet, or a running job deleted this subsumed checkpoint while we listed
        continue;
      }
      Found found = new Found(child.getPath().toString(), Long.parseLong(m.group(1)), modified);
      if (best == null || NEWEST.compare(found, best) > 0) {
        best = found;
      }
    }
    return Optional.ofNullable(best);
  }

  private static FileStatus[] list(FileSystem fs, Path dir) throws IOException {
    FileStatus[] children = fs.listStatus(dir);
    return children == null ? new FileStatus[0] : children;
  }
}
