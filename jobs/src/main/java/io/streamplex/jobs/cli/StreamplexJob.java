package io.streamplex.jobs.cli;

import picocli.CommandLine;

/**
 * Main class of the Flink job jar: {@code flink run streamplex-flink-job.jar PIPELINE --options},
 * or the REST API's {@code /jars/{id}/run}. The arguments are those of {@code streamplex job}.
 *
 * <p>Unlike {@link StreamplexCli#main} it never calls {@code System.exit}: for a REST submission
 * Flink runs {@code main} inside the JobManager, which an exit would stop. A failure is thrown
 * instead, after its one-line message went to stderr.
 */
public final class StreamplexJob {

  private StreamplexJob() {}

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new JobCommand());
    cli.setExecutionExceptionHandler(new CliErrors());
    int code = cli.execute(args);
    if (code != 0) {
      throw new IllegalStateException("streamplex job failed with exit code " + code);
    }
  }
}
