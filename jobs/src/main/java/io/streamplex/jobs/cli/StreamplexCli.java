package io.streamplex.jobs.cli;

import io.streamplex.jobs.kafka.KafkaCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./streamplex} command line: one entry point, one subcommand per job. */
@Command(
    name = "streamplex",
    mixinStandardHelpOptions = true,
    versionProvider = StreamplexCli.Version.class,
    description = "Real-time recommendation features and CTR scores on Apache Flink.",
    subcommands = {
      DemoCommand.class,
      ReplayCommand.class,
      EvaluateCommand.class,
      TrainCommand.class,
      CompressCommand.class,
      InspectCommand.class,
      KafkaCommand.class,
      JobCommand.class,
      CommandLine.HelpCommand.class
    })
public final class StreamplexCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  /** Builds the command line with every subcommand and Streamplex's error handling. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new StreamplexCli());
    cli.setExecutionExceptionHandler(new CliErrors());
    return cli;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The version recorded in the jar's manifest, or the build's when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = StreamplexCli.class.getPackage().getImplementationVersion();
      return new String[] {"streamplex " + (v == null ? "0.1.0-SNAPSHOT" : v)};
    }
  }
}
