package io.streamplex.jobs.cli;

import io.streamplex.jobs.demo.UserActivityPipeline;
import io.streamplex.jobs.kafka.TopicsConfig;
import io.streamplex.operators.flink.FlinkEnvironments;
import io.streamplex.operators.flink.StreamplexOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Runs a Streamplex pipeline against an existing Kafka cluster, on whatever Flink the process was
 * started in: a session or application cluster under {@code flink run}, or an in-process cluster
 * when started from the shell. This is the entry point of the Flink job jar ({@code
 * jobs/target/streamplex-flink-job.jar}) that deployments and the docker-compose demo submit.
 */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    description = {
      "Run a pipeline on Flink against an existing Kafka cluster.",
      "Under 'flink run' the job goes to that cluster; started from the shell it runs in-process.",
      "Pipelines: user-activity (behaviors -> keyed RocksDB state -> user-activity, bad records"
          + " -> dead-letters, exactly-once)."
    })
public final class JobCommand implements Callable<Integer> {

  /** The pipelines this command can run. */
  public enum Pipeline {
    USER_ACTIVITY("user-activity");

    final String cliName;

    Pipeline(String cliName) {
      this.cliName = cliName;
    }

    static Pipeline parse(String name) {
      for (Pipeline p : values()) {
        if (p.cliName.equals(name)) {
          return p;
        }
      }
      throw new UserException("unknown pipeline '" + name + "'; known: user-activity");
    }
  }

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PIPELINE", description = "user-activity")
  String pipeline;

  @Option(
      names = "--bootstrap-servers",
      required = true,
      description = "Kafka bootstrap servers the job reads from and writes to.")
  String bootstrap;

  @Option(
      names = "--topic-prefix",
      defaultValue = "",
      description = "Prefix for every topic name (default: none).")
  String topicPrefix;

  @Option(
      names = "--create-topics",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Create missing topics before submitting (default: ${DEFAULT-VALUE}).")
  boolean createTopics;

  @Option(
      names = "--checkpoint-dir",
      description =
          "Where checkpoints go (required, here or as -Dstreamplex.checkpoint.dir); on a"
              + " cluster, a location every JobManager and TaskManager shares.")
  String checkpointDir;

  @Option(
      names = "--checkpoint-interval",
      converter = DurationConverter.class,
      description = "(default: the streamplex.checkpoint.interval default)")
  Duration checkpointInterval;

  @Option(names = "--parallelism", description = "(default: the streamplex.parallelism default)")
  Integer parallelism;

  @Option(
      names = "-D",
      paramLabel = "KEY=VALUE",
      description =
          "Any Streamplex or Flink job option, e.g. -Dstreamplex.restore.path=file:///... ;"
              + " repeatable.")
  Map<String, String> extra = new LinkedHashMap<>();

  @Option(
      names = "--transactional-id-prefix",
      description =
          "Prefix of the Kafka transactional ids; must differ between jobs running at once"
              + " (default: the job name).")
  String transactionalIdPrefix;

  @Option(
      names = "--detached",
      description = "Return once the job is submitted (what 'flink run -d' expects).")
  boolean detached;

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description =
          "Cancel the job once it has been running this long (default: run until it ends or"
              + " Ctrl-C).")
  Duration duration;

  @Override
  public Integer call() throws Exception {
    Pipeline which = Pipeline.parse(pipeline);
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw new UserException("--duration must be positive, not " + duration);
    }
    if (detached && duration != null) {
      throw new UserException("--detached and --duration exclude each other");
    }
    if (bootstrap.isBlank()) {
      throw new UserException("--bootstrap-servers is blank");
    }
    Configuration options = options();
    TopicsConfig topics = TopicsConfig.defaults().withNamePrefix(topicPrefix);
    PrintWriter out = spec.commandLine().getOut();
    if (createTopics) {
      try (Admin admin = admin(bootstrap)) {
        out.printf("topics created: %s%n", topics.createTopics(admin));
      }
    }

    // Under `flink run` this is the cluster's context environment; otherwise an in-process one.
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(
            FlinkEnvironments.flinkConfiguration(options));
    String prefix = transactionalIdPrefix == null ? jobName(which) : transactionalIdPrefix;
    switch (which) {
      case USER_ACTIVITY -> UserActivityPipeline.build(env, bootstrap, topics, options, prefix);
    }
    JobClient job = env.executeAsync(jobName(which));
    out.printf("job %s submitted: %s%n", jobName(which), job.getJobID());
    out.flush();
    if (detached) {
      return 0;
    }
    if (duration != null) {
      // Like the demo's, the duration counts from a running job: start-up varies with the machine.
      awaitRunning(job);
      try {
        job.getJobExecutionResult().get(duration.toMillis(), TimeUnit.MILLISECONDS);
        out.printf("job %s finished before %s%n", job.getJobID(), duration);
      } catch (java.util.concurrent.TimeoutException stillRunning) {
        job.cancel().get(60, TimeUnit.SECONDS);
        out.printf("job %s cancelled after %s%n", job.getJobID(), duration);
      }
    } else {
      job.getJobExecutionResult().get();
    }
    out.flush();
    return 0;
  }

  private static void awaitRunning(JobClient job) throws Exception {
    JobStatus status = job.getJobStatus().get();
    while (status != JobStatus.RUNNING) {
      if (status.isGloballyTerminalState()) {
        throw new IllegalStateException(
            "job " + job.getJobID() + " ended before running: " + status);
      }
      Thread.sleep(100);
      status = job.getJobStatus().get();
    }
  }

  private static String jobName(Pipeline p) {
    return switch (p) {
      case USER_ACTIVITY -> UserActivityPipeline.JOB_NAME;
    };
  }

  private Configuration options() {
    Configuration options = Configuration.fromMap(extra);
    if (checkpointDir != null) {
      options.set(StreamplexOptions.CHECKPOINT_DIR, checkpointDir);
    }
    if (checkpointInterval != null) {
      options.set(StreamplexOptions.CHECKPOINT_INTERVAL, checkpointInterval);
    }
    if (parallelism != null) {
      options.set(StreamplexOptions.PARALLELISM, parallelism);
    }
    try {
      // Validate now, naming the option, rather than at submission deep in Flink's stack.
      FlinkEnvironments.flinkConfiguration(options);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    return options;
  }

  private static Admin admin(String bootstrap) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
    return Admin.create(props);
  }
}
