package io.streamplex.jobs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.jobs.cli.StreamplexJob;
import io.streamplex.jobs.kafka.BehaviorRecords;
import io.streamplex.jobs.kafka.SharedKafka;
import io.streamplex.jobs.kafka.StreamplexTopics;
import io.streamplex.jobs.kafka.TopicsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged Flink job jar deployed as a user deploys it: uploaded to a standalone session
 * cluster of separate JobManager and TaskManager processes (which hold neither Streamplex nor the
 * Kafka connector) and started through the REST API. It must create its topics, process every good
 * event exactly once into committed output, route garbage to dead letters, and checkpoint its
 * RocksDB state to the shared directory.
 */
@ExtendWith(SharedKafka.class)
class FlinkJobJarIT {

  static final String PREFIX = "jar-";

  @Test
  void theJobJarRunsOnAStandaloneCluster(@TempDir Path dir) throws Exception {
    Path jar = Path.of(System.getProperty("streamplex.flink-job.jar", "missing"));
    assertTrue(Files.isRegularFile(jar), "package the job jar first (mvn package): " + jar);
    TopicsConfig topics = TopicsConfig.defaults().withNamePrefix(PREFIX);
    Path checkpoints = dir.resolve("checkpoints");
    try (StandaloneFlinkCluster cluster =
        StandaloneFlinkCluster.start(dir.resolve("cluster"), 2, Duration.ofMinutes(4))) {
      String jobId =
          cluster.run(
              cluster.upload(jar),
              StreamplexJob.class.getName(),
              List.of(
                  "user-activity",
                  "--bootstrap-servers",
                  SharedKafka.kafka().bootstrapServers(),
                  "--topic-prefix",
                  PREFIX,
                  "--checkpoint-dir",
                  checkpoints.toUri().toString(),
                  "--checkpoint-interval",
                  "1s",
                  "--parallelism",
                  "2",
                  "--detached"));

      BehaviorRecords input =
          BehaviorRecords.of(topics.name(StreamplexTopics.BEHAVIORS), 1_000, 13);
      SharedKafka.produce(input.records());

      List<String> problems = List.of("not checked yet");
      long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
      while (!problems.isEmpty() && System.nanoTime() < until) {
        Thread.sleep(1_000);
        String state = cluster.get("/jobs/" + jobId).get("state").asText();
        assertTrue(
            List.of("CREATED", "INITIALIZING", "RUNNING", "RESTARTING").contains(state),
            "job " + state + cluster.logs());
        problems =
            input.check(
                SharedKafka.readAll(topics.name(StreamplexTopics.USER_ACTIVITY), true),
                SharedKafka.readAll(topics.name(StreamplexTopics.DEAD_LETTERS), true));
      }
      assertEquals(List.of(), problems, cluster.logs());
      assertEquals("RUNNING", cluster.get("/jobs/" + jobId).get("state").asText());
      assertEquals(
          0,
          cluster
              .get("/jobs/" + jobId + "/exceptions")
              .path("exceptionHistory")
              .path("entries")
              .size(),
          "the job never failed" + cluster.logs());
      long completed =
          cluster.get("/jobs/" + jobId + "/checkpoints").get("counts").get("completed").asLong();
      assertTrue(completed > 0, "checkpoints completed: " + completed);
      try (var files = Files.walk(checkpoints.resolve(jobId))) {
        assertTrue(
            files.anyMatch(p -> p.getFileName().toString().equals("_metadata")),
            "a checkpoint in the shared directory");
      }
      cluster.cancel(jobId);
    }
  }
}
