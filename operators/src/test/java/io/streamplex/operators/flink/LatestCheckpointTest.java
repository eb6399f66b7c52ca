package io.streamplex.operators.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatestCheckpointTest {

  @TempDir Path root;

  private Path checkpoint(String job, String name, boolean complete, long modifiedMillis)
      throws Exception {
    Path dir = Files.createDirectories(root.resolve(job).resolve(name));
    if (complete) {
      Path metadata = Files.writeString(dir.resolve("_metadata"), "m");
      Files.setLastModifiedTime(metadata, FileTime.fromMillis(modifiedMillis));
    }
    return dir;
  }

  private static Path local(LatestCheckpoint.Found found) {
    return Path.of(new org.apache.flink.core.fs.Path(found.path()).toUri());
  }

  @Test
  void picksTheHighestCompleteCheckpointOfAJob() throws Exception {
    checkpoint("job1", "chk-3", true, 1_000_000);
    Path ten = checkpoint("job1", "chk-10", true, 1_000_000);
    checkpoint("job1", "chk-11", false, 0); // in progress: no _metadata
    checkpoint("job1", "chk-x", true, 9_000_000); // not a checkpoint name
    Files.createDirectories(root.resolve("job1").resolve("shared"));

    LatestCheckpoint.Found found = LatestCheckpoint.find(root.toString()).orElseThrow();
    assertEquals(10, found.checkpointId());
    assertEquals(ten.toRealPath(), local(found).toRealPath());

    LatestCheckpoint.Found inJobDir =
        LatestCheckpoint.find(root.resolve("job1").toUri().toString()).orElseThrow();
    assertEquals(10, inJobDir.checkpointId(), "a job's own directory works too, as a URI");
  }

  @Test
  void acrossJobsTheNewestMetadataWins() throws Exception {
    checkpoint("old-job", "chk-50", true, 1_000_000);
    Path newer = checkpoint("new-job", "chk-2", true, 2_000_000);
    LatestCheckpoint.Found found = LatestCheckpoint.find(root.toString()).orElseThrow();
    assertEquals(newer.toRealPath(), local(found).toRealPath());
  }

  @Test
  void nothingToRestore() throws Exception {
    assertEquals(Optional.empty(), LatestCheckpoint.find(root.resolve("absent").toString()));
    checkpoint("job1", "chk-1", false, 0);
    assertEquals(Optional.empty(), LatestCheckpoint.find(root.toString()));
  }

  @Test
  void blankDirectoryIsRejected() {
    var e = assertThrows(IllegalArgumentException.class, () -> LatestCheckpoint.find(" "));
    assertTrue(e.getMessage().contains("blank"), e.getMessage());
  }
}
