package io.streamplex.operators.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.RemoteStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlinkEnvironmentsTest {

  @TempDir Path tmp;

  private Configuration options() {
    Configuration c = new Configuration();
    c.set(StreamplexOptions.CHECKPOINT_DIR, tmp.resolve("ckpt").toUri().toString());
    return c;
  }

  /** The keys are Flink 2.2's own names (STACK.md), checked as strings, not through constants. */
  @Test
  void mapsOptionsToFlinkKeys() {
    Configuration options = options();
    options.set(StreamplexOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(3));
    options.set(StreamplexOptions.RESTART_ATTEMPTS, 5);
    options.set(StreamplexOptions.RESTART_DELAY, Duration.ofMillis(1500));
    options.set(StreamplexOptions.ROCKSDB_MANAGED_MEMORY, MemorySize.parse("2g"));
    options.set(StreamplexOptions.PARALLELISM, 3);
    options.set(StreamplexOptions.MAX_PARALLELISM, 256);
    options.setString("pipeline.object-reuse", "true");

    Map<String, String> flink = FlinkEnvironments.flinkConfiguration(options).toMap();

    assertEquals("rocksdb", flink.get("state.backend.type"));
    assertEquals("filesystem", flink.get("execution.checkpointing.storage"));
    assertEquals(
        options.get(StreamplexOptions.CHECKPOINT_DIR), flink.get("execution.checkpointing.dir"));
    assertEquals("true", flink.get("execution.checkpointing.incremental"));
    assertEquals("3 s", flink.get("execution.checkpointing.interval"));
    assertEquals(
        "RETAIN_ON_CANCELLATION",
        flink.get("execution.checkpointing.externalized-checkpoint-retention"));
    assertEquals("fixed-delay", flink.get("restart-strategy.type"));
    assertEquals("5", flink.get("restart-strategy.fixed-delay.attempts"));
    assertEquals("1500 ms", flink.get("restart-strategy.fixed-delay.delay"));
    assertEquals("2 gb", flink.get("taskmanager.memory.managed.size"));
    assertEquals("true", flink.get("state.backend.rocksdb.use-bloom-filter"));
    assertEquals("3", flink.get("parallelism.default"));
    assertEquals("256", flink.get("pipeline.max-parallelism"));
    assertEquals("true", flink.get("pipeline.object-reuse"), "Flink keys pass through");
    assertFalse(flink.containsKey("execution.state-recovery.path"), "no restore by default");
  }

  @Test
  void explicitRestorePathWins() throws Exception {
    Configuration options = options();
    writeCheckpoint("job-a", 7);
    options.set(StreamplexOptions.RESTORE_LATEST_CHECKPOINT, true);
    options.set(StreamplexOptions.RESTORE_PATH, "file:/somewhere/chk-1");
    assertEquals(
        "file:/somewhere/chk-1",
        FlinkEnvironments.flinkConfiguration(options).toMap().get("execution.state-recovery.path"));
  }

  @Test
  void restoresFromTheLatestRetainedCheckpointWhenAsked() throws Exception {
    Configuration options = options();
    options.set(StreamplexOptions.RESTORE_LATEST_CHECKPOINT, true);
    assertFalse(
        FlinkEnvironments.flinkConfiguration(options).containsKey("execution.state-recovery.path"),
        "a first run has nothing to restore");
    Path chk = writeCheckpoint("job-a", 7);
    String path =
        FlinkEnvironments.flinkConfiguration(options).toMap().get("execution.state-recovery.path");
    assertEquals(chk.toRealPath(), Path.of(new org.apache.flink.core.fs.Path(path).toUri()));
  }

  @Test
  void badValuesAreRejectedNamingTheOption() {
    assertRejected(
        c -> c.removeConfig(StreamplexOptions.CHECKPOINT_DIR), "streamplex.checkpoint.dir");
    assertRejected(
        c -> c.set(StreamplexOptions.CHECKPOINT_INTERVAL, Duration.ZERO),
        "streamplex.checkpoint.interval");
    assertRejected(
        c -> c.set(StreamplexOptions.RESTART_ATTEMPTS, -1), "streamplex.restart.attempts");
    assertRejected(c -> c.set(StreamplexOptions.PARALLELISM, 0), "streamplex.parallelism");
    assertRejected(
        c -> {
          c.set(StreamplexOptions.PARALLELISM, 8);
          c.set(StreamplexOptions.MAX_PARALLELISM, 4);
        },
        "streamplex.max-parallelism");
    assertRejected(c -> c.set(StreamplexOptions.WEB_UI_PORT, 70000), "streamplex.web-ui.port");
    assertRejected(
        c -> c.set(StreamplexOptions.ACTIVITY_LAST_ITEMS, 0), "streamplex.activity.last-items");
  }

  @Test
  void localClusterHasOneSlotPerParallelSubtaskAndListensOnLocalhost() {
    Configuration options = options();
    options.set(StreamplexOptions.PARALLELISM, 3);
    StreamExecutionEnvironment env = FlinkEnvironments.local(options);
    assertInstanceOf(LocalStreamEnvironment.class, env);
    assertEquals(3, env.getConfiguration().get(TaskManagerOptions.NUM_TASK_SLOTS));
    assertEquals(3, env.getParallelism());
    assertEquals("localhost", env.getConfiguration().get(RestOptions.BIND_ADDRESS));
    assertEquals("8081", env.getConfiguration().get(RestOptions.BIND_PORT));

    options.set(StreamplexOptions.WEB_UI_ENABLED, false);
    assertEquals(
        "0",
        FlinkEnvironments.local(options).getConfiguration().get(RestOptions.BIND_PORT),
        "without the web UI the REST API takes any free port");
  }

  @Test
  void remoteEnvironmentNeedsAHostAndPort() {
    assertInstanceOf(
        RemoteStreamEnvironment.class, FlinkEnvironments.remote(options(), "localhost", 8081));
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> FlinkEnvironments.remote(options(), " ", 8081));
    assertTrue(e.getMessage().contains("host"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> FlinkEnvironments.remote(options(), "localhost", 0));
  }

  private void assertRejected(Consumer<Configuration> change, String key) {
    Configuration options = options();
    change.accept(options);
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> FlinkEnvironments.flinkConfiguration(options));
    assertTrue(e.getMessage().contains(key), e.getMessage());
  }

  private Path writeCheckpoint(String job, int n) throws Exception {
    Path chk = Files.createDirectories(tmp.resolve("ckpt").resolve(job).resolve("chk-" + n));
    Files.writeString(chk.resolve("_metadata"), "x");
    return chk;
  }
}
