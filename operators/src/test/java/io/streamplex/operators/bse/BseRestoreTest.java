package io.streamplex.operators.bse;

import static io.streamplex.operators.testing.RestoreTestSupport.awaitCheckpoint;
import static io.streamplex.operators.testing.RestoreTestSupport.awaitTerminal;
import static io.streamplex.operators.testing.RestoreTestSupport.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.operators.flink.FlinkEnvironments;
import io.streamplex.operators.flink.LatestCheckpoint;
import io.streamplex.operators.flink.StreamplexOptions;
import io.streamplex.operators.testing.RestoreTestSupport;
import io.streamplex.schema.BehaviorEvent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
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
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * BSE bucket state in real RocksDB survives a checkpoint-restore: a run cancelled after a few
 * retained checkpoints and restored from the newest one continues every user's bucket sums, counts,
 * ring and version bit for bit where an uninterrupted run of the same input has them (compared by
 * the {@link BseCore#checksum} each update carries). The input has out-of-order and too-late events
 * and a window that evicts by count and by time, so eviction crosses the restore. Modelled on
 * {@code UserActivityRestoreTest}.
 */
class BseRestoreTest {

  static final int EVENTS = 2000;
  static final int USERS = 13;
  static final int PER_CHECKPOINT = 80;
  static final long WAIT_SECONDS = 90;
  static final BseConfig CONFIG =
      BseConfig.of(16, 4, 3, 42L, 10).withWindow(Duration.ofSeconds(150));
  static final ItemEmbeddings EMBEDDINGS = HashedItemEmbeddings.unbounded(7L, 1L, 16);

  @TempDir Path tmp;

  @RegisterExtension
  static final RestoreTestSupport.RestCluster CLUSTER = new RestoreTestSupport.RestCluster();

  @Test
  void bucketStateAfterARestoreEqualsThatOfAnUninterruptedRun() throws Exception {
    String id = UUID.randomUUID().toString();
    Path checkpoints = tmp.resolve("checkpoints");
    URI rest = CLUSTER.rest();

    Configuration straight = options(tmp.resolve("reference"));
    straight.set(StreamplexOptions.CHECKPOINT_INTERVAL, Duration.ofMinutes(10));
    JobClient reference =
        start(FlinkEnvironments.local(straight), id + "-reference", RateLimiterStrategy.noOp());

    JobClient interrupted =
        start(
            FlinkEnvironments.remote(options(checkpoints), rest.getHost(), rest.getPort()),
            id + "-interrupted",
            RateLimiterStrategy.perCheckpoint(PER_CHECKPOINT));
    awaitCheckpoint(checkpoints, 3, WAIT_SECONDS);
    interrupted.cancel().get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertEquals(JobStatus.CANCELED, awaitTerminal(interrupted, WAIT_SECONDS));
    LatestCheckpoint.Found retained = LatestCheckpoint.find(checkpoints.toString()).orElseThrow();

    Configuration restore = options(checkpoints);
    restore.set(StreamplexOptions.RESTORE_PATH, retained.path());
    start(
            FlinkEnvironments.remote(restore, rest.getHost(), rest.getPort()),
            id + "-restored",
            RateLimiterStrategy.noOp())
        .getJobExecutionResult()
        .get(WAIT_SECONDS, TimeUnit.SECONDS);
    reference.getJobExecutionResult().get(WAIT_SECONDS, TimeUnit.SECONDS);

    Map<String, List<BseUpdate>> ref = byUser(RestoreTestSupport.takeOutput(id + "-reference"));
    Map<String, List<BseUpdate>> restored = byUser(RestoreTestSupport.takeOutput(id + "-restored"));
    RestoreTestSupport.takeOutput(id + "-interrupted");

    assertEquals(USERS, ref.size());
    int restoredUpdates = restored.values().stream().mapToInt(List::size).sum();
    int referenceUpdates = ref.values().stream().mapToInt(List::size).sum();
    assertTrue(referenceUpdates < EVENTS, "some events are rejected as too late");
    assertTrue(
        restoredUpdates > USERS && restoredUpdates < referenceUpdates - USERS,
        "the checkpoint covers part of the input: " + restoredUpdates + " of " + referenceUpdates);
    assertEquals(ref.keySet(), restored.keySet());
    for (var e : ref.entrySet()) {
      List<BseUpdate> all = e.getValue();
      List<BseUpdate> after = restored.get(e.getKey());
      List<BseUpdate> tail = all.subList(all.size() - after.size(), all.size());
      for (int i = 0; i < after.size(); i++) {
        assertEquals(tail.get(i).eventId, after.get(i).eventId, "user " + e.getKey());
        assertEquals(
            tail.get(i).stateChecksum,
            after.get(i).stateChecksum,
            "user " + e.getKey() + " state after " + after.get(i).eventId);
        assertEquals(tail.get(i).windowSize, after.get(i).windowSize);
      }
      assertTrue(after.get(0).windowSize > 1, "continues from checkpointed state, not from zero");
    }
  }

  private static JobClient start(
      StreamExecutionEnvironment env, String run, RateLimiterStrategy rate) throws Exception {
    DataGeneratorSource<BehaviorEvent> source =
        new DataGeneratorSource<>(
            new Generator(), EVENTS, rate, TypeInformation.of(BehaviorEvent.class));
    var events =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "generator")
            .uid("generator")
            .setParallelism(1);
    BseJob.bse(events, CONFIG, EMBEDDINGS)
        .sinkTo(new RestoreTestSupport.CollectSink<BseUpdate>(run))
        .uid("collect");
    return env.executeAsync(run);
  }

  private static Map<String, List<BseUpdate>> byUser(Queue<BseUpdate> updates) {
    assertTrue(updates != null && !updates.isEmpty(), "the run produced output");
    Map<String, List<BseUpdate>> byUser = new LinkedHashMap<>();
    for (BseUpdate u : updates) {
      byUser.computeIfAbsent(u.userId, k -> new ArrayList<>()).add(u);
    }
    return byUser;
  }

  /** Event i: users round-robin, 60 items, every seventh event 40 s late, every 29th 400 s late. */
  static final class Generator implements GeneratorFunction<Long, BehaviorEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public BehaviorEvent map(Long i) {
      long late = i % 29 == 0 ? 400_000L : i % 7 == 0 ? 40_000L : 0L;
      return BseFunctionTest.behaviour(
          "gen:" + i,
          "user-" + (i % USERS),
          "item-" + (i * 31 % 61),
          1_600_000_000_000L + 1000L * i - late);
    }
  }
}
