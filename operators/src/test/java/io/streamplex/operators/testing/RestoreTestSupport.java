package io.streamplex.operators.testing;

import io.streamplex.operators.flink.LatestCheckpoint;
import io.streamplex.operators.flink.StreamplexOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the checkpoint-restore tests share: a cluster that accepts jobs over REST, job options with
 * fast retained RocksDB checkpoints, waits on jobs and checkpoints, and a sink that collects a
 * run's output in this JVM.
 */
public final class RestoreTestSupport {

  private static final Map<String, Queue<Object>> OUTPUTS = new ConcurrentHashMap<>();

  private RestoreTestSupport() {}

  /** A started one-TaskManager cluster with two slots and REST on a free localhost port. */
  public static MiniCluster startCluster() throws Exception {
    Configuration conf = new Configuration();
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("64m"));
    conf.set(RestOptions.ADDRESS, "localhost");
    conf.set(RestOptions.BIND_ADDRESS, "localhost");
    conf.set(RestOptions.BIND_PORT, "0");
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                // explicit: a parallelism-2 job on a 1-slot cluster waits for minutes
                .setNumSlotsPerTaskManager(2)
                .build());
    cluster.start();
    return cluster;
  }

  /**
   * {@link #startCluster()} for one test class, started before its tests and closed after them:
   * register it with {@code @RegisterExtension}.
   */
  public static final class RestCluster implements BeforeAllCallback, AfterAllCallback {
    private MiniCluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
      cluster = startCluster();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
      if (cluster != null) {
        cluster.close();
      }
    }

    /** The cluster's REST address, where jobs are submitted. */
    public java.net.URI rest() throws Exception {
      return cluster.getRestAddress().get();
    }
  }

  /** Streamplex options for a parallelism-2 job checkpointing to {@code checkpointDir}. */
  public static Configuration options(Path checkpointDir) {
    Configuration c = new Configuration();
    c.set(StreamplexOptions.CHECKPOINT_DIR, checkpointDir.toUri().toString());
    c.set(StreamplexOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(100));
    c.set(StreamplexOptions.PARALLELISM, 2);
    c.set(StreamplexOptions.RESTART_ATTEMPTS, 0);
    c.set(StreamplexOptions.WEB_UI_ENABLED, false);
    c.set(StreamplexOptions.ROCKSDB_MANAGED_MEMORY, MemorySize.parse("64m"));
    return c;
  }

  public static JobStatus awaitTerminal(JobClient client, long waitSeconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
    while (System.nanoTime() < deadline) {
      JobStatus status = client.getJobStatus().get(waitSeconds, TimeUnit.SECONDS);
      if (status.isGloballyTerminalState()) {
        return status;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("job " + client.getJobID() + " did not end");
  }

  public static LatestCheckpoint.Found awaitCheckpoint(Path dir, long atLeast, long waitSeconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
    while (System.nanoTime() < deadline) {
      Optional<LatestCheckpoint.Found> found = LatestCheckpoint.find(dir.toString());
      if (found.isPresent() && found.get().checkpointId() >= atLeast) {
        return found.get();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no checkpoint chk-" + atLeast + " under " + dir);
  }

  /** Removes and returns what run {@code run}'s {@link CollectSink} collected (null if none). */
  @SuppressWarnings("unchecked")
  public static <T> Queue<T> takeOutput(String run) {
    return (Queue<T>) (Queue<?>) OUTPUTS.remove(run);
  }

  /** Collects a run's records into this JVM, keyed by run id, for a local cluster. */
  public static final class CollectSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    private final String run;

    public CollectSink(String run) {
      this.run = run;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
      Queue<Object> queue = OUTPUTS.computeIfAbsent(run, k -> new ConcurrentLinkedQueue<>());
      return new SinkWriter<>() {
        @Override
        public void write(T element, Context context) {
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
