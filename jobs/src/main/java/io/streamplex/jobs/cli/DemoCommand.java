package io.streamplex.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamplex.data.BehaviorLog;
import io.streamplex.data.DatasetSource;
import io.streamplex.jobs.demo.UserActivityPipeline;
import io.streamplex.jobs.kafka.EmbeddedKafka;
import io.streamplex.jobs.kafka.StreamplexTopics;
import io.streamplex.jobs.kafka.TopicsConfig;
import io.streamplex.jobs.replay.Replayer;
import io.streamplex.operators.flink.FlinkEnvironments;
import io.streamplex.operators.flink.StreamplexOptions;
import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.codec.AvroCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The one-command demo: an embedded KRaft broker, a Flink MiniCluster with RocksDB state,
 * incremental checkpoints and the web UI, a producer replaying behaviour events (with a little
 * garbage, to show dead letters), and a keyed job writing per-user features back to Kafka
 * exactly-once. Prints throughput as it runs; stops after {@code --duration} or on Ctrl-C.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run Kafka + Flink locally and stream a dataset through a keyed RocksDB job, printing"
            + " throughput. Web UI on http://localhost:8081.")
public final class DemoCommand implements Callable<Integer> {

  /** One garbage record among this many, so the dead-letter path is always exercised. */
  static final int GARBAGE_EVERY = 10_000;

  @Spec CommandSpec spec;

  @Mixin DatasetOptions datasets;

