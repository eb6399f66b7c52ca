package io.streamplex.jobs.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * A single-node KRaft Kafka broker (combined broker and controller) inside this JVM, on localhost
 * only, for the tests and the demo. Built on Kafka's own {@link KafkaClusterTestKit}, so it is the
 * real broker, transactions included. Ready in about two seconds.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.builder().fixedPort(9092).start()) {
 *   TopicsConfig.defaults().createTopics(kafka.bootstrapServers());
 *   ...
 * }
 * }</pre>
 *
 * <p>Internal topics (consumer offsets, transaction state) have replication factor 1 and one
 * partition, which a single broker needs and which keeps the first group or transaction fast.
 * Topics are not auto-created: they come from {@link TopicsConfig}, so a misspelt topic fails
 * instead of silently appearing with one partition.
 */
public final class EmbeddedKafka implements AutoCloseable {

  /** Name of the extra listener that binds the fixed port. */
  static final String FIXED_LISTENER = "FIXED";

  private final KafkaClusterTestKit cluster;
  private final String bootstrapServers;
  private final Duration startupTime;

  private EmbeddedKafka(KafkaClusterTestKit cluster, String bootstrapServers, Duration startup) {
    this.cluster = cluster;
    this.bootstrapServers = bootstrapServers;
    this.startupTime = startup;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts a broker with all defaults: random free port, quiet logs. */
  public static EmbeddedKafka start() throws Exception {
    return builder().start();
  }

  /** {@code host:port} for clients: the fixed port if one was asked for, else the random one. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** How long {@link Builder#start()} took, from formatting storage to a ready broker. */
  public Duration startupTime() {
    return startupTime;
  }

  /** Client properties with only {@code bootstrap.servers} set. */
  public Properties clientProperties() {
    Properties props = new Properties();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return props;
  }

  /** A new admin client; the caller closes it. */
  public Admin admin() {
    return Admin.create(clientProperties());
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }

  /** Options of the embedded broker. */
  public static final class Builder {
    private int fixedPort = -1;
    private boolean quietLogs = true;
    private Path baseDirectory;
    private final Map<String, String> brokerProperties = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Also listen on {@code 127.0.0.1:port}, for other processes (kcat, Python) that need a known
     * address, and advertise it in {@link #bootstrapServers()}. 0 or negative means no fixed port.
     */
    public Builder fixedPort(int port) {
      if (port > 65535) {
        throw new IllegalArgumentException("port " + port + " is not a TCP port (1..65535)");
      }
      this.fixedPort = port;
      return this;
    }

    /** Any broker setting, e.g. {@code log.retention.ms}; applied last, so it wins. */
    public Builder brokerProperty(String key, String value) {
      brokerProperties.put(key, value);
      return this;
    }

    /** Where logs and metadata go; a fresh temporary directory by default, deleted on close. */
    public Builder baseDirectory(Path directory) {
      this.baseDirectory = directory;
      return this;
    }

    /**
     * Whether to turn Kafka's own INFO logging down to WARN (default true): a broker start logs a
     * few hundred lines that drown a demo's output.
     */
    public Builder quietLogs(boolean quiet) {
      this.quietLogs = quiet;
      return this;
    }

    public EmbeddedKafka start() throws Exception {
      if (quietLogs) {
        for (String logger : new String[] {"kafka", "org.apache.kafka", "state.change.logger"}) {
          Configurator.setLevel(logger, Level.WARN);
        }
      }
      long started = System.nanoTime();
      TestKitNodes.Builder nodes =
          new TestKitNodes.Builder()
              .setCombined(true)
              .setNumBrokerNodes(1)
              .setNumControllerNodes(1);
      if (baseDirectory != null) {
        nodes.setBaseDirectory(baseDirectory);
      }
      TestKitNodes built = nodes.build();
      KafkaClusterTestKit.Builder kit = new KafkaClusterTestKit.Builder(built);
      Map<String, String> props = new LinkedHashMap<>();
      props.put("offsets.topic.replication.factor", "1");
      props.put("offsets.topic.num.partitions", "1");
      props.put("transaction.state.log.replication.factor", "1");
      props.put("transaction.state.log.min.isr", "1");
      props.put("transaction.state.log.num.partitions", "1");
      props.put("share.coordinator.state.topic.replication.factor", "1");
      props.put("share.coordinator.state.topic.min.isr", "1");
      props.put("default.replication.factor", "1");
      props.put("min.insync.replicas", "1");
      props.put("group.initial.rebalance.delay.ms", "0");
      props.put("auto.create.topics.enable", "false");
      if (fixedPort > 0) {
        String broker = built.brokerListenerName().value();
        String controller = built.controllerListenerName().value();
        // The kit pre-binds its own listeners on random ports and ignores a port given for
        // them, so the fixed port has to be a listener of its own.
        props.put(
            "listeners",
            broker
                + "://localhost:0,"
                + FIXED_LISTENER
                + "://127.0.0.1:"
                + fixedPort
                + ","
                + controller
                + "://localhost:0");
        props.put(
            "listener.security.protocol.map",
            broker + ":PLAINTEXT," + FIXED_LISTENER + ":PLAINTEXT," + controller + ":PLAINTEXT");
      }
      props.putAll(brokerProperties);
      props.forEach(kit::setConfigProp);

      KafkaClusterTestKit cluster = kit.build();
      try {
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
      } catch (Exception | Error e) {
        cluster.close();
        if (fixedPort > 0) {
          throw new IllegalStateException(
              "embedded Kafka did not start; is port " + fixedPort + " already in use? " + e, e);
        }
        throw e;
      }
      String bootstrap = fixedPort > 0 ? "127.0.0.1:" + fixedPort : cluster.bootstrapServers();
      return new EmbeddedKafka(cluster, bootstrap, Duration.ofNanos(System.nanoTime() - started));
    }
  }
}
