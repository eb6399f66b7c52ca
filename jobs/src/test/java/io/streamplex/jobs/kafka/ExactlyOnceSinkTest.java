package io.streamplex.jobs.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.operators.decode.DecodeFunction;
import io.streamplex.operators.decode.Validators;
import io.streamplex.operators.kafka.AvroRecordSerializationSchema;
import io.streamplex.operators.kafka.KafkaSinks;
import io.streamplex.operators.kafka.KafkaSources;
import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.BehaviorType;
import io.streamplex.schema.codec.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Kafka → Flink → exactly-once KafkaSink → Kafka, with a failure injected after a checkpoint: a
 * {@code read_committed} consumer sees every record once, none lost and none repeated.
 */
@ExtendWith(SharedKafka.class)
class ExactlyOnceSinkTest {

  @RegisterExtension
  static final MiniClusterExtension FLINK = FlinkTestCluster.twoSlots(new Configuration());

  static final int RECORDS = 2_000;
  static final int RECORDS_IN_ABORTED_TRANSACTION = 20;
  static final AtomicBoolean FAILED = new AtomicBoolean();
  static final AvroCodec<BehaviorEvent> CODEC = AvroCodec.of(BehaviorEvent.class);

  /**
   * Runs slowly until a checkpoint has completed, then fails once a few records later: records of
   * the committed checkpoint are already in Kafka, the later ones sit in an open transaction that
   * the restart must abort and write again.
   */
  static final class FailOnceAfterCheckpoint extends RichMapFunction<BehaviorEvent, BehaviorEvent>
      implements CheckpointListener {
    private transient boolean checkpointCompleted;
    private transient int sinceCheckpoint;

    @Override
    public BehaviorEvent map(BehaviorEvent event) throws Exception {
      if (!FAILED.get()) {
        if (checkpointCompleted
            && ++sinceCheckpoint > RECORDS_IN_ABORTED_TRANSACTION
            && FAILED.compareAndSet(false, true)) {
          throw new IllegalStateException("injected failure after a completed checkpoint");
        }
        Thread.sleep(5);
      }
      return event;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      checkpointCompleted = true;
    }
  }

  @Test
  void readCommittedConsumerSeesEveryRecordExactlyOnceAcrossARestart() throws Exception {
    String input = "eos-input";
    String output = "eos-output";
    try (Admin admin = SharedKafka.kafka().admin()) {
      admin
          .createTopics(
              List.of(new NewTopic(input, 2, (short) 1), new NewTopic(output, 2, (short) 1)))
          .all()
          .get();
    }
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    Set<String> sent = new HashSet<>();
    for (int i = 0; i < RECORDS; i++) {
      BehaviorEvent event =
          BehaviorEvent.newBuilder()
              .setEventId("eos-" + i)
              .setUserId("u" + (i % 37))
              .setItemId("i" + (i % 101))
              .setBehaviorType(BehaviorType.VIEW)
              .setEventTime(Instant.ofEpochMilli(1_000_000L + i))
              .setSource("eos-test")
              .build();
      sent.add(event.getEventId());
      records.add(
          new ProducerRecord<>(
              input, event.getUserId().getBytes(StandardCharsets.UTF_8), CODEC.encode(event)));
    }
    SharedKafka.produce(records);

    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.configure(conf);
    env.setParallelism(2);
    env.enableCheckpointing(200);
    String bootstrap = SharedKafka.kafka().bootstrapServers();
    env.fromSource(
            KafkaSources.rawBounded(bootstrap, "eos-test", List.of(input)),
            WatermarkStrategy.noWatermarks(),
            "input")
        .process(new DecodeFunction<>(BehaviorEvent.class, Validators.behaviorEvent()))
        .map(new FailOnceAfterCheckpoint())
        .sinkTo(
            KafkaSinks.exactlyOnce(
                bootstrap,
                new AvroRecordSerializationSchema<>(
                    output, BehaviorEvent.class, BehaviorEvent::getUserId),
                "eos-test",
                Duration.ofMinutes(2)));
    env.execute("exactly-once-test");

    assertTrue(FAILED.get(), "the injected failure should have happened after a checkpoint");
    List<String> committed = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : SharedKafka.readAll(output, true)) {
      committed.add(CODEC.decode(r.value()).getEventId());
    }
    assertEquals(RECORDS, committed.size(), "read_committed record count");
    assertEquals(sent, new HashSet<>(committed), "every input record, none repeated");

    int uncommitted = SharedKafka.readAll(output, false).size();
    System.out.println(
        "exactly-once: read_committed saw "
            + committed.size()
            + " records, read_uncommitted "
            + uncommitted
            + " (the difference is the aborted transaction of the failed attempt)");
    assertTrue(
        uncommitted > RECORDS,
        "the failed attempt's records should be in the log, in an aborted transaction");
  }
}
