package io.streamplex.jobs.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.operators.decode.DeadLetters;
import io.streamplex.operators.decode.DecodeFunction;
import io.streamplex.operators.decode.Validators;
import io.streamplex.operators.kafka.AvroRecordSerializationSchema;
import io.streamplex.operators.kafka.KafkaSinks;
import io.streamplex.operators.kafka.KafkaSources;
import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.BehaviorType;
import io.streamplex.schema.DeadLetter;
import io.streamplex.schema.codec.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Garbage on a real topic becomes dead letters with a reason while every good record before and
 * after it goes through: Kafka → Flink (DecodeFunction) → Kafka, on a MiniCluster.
 */
@ExtendWith(SharedKafka.class)
class DeadLetterPipelineTest {

  static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .setConfiguration(METRICS.addToConfiguration(new Configuration()))
              .build());

  static final AvroCodec<BehaviorEvent> CODEC = AvroCodec.of(BehaviorEvent.class);
  static final String DECODED = "dlt-behaviors-decoded";
  static TopicsConfig topics;

  @BeforeAll
  static void createTopics() throws Exception {
    topics = TopicsConfig.defaults().withNamePrefix("dlt-");
    try (Admin admin = SharedKafka.kafka().admin()) {
      topics.createTopics(admin);
      admin.createTopics(List.of(new NewTopic(DECODED, 2, (short) 1))).all().get();
    }
  }

  static BehaviorEvent event(int i, long time) {
    return BehaviorEvent.newBuilder()
        .setEventId("ev-" + i)
        .setUserId("user-" + (i % 5))
        .setItemId("item-" + (i * 7 % 13))
        .setBehaviorType(BehaviorType.CLICK)
        .setValue(null)
        .setEventTime(Instant.ofEpochMilli(time))
        .setSource("dead-letter-test")
        .build();
  }

  record Bad(String errorType, String stage, String reasonHint, byte[] value) {}

  @Test
  void garbageBecomesDeadLettersAndGoodRecordsKeepFlowing() throws Exception {
    String behaviors = topics.name(StreamplexTopics.BEHAVIORS);
    String deadLetters = topics.name(StreamplexTopics.DEAD_LETTERS);

    Random random = new Random(42);
    byte[] randomBytes = new byte[37];
    random.nextBytes(randomBytes);
    randomBytes[0] = 0x17; // never the C3 marker
    byte[] wrongMagic = CODEC.encode(event(900, 1_000));
    wrongMagic[1] = 0x02;
    byte[] unknownFingerprint = CODEC.encode(event(901, 1_000));
    for (int i = 2; i < 10; i++) {
      unknownFingerprint[i] = (byte) (0xA0 + i);
    }
    byte[] whole = CODEC.encode(event(902, 1_000));
    byte[] truncated = Arrays.copyOf(whole, whole.length / 2);
    List<Bad> bad =
        List.of(
            new Bad("BAD_HEADER", DeadLetters.STAGE_DECODE, "not the Avro", randomBytes),
            new Bad("BAD_HEADER", DeadLetters.STAGE_DECODE, "C3 02", wrongMagic),
            new Bad("UNKNOWN_SCHEMA", DeadLetters.STAGE_DECODE, "a7a6a5a4a3a2", unknownFingerprint),
            new Bad("MALFORMED_BODY", DeadLetters.STAGE_DECODE, "body does not decode", truncated),
            new Bad("EMPTY", DeadLetters.STAGE_DECODE, "null", null),
            new Bad(
                DeadLetters.INVALID,
                DeadLetters.STAGE_VALIDATE,
                "event_time is negative",
                CODEC.encode(event(903, -5))));

    // Partition 0 gets good, bad, good, so offsets are known; partition 1 gets good records only.
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    List<BehaviorEvent> good = new ArrayList<>();
    Map<Long, Bad> badByOffset = new TreeMap<>();
    long offset = 0;
    for (int i = 0; i < 20; i++, offset++) {
      good.add(event(i, 10_000 + i));
      records.add(record(behaviors, 0, good.get(good.size() - 1), CODEC.encode(good.get(i))));
    }
    for (Bad b : bad) {
      badByOffset.put(offset++, b);
      records.add(new ProducerRecord<>(behaviors, 0, key("bad-" + offset), b.value()));
    }
    for (int i = 20; i < 40; i++, offset++) {
      good.add(event(i, 10_000 + i));
      records.add(record(behaviors, 0, good.get(i), CODEC.encode(good.get(i))));
    }
    for (int i = 40; i < 55; i++) {
      good.add(event(i, 10_000 + i));
      records.add(record(behaviors, 1, good.get(i), CODEC.encode(good.get(i))));
    }
    SharedKafka.produce(records);

    String bootstrap = SharedKafka.kafka().bootstrapServers();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    SingleOutputStreamOperator<BehaviorEvent> decoded =
        env.fromSource(
                KafkaSources.rawBounded(bootstrap, "dead-letter-test", List.of(behaviors)),
                WatermarkStrategy.noWatermarks(),
                "behaviors")
            .process(new DecodeFunction<>(BehaviorEvent.class, Validators.behaviorEvent()))
            .name("decode")
            .uid("decode");
    decoded.sinkTo(
        KafkaSinks.atLeastOnce(
            bootstrap,
            new AvroRecordSerializationSchema<>(
                DECODED, BehaviorEvent.class, BehaviorEvent::getUserId)));
    decoded
        .getSideOutput(DecodeFunction.DEAD_LETTERS)
        .sinkTo(
            KafkaSinks.atLeastOnce(
                bootstrap,
                new AvroRecordSerializationSchema<>(
                    deadLetters, DeadLetter.class, DeadLetter::getSourceTopic)));
    JobExecutionResult result = env.execute("dead-letter-test");

    List<BehaviorEvent> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : SharedKafka.readAll(DECODED, false)) {
      BehaviorEvent e = CODEC.decode(r.value());
      out.add(e);
      assertEquals(e.getUserId(), new String(r.key(), StandardCharsets.UTF_8));
    }
    out.sort((a, b) -> a.getEventId().compareTo(b.getEventId()));
    List<BehaviorEvent> expected = new ArrayList<>(good);
    expected.sort((a, b) -> a.getEventId().compareTo(b.getEventId()));
    assertEquals(expected, out, "every good record, before and after the garbage, exactly as sent");

    AvroCodec<DeadLetter> letters = AvroCodec.of(DeadLetter.class);
    List<DeadLetter> dead = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : SharedKafka.readAll(deadLetters, false)) {
      dead.add(letters.decode(r.value()));
    }
    dead.sort((a, b) -> Long.compare(a.getOffset(), b.getOffset()));
    assertEquals(bad.size(), dead.size(), dead.toString());
    int i = 0;
    for (Map.Entry<Long, Bad> e : badByOffset.entrySet()) {
      DeadLetter letter = dead.get(i++);
      Bad expectedBad = e.getValue();
      String what = "dead letter at offset " + e.getKey() + ": " + letter.getReason();
      assertEquals(behaviors, letter.getSourceTopic(), what);
      assertEquals(0, letter.getPartition(), what);
      assertEquals(e.getKey(), letter.getOffset(), what);
      assertEquals(expectedBad.errorType(), letter.getErrorType(), what);
      assertEquals(expectedBad.stage(), letter.getStage(), what);
      assertTrue(letter.getReason().contains(expectedBad.reasonHint()), what);
      assertArrayEquals(
          key("bad-" + (e.getKey() + 1)), DeadLetters.bytes(letter.getRawKey()), what);
      if (expectedBad.value() == null) {
        assertNull(letter.getRawValue(), what);
      } else {
        assertArrayEquals(expectedBad.value(), DeadLetters.bytes(letter.getRawValue()), what);
      }
    }

    Map<String, Long> metrics = counters(result.getJobID());
    assertEquals(bad.size(), sum(metrics, ".decode.", DecodeFunction.METRIC_DEAD_LETTERS, null));
    assertEquals(good.size(), sum(metrics, ".decode.", DecodeFunction.METRIC_DECODED, null));
    assertEquals(2, sum(metrics, ".decode.", DecodeFunction.METRIC_DEAD_LETTERS, "BAD_HEADER"));
    assertEquals(1, sum(metrics, ".decode.", DecodeFunction.METRIC_DEAD_LETTERS, "INVALID"));
    assertEquals(
        0, sum(metrics, ".decode.", DecodeFunction.METRIC_DEAD_LETTERS, "VALIDATOR_FAILED"));
  }

  /** Sums a counter over subtasks; {@code errorType} null means the total, not a per-type one. */
  static long sum(Map<String, Long> metrics, String operator, String name, String errorType) {
    long total = 0;
    int seen = 0;
    for (Map.Entry<String, Long> e : metrics.entrySet()) {
      String id = e.getKey();
      if (!id.contains(operator) || !id.endsWith("." + name)) {
        continue;
      }
      boolean perType = id.contains("." + DecodeFunction.METRIC_GROUP_ERROR_TYPE + ".");
      if (errorType == null
          ? perType
          : !id.contains("." + DecodeFunction.METRIC_GROUP_ERROR_TYPE + "." + errorType + ".")) {
        continue;
      }
      total += e.getValue();
      seen++;
    }
    assertTrue(seen > 0, "no metric " + name + " / " + errorType + " among " + metrics.keySet());
    return total;
  }

  /**
   * Every counter of the job by identifier. Not {@code getMetricsByIdentifiers}: the Kafka sinks'
   * writers register identically named metrics, which that method refuses to merge.
   */
  static Map<String, Long> counters(JobID job) {
    Map<String, Long> out = new TreeMap<>();
    METRICS
        .getMetricsByGroup()
        .forEach(
            (group, metrics) -> {
              if (!job.toString().equals(group.getAllVariables().get("<job_id>"))) {
                return;
              }
              metrics.forEach(
                  (name, metric) -> {
                    if (metric instanceof Counter) {
                      out.merge(
                          group.getMetricIdentifier(name),
                          ((Counter) metric).getCount(),
                          Long::sum);
                    }
                  });
            });
    return out;
  }

  static byte[] key(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  static ProducerRecord<byte[], byte[]> record(
      String topic, int partition, BehaviorEvent event, byte[] value) {
    return new ProducerRecord<>(topic, partition, key(event.getUserId().toString()), value);
  }
}
