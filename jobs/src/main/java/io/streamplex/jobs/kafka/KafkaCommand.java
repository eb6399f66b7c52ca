package io.streamplex.jobs.kafka;

import io.streamplex.jobs.cli.DurationConverter;
import io.streamplex.jobs.cli.UserException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code streamplex kafka}: the embedded broker on its own, with every Streamplex topic, for
 * clients in other processes (replay, inspect, kcat, Python) on a machine without Docker. Also
 * measures how long the broker takes to start.
 */
@Command(
    name = "kafka",
    mixinStandardHelpOptions = true,
    description = {
      "Run a single-node KRaft Kafka broker on 127.0.0.1 with every Streamplex topic created,",
      "until Ctrl-C or --duration. With --measure-startup N, start and stop N brokers instead and",
      "report their start times."
    })
public final class KafkaCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "9092",
      description = "Fixed port on 127.0.0.1 (default: ${DEFAULT-VALUE}); 0 for a random one.")
  int port;

  @Option(
      names = "--topics-config",
      description = "A .properties or .yaml file overriding topic names and partitions.")
  Path topicsConfig;

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description = "Stop after this long, e.g. 60s or 5m (default: run until Ctrl-C).")
  Duration duration;

  @Option(
      names = "--measure-startup",
      defaultValue = "0",
      description = "Start and stop this many brokers one after another and report their times.")
  int measureStartup;

  @Option(names = "--json", description = "End with one JSON summary line.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new UserException("--port " + port + " is not a TCP port (0..65535)");
    }
    if (measureStartup < 0) {
      throw new UserException("--measure-startup must be 0 or more, not " + measureStartup);
    }
    TopicsConfig topics;
    try {
      topics = topicsConfig == null ? TopicsConfig.defaults() : TopicsConfig.load(topicsConfig);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    return measureStartup > 0 ? measure(topics, out) : serve(topics, out);
  }

  private int serve(TopicsConfig topics, PrintWriter out) throws Exception {
    EmbeddedKafka kafka = start();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              closeQuietly(kafka);
              stopped.countDown();
            },
            "streamplex-kafka-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    List<String> created = topics.createTopics(kafka.bootstrapServers());
    out.printf(
        "Kafka ready at %s in %d ms; topics: %s (created now: %d)%n",
        kafka.bootstrapServers(),
        kafka.startupTime().toMillis(),
        topics.all().stream()
            .map(t -> t.name() + "/" + t.partitions())
            .collect(Collectors.joining(", ")),
        created.size());
    out.flush();
    if (duration == null) {
      stopped.await();
    } else {
      stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
      Runtime.getRuntime().removeShutdownHook(hook);
      kafka.close();
    }
    if (json) {
      out.printf(
          Locale.ROOT,
          "{\"bootstrap_servers\":\"%s\",\"startup_ms\":%d,\"topics\":%d,\"created\":%d}%n",
          kafka.bootstrapServers(),
          kafka.startupTime().toMillis(),
          topics.all().size(),
          created.size());
    }
    return 0;
  }

  /** The first start pays for class loading and JIT; later ones show the broker's own cost. */
  private int measure(TopicsConfig topics, PrintWriter out) throws Exception {
    List<Long> startMs = new ArrayList<>();
    List<Long> topicsMs = new ArrayList<>();
    for (int i = 0; i < measureStartup; i++) {
      try (EmbeddedKafka kafka = start()) {
        long t0 = System.nanoTime();
        topics.createTopics(kafka.bootstrapServers());
        long topicMs = (System.nanoTime() - t0) / 1_000_000;
        startMs.add(kafka.startupTime().toMillis());
        topicsMs.add(topicMs);
        out.printf(
            "start %d: broker ready in %d ms, %d topics created in %d ms%n",
            i + 1, kafka.startupTime().toMillis(), topics.all().size(), topicMs);
        out.flush();
      }
    }
    if (json) {
      out.printf(
          "{\"starts\":%d,\"startup_ms\":%s,\"create_topics_ms\":%s,\"port\":%d}%n",
          measureStartup, startMs, topicsMs, port);
    }
    return 0;
  }

  private EmbeddedKafka start() throws Exception {
    try {
      return EmbeddedKafka.builder().fixedPort(port).start();
    } catch (IllegalStateException e) {
      throw new UserException(e.getMessage(), e);
    }
  }

  private static void closeQuietly(EmbeddedKafka kafka) {
    try {
      kafka.close();
    } catch (Exception e) {
      System.err.println("kafka: error while stopping the broker: " + e);
    }
  }
}
