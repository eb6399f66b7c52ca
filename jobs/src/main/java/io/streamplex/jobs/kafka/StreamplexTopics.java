package io.streamplex.jobs.kafka;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Every Kafka topic Streamplex reads or writes (DESIGN.md §1), with its default name and partition
 * count. The actual names and counts come from {@link TopicsConfig}, which starts from these.
 *
 * <p>Keyed topics have 4 partitions: enough for a parallelism-4 job, few enough for one laptop.
 * {@code model-updates} has one partition because a scorer must apply versions in order; {@code
 * dead-letters} has one because it is read by people, in order.
 */
public enum StreamplexTopics {
  BEHAVIORS("behaviors", 4, "BehaviorEvent: user did X with item I at time t; keyed by user_id."),
  IMPRESSIONS(
      "impressions", 4, "Impression: a scoring request with 1..N candidates; keyed by user_id."),
  FEEDBACK(
      "feedback", 4, "Feedback: the later label of an impression's candidate; keyed by user_id."),
  SCORES("scores", 4, "ScoredCandidate: one score per candidate; keyed by request_id."),
  TRAINING_EXAMPLES(
      "training-examples",
      4,
      "TrainingExample: the features the scorer used, joined with the label; keyed by request_id."),
  MODEL_UPDATES(
      "model-updates",
      1,
      "ModelUpdate: versioned full models and deltas; one partition keeps versions in order."),
  DEAD_LETTERS(
      "dead-letters", 1, "DeadLetter: every input record a job rejected, with reason and bytes."),
  USER_ACTIVITY(
      "user-activity",
      4,
      "Per-user behaviour features (counts, last N items) emitted by the demo; keyed by user_id.");

  /** Prefix of every topic option, e.g. {@code streamplex.topics.behaviors.partitions}. */
  public static final String OPTION_PREFIX = "streamplex.topics.";

  private final String defaultName;
  private final int defaultPartitions;
  private final String description;
  private final ConfigOption<String> nameOption;
  private final ConfigOption<Integer> partitionsOption;

  StreamplexTopics(String defaultName, int defaultPartitions, String description) {
    this.defaultName = defaultName;
    this.defaultPartitions = defaultPartitions;
    this.description = description;
    this.nameOption =
        ConfigOptions.key(OPTION_PREFIX + defaultName + ".name")
            .stringType()
            .defaultValue(defaultName)
            .withDescription("Kafka topic name of " + description);
    this.partitionsOption =
        ConfigOptions.key(OPTION_PREFIX + defaultName + ".partitions")
            .intType()
            .defaultValue(defaultPartitions)
            .withDescription("Partitions of the topic of " + description);
  }

  /** The key in config files: the default name, e.g. {@code training-examples}. */
  public String key() {
    return defaultName;
  }

  public String defaultName() {
    return defaultName;
  }

  public int defaultPartitions() {
    return defaultPartitions;
  }

  public String description() {
    return description;
  }

  public ConfigOption<String> nameOption() {
    return nameOption;
  }

  public ConfigOption<Integer> partitionsOption() {
    return partitionsOption;
  }
}
