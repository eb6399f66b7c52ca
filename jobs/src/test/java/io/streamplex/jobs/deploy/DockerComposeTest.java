package io.streamplex.jobs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.streamplex.jobs.cli.JobCommand;
import io.streamplex.jobs.cli.StreamplexCli;
import io.streamplex.jobs.cli.StreamplexJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The docker-compose demo cannot run here (no Docker engine), so what can be checked without one is
 * checked: the commands it runs are valid Streamplex command lines for this build, the job jar path
 * matches the one the Dockerfile copies, and {@code docker-compose config} accepts the file where
 * Debian's docker-compose is installed.
 */
class DockerComposeTest {

  static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
  static final Path DOCKERFILE = ROOT.resolve("docker/Dockerfile");
  static final String JOB_JAR = "/opt/flink/usrlib/streamplex-flink-job.jar";

  static JsonNode services() throws IOException {
    return new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile()).get("services");
  }

  static List<String> words(String command) {
    return Arrays.asList(command.strip().split("\\s+"));
  }

  @Test
  void theSubmittedJobIsAValidCommandLineOfTheJobJar() throws Exception {
    List<String> submit = words(services().get("submit").get("command").asText());
    assertEquals(List.of("flink", "run", "-d"), submit.subList(0, 3), submit.toString());
    int c = submit.indexOf("-c");
    String mainClass = submit.get(c + 1);
    assertEquals(StreamplexJob.class.getName(), mainClass);
    assertEquals(JOB_JAR, submit.get(c + 2));
    assertTrue(
        Files.readString(DOCKERFILE).contains("streamplex-flink-job.jar " + JOB_JAR),
        "the Dockerfile copies the job jar to " + JOB_JAR);
    String[] jobArgs = submit.subList(c + 3, submit.size()).toArray(String[]::new);
    CommandLine.ParseResult parsed = new CommandLine(new JobCommand()).parseArgs(jobArgs);
    assertEquals("user-activity", parsed.matchedPositional(0).getValue());
    assertTrue(parsed.hasMatchedOption("--detached"), "flink run -d needs --detached");
    assertTrue(
        parsed.matchedOptionValue("--checkpoint-dir", "").startsWith("file:///"),
        "checkpoints on the shared volume");
  }

  @Test
  void theProducerIsAValidReplayOfBuiltInData() throws Exception {
    String[] args =
        words(services().get("producer").get("command").asText()).toArray(String[]::new);
    CommandLine.ParseResult parsed = StreamplexCli.commandLine().parseArgs(args);
    assertEquals("replay", parsed.subcommand().commandSpec().name());
    assertEquals("synthetic", parsed.subcommand().matchedOptionValue("--dataset", ""));
  }

  @Test
  void dockerComposeAcceptsTheFile() throws Exception {
    Process probe;
    try {
      probe = new ProcessBuilder("docker-compose", "version").redirectErrorStream(true).start();
    } catch (IOException notInstalled) {
      probe = null;
    }
    assumeTrue(
        probe != null && probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0,
        "docker-compose is not installed (Debian package docker-compose; .ci/run installs it):"
            + " skipping the offline validation of docker-compose.yml");
    Process config =
        new ProcessBuilder("docker-compose", "-f", COMPOSE.toString(), "config", "-q")
            .redirectErrorStream(true)
            .start();
    String out = new String(config.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(config.waitFor(60, TimeUnit.SECONDS), "docker-compose config timed out");
    assertEquals(0, config.exitValue(), out);
  }
}