  @Option(
      names = "--dataset",
      defaultValue = "synthetic",
      description = "Dataset to replay (default: ${DEFAULT-VALUE}, built in).")
  String dataset;

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description = "Stop after this long, e.g. 60s or 5m (default: run until Ctrl-C).")
  Duration duration;

  @Option(
      names = "--rate",
      defaultValue = "5000",
      description = "Behaviour events per second to produce (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--web-port",
      defaultValue = "8081",
      description =
          "Flink web UI port on localhost; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int webPort;

  @Option(
      names = "--kafka-port",
      defaultValue = "9092",
      description =
          "Kafka port on 127.0.0.1 for other clients; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(names = "--parallelism", defaultValue = "2", description = "(default: ${DEFAULT-VALUE})")
  int parallelism;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "(default: ${DEFAULT-VALUE})")
  Duration checkpointInterval;

  @Option(
      names = "--report-every",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "How often to print throughput (default: ${DEFAULT-VALUE}).")
  Duration reportEvery;

  @Option(
      names = "--drain-timeout",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "At the end, how long to wait for the job to process what was produced (default:"
              + " ${DEFAULT-VALUE}).")
  Duration drainTimeout;

  @Option(
      names = "--work-dir",
      description = "Where checkpoints go; kept afterwards (default: a temporary folder, deleted).")
  Path workDir;

  @Option(names = "--json", description = "End with one JSON line of figures.")
  boolean json;

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    validate();
    PrintWriter out = spec.commandLine().getOut();
    DatasetSource source = datasets.resolve(dataset);
    if (!source.hasBehaviors()) {
      throw new UserException(
          "dataset '" + dataset + "' has no behaviour events; the demo needs one that has");
    }
    BehaviorLog log = source.behaviors();
    if (log.events().isEmpty()) {
      throw new UserException("dataset '" + dataset + "' has no events");
    }
    out.printf("streamplex demo: %s, %,d behaviour events%n", dataset, log.events().size());
    Thread hook = new Thread(this::onShutdown, "streamplex-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    boolean tempDir = workDir == null;
    Path work = tempDir ? Files.createTempDirectory("streamplex-demo") : workDir;
    try {
      return run(out, log.events(), work);
    } finally {
      if (tempDir) {
        deleteQuietly(work);
      }
      finished.countDown();
    }
  }

  private void validate() {
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw new UserException("--duration must be positive, not " + duration);
    }
    if (rate <= 0) {
      throw new UserException("--rate must be positive, not " + rate);
    }
    if (parallelism < 1) {
      throw new UserException("--parallelism must be at least 1, not " + parallelism);
    }
    if (webPort < 0 || webPort > 65535 || kafkaPort < 0 || kafkaPort > 65535) {
      throw new UserException("ports must be in 0..65535");
    }
  }

  private int run(PrintWriter out, List<BehaviorEvent> events, Path work) throws Exception {
    long started = System.nanoTime();
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().fixedPort(kafkaPort).start()) {
      String bootstrap = kafka.bootstrapServers();
      TopicsConfig topics = TopicsConfig.defaults();
      try (Admin admin = kafka.admin()) {
        topics.createTopics(admin);
      }
      out.printf(
          "kafka: %s (KRaft, started in %d ms); topics: %s%n",
          bootstrap, kafka.startupTime().toMillis(), topicNames(topics));

      Configuration options = new Configuration();
      options.set(StreamplexOptions.CHECKPOINT_DIR, work.resolve("checkpoints").toUri().toString());
      options.set(StreamplexOptions.CHECKPOINT_INTERVAL, checkpointInterval);
      options.set(StreamplexOptions.PARALLELISM, parallelism);
      options.set(StreamplexOptions.WEB_UI_ENABLED, true);
      options.set(StreamplexOptions.WEB_UI_PORT, webPort);
      StreamExecutionEnvironment env = FlinkEnvironments.local(options);
      UserActivityPipeline.build(
          env, bootstrap, topics, options, "streamplex-demo-" + System.currentTimeMillis());
      JobClient job = env.executeAsync(UserActivityPipeline.JOB_NAME);
      String webUi = "http://localhost:" + restPort(job, webPort);
      out.printf(
          "flink: job %s running with RocksDB state and incremental checkpoints every %s%n",
          job.getJobID(), checkpointInterval);
      out.printf("web UI: %s%n", webUi);
      out.printf(
          "try: ./streamplex inspect --bootstrap-servers %s --topic %s%n",
          bootstrap, topics.name(StreamplexTopics.USER_ACTIVITY));
      out.flush();

      Producer producer =
          new Producer(bootstrap, topics.name(StreamplexTopics.BEHAVIORS), events, rate);
      Counter counter =
          new Counter(
              bootstrap,
              topics.name(StreamplexTopics.USER_ACTIVITY),
              topics.name(StreamplexTopics.DEAD_LETTERS));
      producer.start();
      counter.start();
      // The duration counts from a running job: broker and cluster start-up vary with the machine.
      started = System.nanoTime();
      long deadline = duration == null ? Long.MAX_VALUE : started + duration.toNanos();
      long lastProduced = 0;
      long lastProcessed = 0;
      long lastReport = System.nanoTime();
      while (!stop.await(
          Math.min(reportEvery.toNanos(), Math.max(0, deadline - System.nanoTime())),
          TimeUnit.NANOSECONDS)) {
        long now = System.nanoTime();
        double secs = (now - lastReport) / 1e9;
        long produced = producer.sent.get();
        long processed = counter.activity.get();
        out.printf(
            "[%4.0fs] produced %,d (%,.0f/s) | user-activity updates committed %,d (%,.0f/s) |"
                + " dead letters %,d | checkpoints %d%n",
            (now - started) / 1e9,
            produced,
            (produced - lastProduced) / secs,
            processed,
            (processed - lastProcessed) / secs,
            counter.deadLetters.get(),
            completedCheckpoints(webUi, job));
        out.flush();
        lastProduced = produced;
        lastProcessed = processed;
        lastReport = now;
        if (producer.failure.get() != null) {
          throw new IllegalStateException("producer failed", producer.failure.get());
        }
        if (job.getJobStatus().get().isGloballyTerminalState()) {
          throw new IllegalStateException("the job stopped: " + job.getJobStatus().get());
        }
        if (now >= deadline) {
          break;
        }
      }
      producer.halt();
      double elapsed = (System.nanoTime() - started) / 1e9;
      // Let the job catch up with what was produced, so the stop leaves nothing unprocessed on
      // the topic; on a machine too slow for the rate, say how much is left instead.
      long expected = producer.sent.get();
      long drainUntil = System.nanoTime() + drainTimeout.toNanos();
      while (System.nanoTime() < drainUntil
          && counter.activity.get() + counter.deadLetters.get() < expected) {
        Thread.sleep(100);
      }
      // A stop with a savepoint commits the sinks' open transactions, so every event produced
      // reaches the output exactly once before the job ends, and the run can be resumed from it.
      long checkpoints = completedCheckpoints(webUi, job);
      String savepoint =
          job.stopWithSavepoint(
                  false,
                  work.resolve("savepoints").toUri().toString(),
                  SavepointFormatType.CANONICAL)
              .get(120, TimeUnit.SECONDS);
      awaitTermination(job);
      long settleUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < settleUntil
          && counter.activity.get() + counter.deadLetters.get() < expected) {
        Thread.sleep(100);
      }
      counter.halt();
      long unprocessed = expected - counter.activity.get() - counter.deadLetters.get();
      out.printf("stopped with savepoint %s%n", savepoint);
      if (unprocessed > 0) {
        out.printf(
            "%,d events were still on the topic, not yet processed: the machine did not keep up"
                + " with --rate %.0f within --drain-timeout %s%n",
            unprocessed, rate, drainTimeout);
      }
      ObjectNode summary = new ObjectMapper().createObjectNode();
      summary.put("dataset", dataset);
      summary.put("seconds", Math.round(elapsed * 10) / 10.0);
      summary.put("produced", producer.sent.get());
      summary.put("garbage_records", producer.garbage.get());
      summary.put("user_activity_updates", counter.activity.get());
      summary.put("dead_letters", counter.deadLetters.get());
      summary.put("unprocessed", unprocessed);
      summary.put("events_per_second", Math.round(counter.activity.get() / elapsed));
      summary.put("checkpoints_completed", checkpoints);
      summary.put("savepoint", savepoint);
      summary.put("web_ui", webUi);
      out.printf(
          "done: %,d events produced, %,d user-activity updates and %,d dead letters committed in"
              + " %.1f s (%,.0f events/s end to end, exactly-once), %d checkpoints%n",
          producer.sent.get(),
          counter.activity.get(),
          counter.deadLetters.get(),
          elapsed,
          counter.activity.get() / elapsed,
          checkpoints);
      if (json) {
        out.println(summary);
      }
      out.flush();
      return 0;
    }
  }

  /** Waits until the cancelled job has released its sources and sinks, before Kafka goes away. */
  private static void awaitTermination(JobClient job) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < until) {
      try {
        if (job.getJobStatus().get(5, TimeUnit.SECONDS).isGloballyTerminalState()) {
          return;
        }
      } catch (java.util.concurrent.ExecutionException
          | java.util.concurrent.TimeoutException
          | IllegalStateException e) {
        return; // the per-job cluster is already gone with the job
      }
      Thread.sleep(100);
    }
  }

  private void onShutdown() {
    stop.countDown();
    try {
      finished.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String topicNames(TopicsConfig topics) {
    return String.join(", ", topics.all().stream().map(TopicsConfig.TopicSpec::name).toList());
  }

  /** The port the REST server really bound (the configured one, or the free one it picked). */
  private static int restPort(JobClient job, int configured) {
    if (configured != 0) {
      return configured;
    }
    try {
      Object miniCluster = job.getClass().getMethod("getClusterClient").invoke(job);
      Object url = miniCluster.getClass().getMethod("getWebInterfaceURL").invoke(miniCluster);
      return URI.create(url.toString()).getPort();
    } catch (ReflectiveOperationException e) {
      return configured;
    }
  }

  private static long completedCheckpoints(String webUi, JobClient job) {
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(webUi + "/jobs/" + job.getJobID() + "/checkpoints"))
                  .timeout(Duration.ofSeconds(3))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode counts = new ObjectMapper().readTree(r.body()).path("counts");
      return counts.path("completed").asLong(-1);
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // A temporary folder left behind is not worth failing a finished demo for.
    }
  }

  /** Replays the events in a loop, shifted in time each round, with occasional garbage. */
  static final class Producer extends Thread {
    final AtomicLong sent = new AtomicLong();
    final AtomicLong garbage = new AtomicLong();
    final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Replayer replayer;
    private final String topic;
    private final List<BehaviorEvent> events;
    private volatile boolean running = true;

    Producer(String bootstrap, String topic, List<BehaviorEvent> events, double rate) {
      super("streamplex-demo-producer");
      setDaemon(true);
      this.replayer = new Replayer(bootstrap, rate);
      this.topic = topic;
      this.events = events;
    }

    @Override
    public void run() {
      AvroCodec<BehaviorEvent> codec = AvroCodec.of(BehaviorEvent.class);
      long first = events.get(0).getEventTime().toEpochMilli();
      long span = events.get(events.size() - 1).getEventTime().toEpochMilli() - first + 1;
      byte[] junk = "this is not Avro".getBytes(StandardCharsets.UTF_8);
      try {
        for (int round = 0; running; round++) {
          for (int i = 0; i < events.size() && running; i++) {
            BehaviorEvent e = events.get(i);
            if (round > 0) {
              e =
                  BehaviorEvent.newBuilder(e)
                      .setEventId(e.getEventId() + "#" + round)
                      .setEventTime(
                          Instant.ofEpochMilli(e.getEventTime().toEpochMilli() + span * round))
                      .build();
            }
            replayer.send(topic, e.getUserId(), e, codec);
            if (replayer.sent() % GARBAGE_EVERY == 0) {
              replayer.sendRaw(topic, null, junk);
              garbage.incrementAndGet();
            }
            sent.set(replayer.sent());
          }
        }
        replayer.flush();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        failure.set(e);
      } finally {
        sent.set(replayer.sent());
        replayer.close();
      }
    }

    void halt() throws InterruptedException {
      running = false;
      join(15_000);
    }
  }

  /** Counts what the job committed to its output topics, as a read_committed consumer sees it. */
  static final class Counter extends Thread {
    final AtomicLong activity = new AtomicLong();
    final AtomicLong deadLetters = new AtomicLong();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String activityTopic;
    private volatile boolean running = true;

    Counter(String bootstrap, String activityTopic, String deadLetterTopic) {
      super("streamplex-demo-counter");
      setDaemon(true);
      Properties p = new Properties();
      p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(ConsumerConfig.GROUP_ID_CONFIG, "streamplex-demo-counter");
      p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
      p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
      this.consumer = new KafkaConsumer<>(p);
      this.consumer.subscribe(List.of(activityTopic, deadLetterTopic));
      this.activityTopic = activityTopic;
    }

    @Override
    public void run() {
      try {
        while (running) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            (r.topic().equals(activityTopic) ? activity : deadLetters).incrementAndGet();
          }
        }
      } finally {
        consumer.close(Duration.ofSeconds(5));
      }
    }

    void halt() throws InterruptedException {
      running = false;
      join(10_000);
    }
  }
}
