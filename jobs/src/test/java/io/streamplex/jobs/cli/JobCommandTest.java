package io.streamplex.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.jobs.kafka.SharedKafka;
import io.streamplex.jobs.kafka.StreamplexTopics;
import io.streamplex.jobs.kafka.TopicsConfig;
import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.BehaviorType;
import io.streamplex.schema.DeadLetter;
import io.streamplex.schema.UserActivity;
import io.streamplex.schema.codec.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code streamplex job user-activity}, the Flink job jar's entry point, against a real broker it
 * did not start: it creates the topics, runs the keyed RocksDB pipeline exactly-once, turns garbage
 * into dead letters, and is cancelled at the end of {@code --duration} with exit code 0.
 */
@ExtendWith(SharedKafka.class)
class JobCommandTest {

  static final String PREFIX = "jobcmd-";
  static final int EVENTS = 300;
  static final int USERS = 7;
  static final int GARBAGE = 3;

  @Test
  void runsTheUserActivityPipelineAgainstAnExistingBroker(@TempDir Path work) throws Exception {
    TopicsConfig topics = TopicsConfig.defaults().withNamePrefix(PREFIX);
    String bootstrap = SharedKafka.kafka().bootstrapServers();
    CompletableFuture<CliErrorsTest.Result> job =
        CompletableFuture.supplyAsync(
            () ->
                CliErrorsTest.run(
                    "job",
                    "user-activity",
                    "--bootstrap-servers",
                    bootstrap,
                    "--topic-prefix",
                    PREFIX,
                    "--checkpoint-dir",
                    work.resolve("checkpoints").toString(),
                    "--checkpoint-interval",
                    "1s",
                    "--parallelism",
                    "2",
                    "--duration",
                    "30s"));

    String behaviors = topics.name(StreamplexTopics.BEHAVIORS);
    awaitTopic(behaviors, job);
    AvroCodec<BehaviorEvent> codec = AvroCodec.of(BehaviorEvent.class);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    Map<String, Integer> perUser = new HashMap<>();
    for (int i = 0; i < EVENTS; i++) {
      String user = "u" + (i % USERS);
      perUser.merge(user, 1, Integer::sum);
      BehaviorEvent e =
          BehaviorEvent.newBuilder()
              .setEventId("e" + i)
              .setUserId(user)
              .setItemId("i" + (i % 11))
              .setBehaviorType(BehaviorType.CLICK)
              .setValue(null)
              .setEventTime(Instant.ofEpochMilli(1_000L + i))
              .setSource("job-command-test")
              .build();
      records.add(new ProducerRecord<>(behaviors, key(user), codec.encode(e)));
      if (i % 100 == 50) {
        records.add(
            new ProducerRecord<>(behaviors, null, "not avro".getBytes(StandardCharsets.UTF_8)));
      }
    }
    SharedKafka.produce(records);

    CliErrorsTest.Result r = job.get(240, TimeUnit.SECONDS);
    assertEquals(0, r.code(), r.err() + r.out());
    assertTrue(r.out().contains("cancelled after"), r.out());

    AvroCodec<UserActivity> activityCodec = AvroCodec.of(UserActivity.class);
    Map<String, Long> lastCount = new HashMap<>();
    List<ConsumerRecord<byte[], byte[]>> activity =
        SharedKafka.readAll(topics.name(StreamplexTopics.USER_ACTIVITY), true);
    for (ConsumerRecord<byte[], byte[]> rec : activity) {
      UserActivity a = activityCodec.decode(rec.value());
      lastCount.merge(a.getUserId(), a.getTotalCount(), Math::max);
    }
    assertEquals(
        EVENTS, activity.size(), "one committed update per good event, no more: " + r.out());
    for (Map.Entry<String, Integer> e : perUser.entrySet()) {
      assertEquals(e.getValue().longValue(), lastCount.get(e.getKey()), "count of " + e.getKey());
    }
    AvroCodec<DeadLetter> deadCodec = AvroCodec.of(DeadLetter.class);
    List<ConsumerRecord<byte[], byte[]>> dead =
        SharedKafka.readAll(topics.name(StreamplexTopics.DEAD_LETTERS), true);
    assertEquals(GARBAGE, dead.size());
    for (ConsumerRecord<byte[], byte[]> rec : dead) {
      assertEquals("BAD_HEADER", deadCodec.decode(rec.value()).getErrorType().toString());
    }
  }

  @Test
  void aMissingCheckpointDirIsNamed() {
    CliErrorsTest.Result r =
        CliErrorsTest.run(
            "job", "user-activity", "--bootstrap-servers", "localhost:1", "--no-create-topics");
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("streamplex.checkpoint.dir"), r.err());
  }

  @Test
  void anUnknownPipelineListsTheKnownOnes() {
    CliErrorsTest.Result r =
        CliErrorsTest.run("job", "scoring-v9", "--bootstrap-servers", "localhost:1");
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("unknown pipeline 'scoring-v9'"), r.err());
    assertTrue(r.err().contains("user-activity"), r.err());
  }

  private static void awaitTopic(String topic, CompletableFuture<?> job) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    try (Admin admin = SharedKafka.kafka().admin()) {
      while (!admin.listTopics().names().get().contains(topic)) {
        assertTrue(!job.isDone(), () -> "the job command ended early: " + job.join());
        assertTrue(System.nanoTime() < until, "topic " + topic + " never created");
        Thread.sleep(200);
      }
    }
  }

  private static byte[] key(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
