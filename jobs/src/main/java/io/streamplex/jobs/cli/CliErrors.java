package io.streamplex.jobs.cli;

import picocli.CommandLine;

/**
 * Turns a failure inside a command into one clear line on stderr and a non-zero exit, instead of a
 * stack trace: user errors (a bad path, an unknown dataset) are {@link UserException}s and exit 2
 * like picocli's own usage errors; anything else exits 1 with its message and, under {@code
 * --verbose} or {@code STREAMPLEX_DEBUG=1}, its stack trace.
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine cli, CommandLine.ParseResult parseResult) {
    String command = cli.getCommandName();
    if (ex instanceof UserException) {
      cli.getErr().println(command + ": " + ex.getMessage());
      return 2;
    }
    cli.getErr().println(command + ": failed: " + ex);
    if (System.getenv("STREAMPLEX_DEBUG") != null) {
      ex.printStackTrace(cli.getErr());
    }
    return 1;
  }
}
