package io.streamplex.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Bad input gives one clear line naming the problem and a non-zero exit, never a stack trace. */
class CliErrorsTest {

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    CommandLine cli = StreamplexCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void unknownDatasetListsTheKnownOnes() {
    Result r = run("replay", "--dataset", "movielens-1b");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("unknown dataset 'movielens-1b'"), r.err());
    assertTrue(r.err().contains("movielens-100k"), r.err());
    assertTrue(!r.err().contains("Exception"), "no stack trace: " + r.err());
  }

  @Test
  void missingDatasetsDirIsNamed() {
    Result r = run("demo", "--dataset", "movielens-100k", "--datasets-dir", "/no/such/dir");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("/no/such/dir is not a directory"), r.err());
  }

  @Test
  void badFlagsAreUsageErrors() {
    Result unknown = run("demo", "--bogus");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("Unknown option: '--bogus'"), unknown.err());

    Result duration = run("demo", "--duration", "soon");
    assertEquals(2, duration.code());
    assertTrue(duration.err().contains("'soon' is not a duration"), duration.err());

    Result rate = run("demo", "--rate", "-5");
    assertEquals(2, rate.code());
    assertTrue(rate.err().contains("--rate must be positive"), rate.err());

    Result noCommand = run();
    assertNotEquals(0, noCommand.code());
  }

  @Test
  void durationsParseAsPeopleWriteThem() {
    assertEquals(Duration.ofSeconds(60), DurationConverter.parse("60s"));
    assertEquals(Duration.ofMinutes(2), DurationConverter.parse("2m"));
    assertEquals(Duration.ofMillis(500), DurationConverter.parse("500ms"));
    assertEquals(Duration.ofSeconds(45), DurationConverter.parse("45"));
    assertEquals(Duration.ofMinutes(1), DurationConverter.parse("PT1M"));
  }
}
