package io.streamplex.operators.flink;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.MemorySize;

/**
 * Every setting a Streamplex job reads, typed as Flink {@link ConfigOption}s in the style of
 * Flink's own connectors (key, type, default, description).
 *
 * <p>{@link FlinkEnvironments} translates these into Flink's own keys (state backend, checkpoint
 * storage, restart strategy, RocksDB memory, REST endpoint), so that a job sets one small, named
 * set of options instead of a dozen Flink keys whose names changed between Flink 1.x and 2.x. The
 * descriptions are user-facing: the CLI prints them as help.
 */
public final class StreamplexOptions {

  private StreamplexOptions() {}

  /**
   * Where checkpoints are written, as a URI or a local path. Flink puts each job's checkpoints in
   * {@code <dir>/<job-id>/chk-<n>}; {@link LatestCheckpoint} finds the newest retained one.
   */
  public static final ConfigOption<String> CHECKPOINT_DIR =
      ConfigOptions.key("streamplex.checkpoint.dir")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Directory (URI or local path) where checkpoints are written, one sub-directory per"
                  + " job id. Required: keyed state lives in RocksDB and survives a restart only"
                  + " through these checkpoints.");

  /** Time between the starts of two checkpoints. */
  public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
      ConfigOptions.key("streamplex.checkpoint.interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription(
              "Time between the starts of two checkpoints. Exactly-once outputs become visible to"
                  + " read_committed consumers only when a checkpoint completes, so this is also"
                  + " their extra latency.");

  /** Whether RocksDB uploads only the files that changed since the previous checkpoint. */
  public static final ConfigOption<Boolean> INCREMENTAL_CHECKPOINTS =
      ConfigOptions.key("streamplex.checkpoint.incremental")
          .booleanType()
          .defaultValue(true)
          .withDescription(
              "Upload only the RocksDB files created since the previous checkpoint instead of the"
                  + " whole state.");

  /** What happens to the last checkpoint when the job is cancelled. */
  public static final ConfigOption<ExternalizedCheckpointRetention> CHECKPOINT_RETENTION =
      ConfigOptions.key("streamplex.checkpoint.retention")
          .enumType(ExternalizedCheckpointRetention.class)
          .defaultValue(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION)
          .withDescription(
              "Whether the newest checkpoint is kept when the job is cancelled, so that the next"
                  + " run can resume from it (RETAIN_ON_CANCELLATION), deleted"
                  + " (DELETE_ON_CANCELLATION), or never written outside the job"
                  + " (NO_EXTERNALIZED_CHECKPOINTS).");

  /** How many times a failed job is restarted before it fails for good. */
  public static final ConfigOption<Integer> RESTART_ATTEMPTS =
      ConfigOptions.key("streamplex.restart.attempts")
          .intType()
          .defaultValue(3)
          .withDescription(
              "Number of restarts (fixed-delay strategy) from the last checkpoint after a failure"
                  + " before the job fails for good; 0 fails at the first error.");

  /** Pause before each restart. */
  public static final ConfigOption<Duration> RESTART_DELAY =
      ConfigOptions.key("streamplex.restart.delay")
          .durationType()
          .defaultValue(Duration.ofSeconds(2))
          .withDescription("Pause before each restart after a failure.");

  /** Managed memory of each TaskManager, which RocksDB uses for its block cache and memtables. */
  public static final ConfigOption<MemorySize> ROCKSDB_MANAGED_MEMORY =
      ConfigOptions.key("streamplex.rocksdb.managed-memory")
          .memoryType()
          .defaultValue(MemorySize.parse("512m"))
          .withDescription(
              "Managed memory of each TaskManager, shared by RocksDB's block cache and write"
                  + " buffers across slots. Size it to the hot state: random reads fall several"
                  + " times slower once the working set no longer fits.");

  /**
   * Whether RocksDB keeps a bloom filter per file, so that point lookups of absent keys skip it.
   */
  public static final ConfigOption<Boolean> ROCKSDB_BLOOM_FILTER =
      ConfigOptions.key("streamplex.rocksdb.bloom-filter")
          .booleanType()
          .defaultValue(true)
          .withDescription(
              "Keep a bloom filter in every RocksDB file so that a lookup skips files that cannot"
                  + " hold the key (faster point reads, a little more memory).");

  /** Whether a local cluster serves Flink's web UI. */
  public static final ConfigOption<Boolean> WEB_UI_ENABLED =
      ConfigOptions.key("streamplex.web-ui.enabled")
          .booleanType()
          .defaultValue(true)
          .withDescription(
              "Serve Flink's web UI from a local cluster. The dashboard needs flink-runtime-web on"
                  + " the classpath; without it only the REST API answers. When false, the REST"
                  + " API still runs, on a free port.");

  /** Port of a local cluster's web UI and REST API. */
  public static final ConfigOption<Integer> WEB_UI_PORT =
      ConfigOptions.key("streamplex.web-ui.port")
          .intType()
          .defaultValue(8081)
          .withDescription(
              "Port of the local cluster's web UI and REST API; 0 picks a free port. Bound to"
                  + " streamplex.web-ui.bind-address only.");

  /** Address the web UI and REST API listen on. */
  public static final ConfigOption<String> WEB_UI_BIND_ADDRESS =
      ConfigOptions.key("streamplex.web-ui.bind-address")
          .stringType()
          .defaultValue("localhost")
          .withDescription(
              "Address the local cluster's web UI and REST API listen on. The API can cancel jobs"
                  + " and run uploaded jars, so it stays on localhost unless you mean otherwise.");

  /** Default parallelism of the job's operators, and number of slots of a local cluster. */
  public static final ConfigOption<Integer> PARALLELISM =
      ConfigOptions.key("streamplex.parallelism")
          .intType()
          .defaultValue(1)
          .withDescription(
              "Default parallelism of every operator; a local cluster gets this many task slots.");

  /**
   * Number of key groups: the upper bound of keyed parallelism, fixed for the life of the state.
   */
  public static final ConfigOption<Integer> MAX_PARALLELISM =
      ConfigOptions.key("streamplex.max-parallelism")
          .intType()
          .defaultValue(128)
          .withDescription(
              "Number of key groups, the most subtasks keyed state can ever be spread over. Keyed"
                  + " state can be rescaled through savepoints up to this bound, but the bound"
                  + " itself cannot change without losing the state.");

  /** Checkpoint or savepoint to start from. */
  public static final ConfigOption<String> RESTORE_PATH =
      ConfigOptions.key("streamplex.restore.path")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Retained checkpoint (a chk-<n> directory) or savepoint to restore the job's state"
                  + " from. Takes precedence over streamplex.restore.latest-checkpoint.");

  /** Resume from the newest retained checkpoint under the checkpoint directory, if there is one. */
  public static final ConfigOption<Boolean> RESTORE_LATEST_CHECKPOINT =
      ConfigOptions.key("streamplex.restore.latest-checkpoint")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "Restore from the newest retained checkpoint found under streamplex.checkpoint.dir;"
                  + " start with empty state when there is none.");

  /** Bound N of each user's last-items ring in the user-activity operator. */
  public static final ConfigOption<Integer> ACTIVITY_LAST_ITEMS =
      ConfigOptions.key("streamplex.activity.last-items")
          .intType()
          .defaultValue(20)
          .withDescription(
              "Number of most recent item ids kept per user by the user-activity operator; older"
                  + " ones are overwritten in a fixed-size ring in state.");
}
