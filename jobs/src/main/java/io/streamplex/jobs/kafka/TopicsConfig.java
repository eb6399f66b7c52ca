package io.streamplex.jobs.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.Topic;

/**
 * The names and partition counts of all {@link StreamplexTopics}: defaults in code, overridable by
 * Flink options, a {@code .properties} file or a YAML file, all with the same keys:
 *
 * <pre>
 * streamplex.topics.replication-factor: 1
 * streamplex.topics.behaviors.name: my-behaviors
 * streamplex.topics.behaviors.partitions: 8
 * </pre>
 *
 * YAML may also nest them ({@code streamplex: {topics: {behaviors: {partitions: 8}}}}). An unknown
 * key under {@code streamplex.topics.} is an error, so a misspelt topic is never silently ignored.
 */
public final class TopicsConfig implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final ConfigOption<Integer> REPLICATION_FACTOR =
      ConfigOptions.key(StreamplexTopics.OPTION_PREFIX + "replication-factor")
          .intType()
          .defaultValue(1)
          .withDescription(
              "Replication factor of every topic Streamplex creates; 1 for a single broker.");

  private static final Duration METADATA_WAIT = Duration.ofSeconds(15);

  /** The resolved name and partition count of one topic. */
  public record TopicSpec(StreamplexTopics topic, String name, int partitions)
      implements Serializable {}

  private final EnumMap<StreamplexTopics, TopicSpec> specs;
  private final short replicationFactor;

  private TopicsConfig(EnumMap<StreamplexTopics, TopicSpec> specs, short replicationFactor) {
    this.specs = specs;
    this.replicationFactor = replicationFactor;
  }

  public static TopicsConfig defaults() {
    return fromConfiguration(new Configuration());
  }

  /** Every Flink option this class reads, e.g. for a CLI's help or a docs table. */
  public static List<ConfigOption<?>> options() {
    List<ConfigOption<?>> options = new ArrayList<>();
    options.add(REPLICATION_FACTOR);
    for (StreamplexTopics topic : StreamplexTopics.values()) {
      options.add(topic.nameOption());
      options.add(topic.partitionsOption());
    }
    return options;
  }

  public static TopicsConfig fromConfiguration(Configuration conf) {
    checkKnownKeys(conf.keySet());
    EnumMap<StreamplexTopics, TopicSpec> specs = new EnumMap<>(StreamplexTopics.class);
    Map<String, StreamplexTopics> byName = new HashMap<>();
    for (StreamplexTopics topic : StreamplexTopics.values()) {
      String name = conf.get(topic.nameOption()).trim();
      try {
        Topic.validate(name);
      } catch (InvalidTopicException e) {
        throw new IllegalArgumentException(
            topic.nameOption().key()
                + "='"
                + name
                + "' is not a valid topic name: "
                + e.getMessage(),
            e);
      }
      int partitions = conf.get(topic.partitionsOption());
      if (partitions < 1) {
        throw new IllegalArgumentException(
            topic.partitionsOption().key()
                + "="
                + partitions
                + ": a topic needs at least 1 partition");
      }
      StreamplexTopics clash = byName.put(name, topic);
      if (clash != null) {
        throw new IllegalArgumentException(
            "topics " + clash.key() + " and " + topic.key() + " are both named '" + name + "'");
      }
      specs.put(topic, new TopicSpec(topic, name, partitions));
    }
    int replication = conf.get(REPLICATION_FACTOR);
    if (replication < 1 || replication > Short.MAX_VALUE) {
      throw new IllegalArgumentException(
          REPLICATION_FACTOR.key() + "=" + replication + ": must be at least 1");
    }
    return new TopicsConfig(specs, (short) replication);
  }

  /** From flat keys such as {@code streamplex.topics.scores.partitions=8}. */
  public static TopicsConfig fromMap(Map<String, String> settings) {
    return fromConfiguration(Configuration.fromMap(settings));
  }

  public static TopicsConfig fromProperties(Properties properties) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String key : properties.stringPropertyNames()) {
      map.put(key, properties.getProperty(key));
    }
    return fromMap(map);
  }

  /**
   * Reads a {@code .properties}, {@code .yaml} or {@code .yml} file. Keys outside {@code
   * streamplex.topics.} are ignored, so the file may hold other settings too.
   */
  public static TopicsConfig load(Path file) {
    String fileName = file.getFileName().toString().toLowerCase(Locale.ROOT);
    try (InputStream in = Files.newInputStream(file)) {
      if (fileName.endsWith(".properties")) {
        Properties properties = new Properties();
        properties.load(in);
        return fromProperties(properties);
      }
      if (fileName.endsWith(".yaml") || fileName.endsWith(".yml")) {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
        Map<String, String> flat = new LinkedHashMap<>();
        if (root != null && !root.isMissingNode() && !root.isNull()) {
          if (!root.isObject()) {
            throw new IllegalArgumentException(file + ": YAML must be a mapping of keys to values");
          }
          flatten("", root, flat);
        }
        return fromMap(flat);
      }
      throw new IllegalArgumentException(
          file + ": unknown config format; use .properties, .yaml or .yml");
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("topics config file not found: " + file, e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read topics config " + file + ": " + e, e);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
        throw e;
      }
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              e ->
                  flatten(
                      prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                      e.getValue(),
                      out));
    } else if (!node.isNull()) {
      out.put(prefix, node.isValueNode() ? node.asText() : node.toString());
    }
  }

  private static void checkKnownKeys(Set<String> keys) {
    Set<String> known = new TreeSet<>();
    for (ConfigOption<?> option : options()) {
      known.add(option.key());
    }
    for (String key : keys) {
      if (key.startsWith(StreamplexTopics.OPTION_PREFIX) && !known.contains(key)) {
        throw new IllegalArgumentException(
            "unknown topic setting '" + key + "'; known settings: " + String.join(", ", known));
      }
    }
  }

  public TopicSpec spec(StreamplexTopics topic) {
    return specs.get(topic);
  }

  public String name(StreamplexTopics topic) {
    return specs.get(topic).name();
  }

  public int partitions(StreamplexTopics topic) {
    return specs.get(topic).partitions();
  }

  public short replicationFactor() {
    return replicationFactor;
  }

  public List<TopicSpec> all() {
    return List.copyOf(specs.values());
  }

  /** These settings as Flink options, e.g. to hand to a job's configuration. */
  public Configuration toConfiguration() {
    Configuration conf = new Configuration();
    conf.set(REPLICATION_FACTOR, (int) replicationFactor);
    for (TopicSpec spec : specs.values()) {
      conf.set(spec.topic().nameOption(), spec.name());
      conf.set(spec.topic().partitionsOption(), spec.partitions());
    }
    return conf;
  }

  /**
   * The same topics with every name prefixed, to keep tests, demos or tenants apart on one broker.
   */
  public TopicsConfig withNamePrefix(String prefix) {
    Configuration conf = toConfiguration();
    for (TopicSpec spec : specs.values()) {
      conf.set(spec.topic().nameOption(), prefix + spec.name());
    }
    return fromConfiguration(conf);
  }

  public List<NewTopic> newTopics() {
    List<NewTopic> topics = new ArrayList<>();
    for (TopicSpec spec : specs.values()) {
      topics.add(new NewTopic(spec.name(), spec.partitions(), replicationFactor));
    }
    return topics;
  }

  /**
   * Creates every topic that does not exist yet; safe to call any number of times.
   *
   * @return the names of the topics it created (empty when all existed)
   * @throws IllegalStateException when a topic exists with fewer partitions than configured: keyed
   *     state and ordering would silently differ from what the jobs expect
   */
  public List<String> createTopics(Admin admin) throws InterruptedException {
    List<String> created = new ArrayList<>();
    try {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = new ArrayList<>();
      for (NewTopic topic : newTopics()) {
        if (!existing.contains(topic.name())) {
          missing.add(topic);
        }
      }
      if (!missing.isEmpty()) {
        var results = admin.createTopics(missing).values();
        for (NewTopic topic : missing) {
          try {
            results.get(topic.name()).get();
            created.add(topic.name());
          } catch (ExecutionException e) {
            // Another process created it between our listing and our request: that is fine.
            if (!(e.getCause() instanceof TopicExistsException)) {
              throw e;
            }
          }
        }
      }
      Map<String, TopicDescription> described = describeWhenKnown(admin);
      for (TopicSpec spec : specs.values()) {
        int actual = described.get(spec.name()).partitions().size();
        if (actual < spec.partitions()) {
          throw new IllegalStateException(
              "topic '"
                  + spec.name()
                  + "' exists with "
                  + actual
                  + " partitions but "
                  + spec.topic().partitionsOption().key()
                  + " asks for "
                  + spec.partitions());
        }
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("creating Streamplex topics failed: " + e.getCause(), e);
    }
    return Collections.unmodifiableList(created);
  }

  /**
   * Describes every configured topic. The controller acknowledges a new topic before the broker's
   * metadata cache knows it, so a describe right after a create can answer "unknown topic" for a
   * moment.
   */
  private Map<String, TopicDescription> describeWhenKnown(Admin admin)
      throws InterruptedException, ExecutionException {
    List<String> names = specs.values().stream().map(TopicSpec::name).toList();
    long deadline = System.nanoTime() + METADATA_WAIT.toNanos();
    while (true) {
      try {
        return admin.describeTopics(names).allTopicNames().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  /** Like {@link #createTopics(Admin)} with a short-lived admin client. */
  public List<String> createTopics(String bootstrapServers) throws InterruptedException {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrapServers);
    try (Admin admin = Admin.create(props)) {
      return createTopics(admin);
    }
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("TopicsConfig{");
    for (TopicSpec spec : specs.values()) {
      out.append(spec.name()).append('=').append(spec.partitions()).append(", ");
    }
    return out.append("replication=").append(replicationFactor).append('}').toString();
  }
}
