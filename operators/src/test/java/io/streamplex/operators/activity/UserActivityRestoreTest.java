package io.streamplex.operators.activity;

import static io.streamplex.operators.testing.RestoreTestSupport.awaitCheckpoint;
import static io.streamplex.operators.testing.RestoreTestSupport.awaitTerminal;
import static io.streamplex.operators.testing.RestoreTestSupport.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.operators.flink.FlinkEnvironments;
import io.streamplex.operators.flink.LatestCheckpoint;
import io.streamplex.operators.flink.StreamplexOptions;
import io.streamplex.operators.testing.RestoreTestSupport;
import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.BehaviorType;
import io.streamplex.schema.UserActivity;
import java.io.DataInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.IncrementalRemoteKeyedStateHandle;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed RocksDB state survives a restore from a retained checkpoint, in a real local cluster.
 *
 * <p>Three jobs over the same deterministic input of {@value #EVENTS} events: a reference run
 * straight through (in a local cluster of its own, built by {@link FlinkEnvironments#local}); a run
 * whose source emits {@value #PER_CHECKPOINT} events per completed checkpoint, cancelled after a
 * few checkpoints; and a run restored from the checkpoint that the cancelled one left behind, which
 * reads the rest of the input. The last two are submitted over REST to one shared cluster through
 * {@link FlinkEnvironments#remote}. The restored run must continue every user's state exactly where
 * the reference run had it at the same point of the input.
 */
class UserActivityRestoreTest {

  private static final Logger LOG = LoggerFactory.getLogger(UserActivityRestoreTest.class);

  static final int EVENTS = 3000;
  static final int USERS = 17;
  static final int LAST_ITEMS = 5;
  static final int PER_CHECKPOINT = 100;
  static final long WAIT_SECONDS = 60;

  @TempDir Path tmp;

  @RegisterExtension
  static final RestoreTestSupport.RestCluster CLUSTER = new RestoreTestSupport.RestCluster();

  @Test
  void keyedRocksDbStateSurvivesARestoreFromARetainedCheckpoint() throws Exception {
    long t0 = System.nanoTime();
    String id = UUID.randomUUID().toString();
    Path checkpoints = tmp.resolve("checkpoints");
    URI rest = CLUSTER.rest();

    // the reference run straight through, in a local cluster of its own, meanwhile
    Configuration straight = options(tmp.resolve("reference"));
    // it needs no checkpoint, and each one would take a core from the others
    straight.set(StreamplexOptions.CHECKPOINT_INTERVAL, Duration.ofMinutes(10));
    JobClient reference =
        start(FlinkEnvironments.local(straight), id + "-reference", RateLimiterStrategy.noOp());

    // 1. the interrupted run: cancel once a few checkpoints are retained
    JobClient interrupted =
        start(
            FlinkEnvironments.remote(options(checkpoints), rest.getHost(), rest.getPort()),
            id + "-interrupted",
            RateLimiterStrategy.perCheckpoint(PER_CHECKPOINT));
    LatestCheckpoint.Found seen = awaitCheckpoint(checkpoints, 3, WAIT_SECONDS);
    interrupted.cancel().get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertEquals(
        JobStatus.CANCELED,
        awaitTerminal(interrupted, WAIT_SECONDS),
        "the interrupted run must end by cancellation, not finish the input");

    LatestCheckpoint.Found retained = LatestCheckpoint.find(checkpoints.toString()).orElseThrow();
    assertTrue(
        retained.checkpointId() >= seen.checkpointId(),
        "the newest checkpoint is retained on cancellation: " + retained);
    assertRocksDbIncrementalState(retained);
    long t1 = System.nanoTime();

    // 2. the restored run reads the rest of the input
    Configuration restore = options(checkpoints);
    restore.set(StreamplexOptions.RESTORE_PATH, retained.path());
    awaitFinished(
        start(
            FlinkEnvironments.remote(restore, rest.getHost(), rest.getPort()),
            id + "-restored",
            RateLimiterStrategy.noOp()));
    long t2 = System.nanoTime();
    awaitFinished(reference);
    long t3 = System.nanoTime();
    LOG.info(
        "interrupted run {} ms (retained {}), restored run {} ms, then reference run {} ms more",
        (t1 - t0) / 1_000_000,
        retained.path(),
        (t2 - t1) / 1_000_000,
        (t3 - t2) / 1_000_000);

    Map<String, List<UserActivity>> referenceByUser =
        byUser(RestoreTestSupport.takeOutput(id + "-reference"));
    Map<String, List<UserActivity>> restored =
        byUser(RestoreTestSupport.takeOutput(id + "-restored"));
    RestoreTestSupport.takeOutput(id + "-interrupted");

    assertEquals(USERS, referenceByUser.size());
    assertEquals(EVENTS, referenceByUser.values().stream().mapToInt(List::size).sum());
    int restoredEvents = restored.values().stream().mapToInt(List::size).sum();
    int checkpointedEvents = EVENTS - restoredEvents;
    LOG.info(
        "the retained checkpoint covers the first {} of {} events", checkpointedEvents, EVENTS);
    assertTrue(
        checkpointedEvents >= USERS && checkpointedEvents < EVENTS - USERS,
        "the retained checkpoint should cover part of the input, covers " + checkpointedEvents);
    assertEquals(
        referenceByUser.keySet(), restored.keySet(), "every user has events after the restore");

    for (var entry : referenceByUser.entrySet()) {
      List<UserActivity> ref = entry.getValue();
      List<UserActivity> after = restored.get(entry.getKey());
      List<UserActivity> expectedTail = ref.subList(ref.size() - after.size(), ref.size());
      assertEquals(expectedTail, after, "user " + entry.getKey() + " after the restore");
      assertTrue(
          after.get(0).getTotalCount() > 1,
          "user " + entry.getKey() + " continues from checkpointed state, not from zero");
      assertEquals(ref.get(ref.size() - 1), after.get(after.size() - 1), "final state");
    }
  }

  private static JobClient start(
      StreamExecutionEnvironment env, String run, RateLimiterStrategy rate) throws Exception {
    DataGeneratorSource<BehaviorEvent> source =
        new DataGeneratorSource<>(
            new Generator(), EVENTS, rate, TypeInformation.of(BehaviorEvent.class));
    // one split, so the checkpointed source position is one number: events before it are in state
    DataStream<BehaviorEvent> events =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "generator")
            .uid("generator")
            .setParallelism(1);
    UserActivityJob.userActivity(events, LAST_ITEMS)
        .sinkTo(new RestoreTestSupport.CollectSink<UserActivity>(run))
        .uid("collect");
    return env.executeAsync(run);
  }

  private static void awaitFinished(JobClient client) throws Exception {
    client.getJobExecutionResult().get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  /** Reads the checkpoint's metadata: keyed state must be in RocksDB's incremental format. */
  private static void assertRocksDbIncrementalState(LatestCheckpoint.Found checkpoint)
      throws Exception {
    Path metadata =
        Path.of(new org.apache.flink.core.fs.Path(checkpoint.path()).toUri()).resolve("_metadata");
    CheckpointMetadata md;
    try (InputStream in = Files.newInputStream(metadata)) {
      md =
          Checkpoints.loadCheckpointMetadata(
              new DataInputStream(in),
              UserActivityRestoreTest.class.getClassLoader(),
              checkpoint.path());
    }
    List<KeyedStateHandle> keyed = new ArrayList<>();
    md.getOperatorStates()
        .forEach(op -> op.getStates().forEach(sub -> keyed.addAll(sub.getManagedKeyedState())));
    assertFalse(keyed.isEmpty(), "the checkpoint holds keyed state");
    for (KeyedStateHandle handle : keyed) {
      assertInstanceOf(IncrementalRemoteKeyedStateHandle.class, handle, "RocksDB incremental");
    }
  }

  private static Map<String, List<UserActivity>> byUser(Queue<UserActivity> outputs) {
    assertTrue(outputs != null && !outputs.isEmpty(), "the run produced output");
    Map<String, List<UserActivity>> byUser = new LinkedHashMap<>();
    for (UserActivity a : outputs) {
      // updated_time is the documented wall-clock field; everything else must match
      UserActivity comparable = UserActivity.newBuilder(a).setUpdatedTime(Instant.EPOCH).build();
      byUser.computeIfAbsent(a.getUserId(), k -> new ArrayList<>()).add(comparable);
    }
    return byUser;
  }

  /** Event i: users round-robin, items and types spread, every fifth event 7 s late. */
  static final class Generator implements GeneratorFunction<Long, BehaviorEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public BehaviorEvent map(Long i) {
      long time = 1_600_000_000_000L + 1000L * i - (i % 5 == 0 ? 7000L : 0L);
      return UserActivityFunctionTest.event(
          "gen:" + i,
          "user-" + (i % USERS),
          "item-" + (i * 31 % 97),
          BehaviorType.values()[(int) (i % 6)],
          time);
    }
  }
}
