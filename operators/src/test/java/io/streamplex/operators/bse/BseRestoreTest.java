package io.streamplex.operators.bse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.operators.flink.FlinkEnvironments;
import io.streamplex.operators.flink.LatestCheckpoint;
import io.streamplex.operators.flink.StreamplexOptions;
import io.streamplex.schema.BehaviorEvent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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

  static final Map<String, Queue<BseUpdate>> OUTPUTS = new ConcurrentHashMap<>();

  @TempDir Path tmp;

  private static MiniCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    Configuration conf = new Configuration();
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("64m"));
    conf.set(RestOptions.ADDRESS, "localhost");
    conf.set(RestOptions.BIND_ADDRESS, "localhost");
    conf.set(RestOptions.BIND_PORT, "0");
    cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(2)
                .build());
    cluster.start();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void bucketStateAfterARestoreEqualsThatOfAnUninterruptedRun() throws Exception {
    String id = UUID.randomUUID().toString();
    Path checkpoints = tmp.resolve("checkpoints");
    URI rest = cluster.getRestAddress().get();

    Configuration straight = options(tmp.resolve("reference"));
    straight.set(StreamplexOptions.CHECKPOINT_INTERVAL, Duration.ofMinutes(10));
    JobClient reference =
        start(FlinkEnvironments.local(straight), id + "-reference", RateLimiterStrategy.noOp());

    JobClient interrupted =
        start(
            FlinkEnvironments.remote(options(checkpoints), rest.getHost(), rest.getPort()),
            id + "-interrupted",
            RateLimiterStrategy.perCheckpoint(PER_CHECKPOINT));
    awaitCheckpoint(checkpoints, 3);
    interrupted.cancel().get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertEquals(JobStatus.CANCELED, awaitTerminal(interrupted));
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

    Map<String, List<BseUpdate>> ref = byUser(OUTPUTS.remove(id + "-reference"));
    Map<String, List<BseUpdate>> restored = byUser(OUTPUTS.remove(id + "-restored"));
    OUTPUTS.remove(id + "-interrupted");

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

  private static Configuration options(Path checkpointDir) {
    Configuration c = new Configuration();
    c.set(StreamplexOptions.CHECKPOINT_DIR, checkpointDir.toUri().toString());
    c.set(StreamplexOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(100));
    c.set(StreamplexOptions.PARALLELISM, 2);
    c.set(StreamplexOptions.RESTART_ATTEMPTS, 0);
    c.set(StreamplexOptions.WEB_UI_ENABLED, false);
    c.set(StreamplexOptions.ROCKSDB_MANAGED_MEMORY, MemorySize.parse("64m"));
    return c;
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
    BseJob.bse(events, CONFIG, EMBEDDINGS).sinkTo(new CollectSink(run)).uid("collect");
    return env.executeAsync(run);
  }

  private static JobStatus awaitTerminal(JobClient client) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (System.nanoTime() < deadline) {
      JobStatus status = client.getJobStatus().get(WAIT_SECONDS, TimeUnit.SECONDS);
      if (status.isGloballyTerminalState()) {
        return status;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("job " + client.getJobID() + " did not end");
  }

  private static void awaitCheckpoint(Path dir, long atLeast) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (System.nanoTime() < deadline) {
      Optional<LatestCheckpoint.Found> found = LatestCheckpoint.find(dir.toString());
      if (found.isPresent() && found.get().checkpointId() >= atLeast) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no checkpoint chk-" + atLeast + " under " + dir);
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

  static final class CollectSink implements Sink<BseUpdate> {
    private static final long serialVersionUID = 1L;
    private final String run;

    CollectSink(String run) {
      this.run = run;
    }

    @Override
    public SinkWriter<BseUpdate> createWriter(WriterInitContext context) {
      Queue<BseUpdate> queue = OUTPUTS.computeIfAbsent(run, k -> new ConcurrentLinkedQueue<>());
      return new SinkWriter<>() {
        @Override
        public void write(BseUpdate element, Context context) {
          queue.add(element);
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {}
      };
    }
  }
}
