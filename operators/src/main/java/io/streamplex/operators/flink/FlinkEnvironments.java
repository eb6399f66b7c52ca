package io.streamplex.operators.flink;

import static io.streamplex.operators.flink.StreamplexOptions.ACTIVITY_LAST_ITEMS;
import static io.streamplex.operators.flink.StreamplexOptions.CHECKPOINT_DIR;
import static io.streamplex.operators.flink.StreamplexOptions.CHECKPOINT_INTERVAL;
import static io.streamplex.operators.flink.StreamplexOptions.CHECKPOINT_RETENTION;
import static io.streamplex.operators.flink.StreamplexOptions.INCREMENTAL_CHECKPOINTS;
import static io.streamplex.operators.flink.StreamplexOptions.MAX_PARALLELISM;
import static io.streamplex.operators.flink.StreamplexOptions.PARALLELISM;
import static io.streamplex.operators.flink.StreamplexOptions.RESTART_ATTEMPTS;
import static io.streamplex.operators.flink.StreamplexOptions.RESTART_DELAY;
import static io.streamplex.operators.flink.StreamplexOptions.RESTORE_LATEST_CHECKPOINT;
import static io.streamplex.operators.flink.StreamplexOptions.RESTORE_PATH;
import static io.streamplex.operators.flink.StreamplexOptions.ROCKSDB_BLOOM_FILTER;
import static io.streamplex.operators.flink.StreamplexOptions.ROCKSDB_MANAGED_MEMORY;
import static io.streamplex.operators.flink.StreamplexOptions.WEB_UI_BIND_ADDRESS;
import static io.streamplex.operators.flink.StreamplexOptions.WEB_UI_ENABLED;
import static io.streamplex.operators.flink.StreamplexOptions.WEB_UI_PORT;

