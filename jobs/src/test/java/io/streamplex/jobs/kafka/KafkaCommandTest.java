package io.streamplex.jobs.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamplex.jobs.cli.StreamplexCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KafkaCommandTest {

  @TempDir Path dir;

  record Run(int exit, String out, String err) {
    JsonNode lastJson() throws Exception {
      String[] lines = out.strip().split("\n");
      return new ObjectMapper().readTree(lines[lines.length - 1]);
    }
  }

  static Run run(String... args) {
    CommandLine cli = StreamplexCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void servesWithConfiguredTopicsForADurationAndReportsJson() throws Exception {
    Path config = dir.resolve("topics.yaml");
    Files.writeString(config, "streamplex.topics.scores.partitions: 2\n");
    Run run =
        run(
            "kafka",
            "--port",
            "0",
            "--topics-config",
            config.toString(),
            "--duration",
            "1s",
            "--json");
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("scores/2"), run.out());
    JsonNode summary = run.lastJson();
    assertEquals(8, summary.get("topics").asInt());
    assertEquals(8, summary.get("created").asInt());
    assertTrue(summary.get("bootstrap_servers").asText().matches("localhost:\\d+"), run.out());
  }

  @Test
  void measuresStartup() throws Exception {
    Run run = run("kafka", "--port", "0", "--measure-startup", "1", "--json");
    assertEquals(0, run.exit(), run.err());
    JsonNode summary = run.lastJson();
    assertEquals(1, summary.get("startup_ms").size());
    assertTrue(summary.get("startup_ms").get(0).asLong() > 0);
  }

  @Test
  void badInputNamesTheProblem() {
    Run port = run("kafka", "--port", "70000");
    assertEquals(2, port.exit());
    assertTrue(port.err().contains("--port 70000"), port.err());

    Run missing = run("kafka", "--topics-config", dir.resolve("nope.yaml").toString());
    assertEquals(2, missing.exit());
    assertTrue(missing.err().contains("not found"), missing.err());

    Run flag = run("kafka", "--no-such-flag");
    assertEquals(2, flag.exit());
    assertTrue(flag.err().contains("--no-such-flag"), flag.err());
  }
}
