package io.streamplex.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.jobs.kafka.BehaviorRecords;
import io.streamplex.jobs.kafka.SharedKafka;
import io.streamplex.jobs.kafka.StreamplexTopics;
import io.streamplex.jobs.kafka.TopicsConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
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
    BehaviorRecords input = BehaviorRecords.of(behaviors, 300, 7);
    SharedKafka.produce(input.records());

    CliErrorsTest.Result r = job.get(240, TimeUnit.SECONDS);
    assertEquals(0, r.code(), r.err() + r.out());
    assertTrue(r.out().contains("cancelled after"), r.out());
    List<String> problems =
        input.check(
            SharedKafka.readAll(topics.name(StreamplexTopics.USER_ACTIVITY), true),
            SharedKafka.readAll(topics.name(StreamplexTopics.DEAD_LETTERS), true));
    assertEquals(List.of(), problems, r.out());
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
}