import java.time.Duration;
import java.util.Optional;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.rocksdb.InfoLogLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds Flink 2.x execution environments from {@link StreamplexOptions}: RocksDB keyed state,
 * retained incremental checkpoints on a file system, a fixed-delay restart strategy, and an
 * optional restore point.
 *
 * <p>In Flink 2.x these can only be set through the {@link Configuration} an environment is created
 * with ({@code env.setStateBackend} and friends are gone), so {@link #flinkConfiguration} is the
 * one place that maps our options to Flink's keys. Options the caller already put in the
 * configuration under Flink's own keys pass through unless a Streamplex option overrides them.
 */
public final class FlinkEnvironments {

  private static final Logger LOG = LoggerFactory.getLogger(FlinkEnvironments.class);

  /** A class of flink-runtime-web, which serves the dashboard's static files. */
  static final String WEB_UI_CLASS = "org.apache.flink.runtime.webmonitor.WebSubmissionExtension";

  private FlinkEnvironments() {}

  /**
   * Translates the Streamplex options in {@code options} into a Flink configuration (a copy; the
   * argument is not changed).
   *
   * @throws IllegalArgumentException naming the option when a value is missing or out of range
   */
  public static Configuration flinkConfiguration(Configuration options) {
    validate(options);
    Configuration conf = new Configuration(options);

    conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
    conf.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, options.get(ROCKSDB_BLOOM_FILTER));
    // RocksDB's own LOG files otherwise grow in every slot's working directory
    conf.set(RocksDBConfigurableOptions.LOG_LEVEL, InfoLogLevel.HEADER_LEVEL);
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, options.get(ROCKSDB_MANAGED_MEMORY));

    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, options.get(CHECKPOINT_DIR));
    conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, options.get(INCREMENTAL_CHECKPOINTS));
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, options.get(CHECKPOINT_INTERVAL));
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, options.get(CHECKPOINT_RETENTION));

    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(
        RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS,
        options.get(RESTART_ATTEMPTS));
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, options.get(RESTART_DELAY));

    conf.set(CoreOptions.DEFAULT_PARALLELISM, options.get(PARALLELISM));
    conf.set(PipelineOptions.MAX_PARALLELISM, options.get(MAX_PARALLELISM));

    restorePath(options).ifPresent(path -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, path));
    return conf;
  }

  /**
   * The checkpoint or savepoint a job built from {@code options} restores from: {@link
   * StreamplexOptions#RESTORE_PATH} if set, else the newest retained checkpoint when {@link
   * StreamplexOptions#RESTORE_LATEST_CHECKPOINT} is on and one exists.
   */
  public static Optional<String> restorePath(ReadableConfig options) {
    Optional<String> explicit = options.getOptional(RESTORE_PATH).filter(p -> !p.isBlank());
    if (explicit.isPresent() || !options.get(RESTORE_LATEST_CHECKPOINT)) {
      return explicit;
    }
    return LatestCheckpoint.find(options.get(CHECKPOINT_DIR)).map(LatestCheckpoint.Found::path);
  }

  /**
   * An environment that runs jobs in a local cluster inside this JVM, with as many slots as {@link
   * StreamplexOptions#PARALLELISM}, and the web UI on {@link StreamplexOptions#WEB_UI_BIND_ADDRESS}
   * : {@link StreamplexOptions#WEB_UI_PORT} when enabled and flink-runtime-web is on the classpath.
   */
  public static StreamExecutionEnvironment local(Configuration options) {
    Configuration conf = flinkConfiguration(options);
    // A local cluster sized by Flink has one slot per core, not per operator; a job wider than
    // that waits for slots and fails after minutes, so size it from the job's parallelism.
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, options.get(PARALLELISM));
    String bindAddress = options.get(WEB_UI_BIND_ADDRESS);
    conf.set(JobManagerOptions.ADDRESS, "localhost");
    conf.set(JobManagerOptions.BIND_HOST, "localhost");
    conf.set(TaskManagerOptions.HOST, "localhost");
    conf.set(TaskManagerOptions.BIND_HOST, "localhost");
    conf.set(RestOptions.ADDRESS, bindAddress);
    conf.set(RestOptions.BIND_ADDRESS, bindAddress);
    boolean webUi = options.get(WEB_UI_ENABLED);
    conf.set(RestOptions.BIND_PORT, webUi ? String.valueOf(options.get(WEB_UI_PORT)) : "0");
    if (webUi && !webUiAvailable()) {
      LOG.warn(
          "{} is on, but flink-runtime-web is not on the classpath: only the REST API will answer"
              + " on {}:{}",
          WEB_UI_ENABLED.key(),
          bindAddress,
          options.get(WEB_UI_PORT));
    }
    return StreamExecutionEnvironment.createLocalEnvironment(conf);
  }

  /**
   * An environment that submits jobs to a running cluster's REST endpoint at {@code host:port},
   * shipping {@code jarFiles} (the job's classes and everything not on the cluster's classpath).
   * The cluster's own settings (slots, memory, web UI) are the cluster's; the job-level ones (state
   * backend, checkpoints, restarts, parallelism, restore path) travel with the job.
   */
  public static StreamExecutionEnvironment remote(
      Configuration options, String host, int port, String... jarFiles) {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("remote JobManager host is blank");
    }
    checkPort("remote JobManager REST port", port, false);
    return StreamExecutionEnvironment.createRemoteEnvironment(
        host, port, flinkConfiguration(options), jarFiles);
  }

  /** Whether Flink's dashboard can be served: flink-runtime-web is on the classpath. */
  public static boolean webUiAvailable() {
    try {
      Class.forName(WEB_UI_CLASS, false, FlinkEnvironments.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static void validate(Configuration options) {
    String dir = options.get(CHECKPOINT_DIR);
    if (dir == null || dir.isBlank()) {
      throw new IllegalArgumentException(
          CHECKPOINT_DIR.key() + " is not set: keyed state needs a checkpoint directory");
    }
    Duration interval = options.get(CHECKPOINT_INTERVAL);
    if (interval.toMillis() < 10) {
      throw new IllegalArgumentException(
          CHECKPOINT_INTERVAL.key() + " must be at least 10 ms, got " + interval);
    }
    atLeast(options, RESTART_ATTEMPTS, 0);
    if (options.get(RESTART_DELAY).isNegative()) {
      throw new IllegalArgumentException(
          RESTART_DELAY.key() + " must not be negative, got " + options.get(RESTART_DELAY));
    }
    atLeast(options, PARALLELISM, 1);
    atLeast(options, ACTIVITY_LAST_ITEMS, 1);
    int parallelism = options.get(PARALLELISM);
    int maxParallelism = options.get(MAX_PARALLELISM);
    if (maxParallelism < parallelism || maxParallelism > 32768) {
      throw new IllegalArgumentException(
          MAX_PARALLELISM.key()
              + " must be between "
              + PARALLELISM.key()
              + " ("
              + parallelism
              + ") and 32768, got "
              + maxParallelism);
    }
    checkPort(WEB_UI_PORT.key(), options.get(WEB_UI_PORT), true);
    if (options.get(ROCKSDB_MANAGED_MEMORY).getBytes() <= 0) {
      throw new IllegalArgumentException(ROCKSDB_MANAGED_MEMORY.key() + " must be positive");
    }
  }

  private static void atLeast(ReadableConfig options, ConfigOption<Integer> option, int min) {
    int value = options.get(option);
    if (value < min) {
      throw new IllegalArgumentException(
          option.key() + " must be at least " + min + ", got " + value);
    }
  }

  private static void checkPort(String what, int port, boolean zeroAllowed) {
    if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
      throw new IllegalArgumentException(what + " must be a port number, got " + port);
    }
  }
}
