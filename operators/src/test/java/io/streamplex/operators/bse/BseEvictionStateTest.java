package io.streamplex.operators.bse;

import static io.streamplex.operators.testing.RestoreTestSupport.awaitCheckpoint;
import static io.streamplex.operators.testing.RestoreTestSupport.awaitTerminal;
import static io.streamplex.operators.testing.RestoreTestSupport.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.operators.flink.FlinkEnvironments;
import io.streamplex.operators.flink.LatestCheckpoint;
import io.streamplex.operators.testing.RestoreTestSupport;
import io.streamplex.schema.BehaviorEvent;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Count-window eviction in the BSE operator, checked on the state itself: a job on a MiniCluster
 * keeps its bucket state in RocksDB, is cancelled after a few retained checkpoints, and the keyed
 * state is read back out of the checkpoint with Flink's State Processor API. For every user the
 * ring must hold exactly the window's newest behaviours, and the bucket sums and counts must equal
 * those recomputed from scratch from that window alone (sums to float rounding, counts exactly),
 * although they were kept by adding and evicting one behaviour at a time.
 */
class BseEvictionStateTest {

  static final int EVENTS = 5_000;
  static final int USERS = 7;
  static final int WINDOW = 25;
  static final long T0 = 1_600_000_000_000L;
  static final BseConfig CONFIG = BseConfig.of(16, 4, 3, 42L, WINDOW);
  static final ItemEmbeddings EMBEDDINGS = HashedItemEmbeddings.unbounded(7L, 1L, 16);

  @TempDir Path tmp;

  @RegisterExtension
  static final RestoreTestSupport.RestCluster CLUSTER = new RestoreTestSupport.RestCluster();

  @Test
  void evictedBucketStateInRocksDbEqualsARecomputationFromTheWindow() throws Exception {
    Path checkpoints = tmp.resolve("checkpoints");
    URI rest = CLUSTER.rest();
    StreamExecutionEnvironment env =
        FlinkEnvironments.remote(options(checkpoints), rest.getHost(), rest.getPort());
    DataGeneratorSource<BehaviorEvent> source =
        new DataGeneratorSource<>(
            new Generator(),
            EVENTS,
            RateLimiterStrategy.perCheckpoint(200),
            TypeInformation.of(BehaviorEvent.class));
    BseJob.bse(
            env.fromSource(source, WatermarkStrategy.noWatermarks(), "generator")
                .uid("generator")
                .setParallelism(1),
            CONFIG,
            EMBEDDINGS)
        .sinkTo(new DiscardingSink<>())
        .uid("discard");
    JobClient job = env.executeAsync("bse-eviction");
    awaitCheckpoint(checkpoints, 4, 120);
    job.cancel().get(120, TimeUnit.SECONDS);
    assertEquals(JobStatus.CANCELED, awaitTerminal(job, 120));
    LatestCheckpoint.Found retained = LatestCheckpoint.find(checkpoints.toString()).orElseThrow();

    List<BseState> states = read(retained.path());
    assertEquals(USERS, states.size(), "one state per user");
    BseCore core = new BseCore(CONFIG, EMBEDDINGS);
    long evicting = 0;
    for (BseState s : states) {
      assertTrue(s.ringSize > 0 && s.ringSize <= WINDOW, "ring size " + s.ringSize);
      // The generator gives user u the behaviours i ≡ u (mod USERS) in order, so the window is
      // the ringSize consecutive behaviours of that user ending at the newest one.
      long newest = (s.ringTimes[s.ringSize - 1] - T0) / 1000;
      for (int k = 0; k < s.ringSize; k++) {
        long i = newest - (long) (s.ringSize - 1 - k) * USERS;
        assertEquals(Generator.item(i), s.ringItems[k], "ring slot " + k + " of " + s);
      }
      if (newest >= (long) WINDOW * USERS) {
        evicting++;
        assertEquals(WINDOW, s.ringSize, "a full window once a user has more behaviours");
      }
      BseState fresh = BseFunctionTest.recompute(core, s);
      BseFunctionTest.assertSameAggregates(fresh, s);
    }
    assertEquals(USERS, evicting, "the checkpoint is past the first evictions of every user");
  }

  private static List<BseState> read(String checkpoint) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    SavepointReader reader =
        SavepointReader.read(env, checkpoint, new EmbeddedRocksDBStateBackend());
    List<BseState> out = new ArrayList<>();
    try (CloseableIterator<BseState> it =
        reader
            .readKeyedState(OperatorIdentifier.forUid(BseFunction.UID), new StateReader())
            .executeAndCollect()) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  static final class StateReader extends KeyedStateReaderFunction<String, BseState> {
    private static final long serialVersionUID = 1L;
    private transient ValueState<BseState> state;

    @Override
    public void open(OpenContext context) {
      state = getRuntimeContext().getState(BseRuntime.descriptor(CONFIG));
    }

    @Override
    public void readKey(String key, Context ctx, Collector<BseState> out) throws Exception {
      out.collect(state.value());
    }
  }

  /** Behaviour i: users round-robin, one second apart, in order, items from a fixed pattern. */
  static final class Generator implements GeneratorFunction<Long, BehaviorEvent> {
    private static final long serialVersionUID = 1L;

    static String item(long i) {
      return "item-" + (i * 37 % 101);
    }

    @Override
    public BehaviorEvent map(Long i) {
      return BseFunctionTest.behaviour("gen:" + i, "user-" + (i % USERS), item(i), T0 + 1000L * i);
    }
  }
}
