package io.streamplex.jobs.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamplex.data.DatasetPaths;
import io.streamplex.data.MovieLens100k;
import io.streamplex.jobs.replay.Replayer;
import io.streamplex.operators.kafka.AvroKafkaDeserializer;
import io.streamplex.operators.kafka.AvroKafkaSerializer;
import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.BehaviorType;
import io.streamplex.schema.codec.AvroCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Behaviour events replayed into a real topic come back through the Avro deserializer equal,
 * complete and, per user, in order: generated ones through {@link AvroKafkaSerializer}, and the
 * 100,000 MovieLens-100K ratings through the {@code replay} command's {@link Replayer}.
 */
@ExtendWith(SharedKafka.class)
class ReplayRoundTripTest {

  @Test
  void generatedEventsComeBackEqualAndInOrderPerUser() throws Exception {
    Random random = new Random(7);
    List<BehaviorEvent> events = new ArrayList<>();
    BehaviorType[] types = BehaviorType.values();
    for (int i = 0; i < 5_000; i++) {
      events.add(
          BehaviorEvent.newBuilder()
              .setEventId("gen:" + i)
              .setUserId("u" + random.nextInt(200))
              .setItemId("i" + random.nextInt(1_000))
              .setBehaviorType(types[random.nextInt(types.length)])
              .setValue(random.nextBoolean() ? null : (float) (1 + random.nextInt(5)))
              .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L + 1_000L * i))
              .setSource("generated")
              .build());
    }
    String topic = createBehaviorsTopic("gen-");
    produceWithSerializer(topic, events);
    consumeAndCheck(topic, events);
  }

  @Test
  void movieLens100kRatingsBecome100kBehaviorEventsOnTheTopicAndBack() throws Exception {
    Optional<Path> dir = DatasetPaths.findDataset(MovieLens100k.NAME);
    assumeTrue(
        dir.isPresent(), () -> "skipped: " + DatasetPaths.missingMessage(MovieLens100k.NAME));
    List<BehaviorEvent> events = MovieLens100k.read(dir.get()).events().events();
    assertEquals(100_000, events.size(), "ratings read from u.data");

    String topic = createBehaviorsTopic("ml100k-");
    long started = System.nanoTime();
    AvroCodec<BehaviorEvent> codec = AvroCodec.of(BehaviorEvent.class);
    try (Replayer replayer = new Replayer(SharedKafka.kafka().bootstrapServers(), 0)) {
      for (BehaviorEvent event : events) {
        replayer.send(topic, event.getUserId(), event, codec);
      }
      replayer.flush();
      assertEquals(100_000, replayer.acknowledged(), "records the broker acknowledged");
    }
    System.out.printf(
        "replay movielens-100k: 100000 events produced in %d ms%n",
        (System.nanoTime() - started) / 1_000_000);
    List<ConsumerRecord<String, BehaviorEvent>> consumed = consumeAndCheck(topic, events);

    // Cross-check against the source file itself, not only against the reader's output.
    List<String> lines = Files.readAllLines(dir.get().resolve("u.data"));
    assertEquals(100_000, lines.size());
    for (ConsumerRecord<String, BehaviorEvent> r : consumed) {
      BehaviorEvent e = r.value();
      String id = e.getEventId();
      String[] cols =
          lines.get(Integer.parseInt(id.substring(id.lastIndexOf(':') + 1)) - 1).split("\t");
      assertEquals(cols[0], e.getUserId(), id);
      assertEquals(cols[1], e.getItemId(), id);
      assertEquals(Float.parseFloat(cols[2]), e.getValue(), id);
      assertEquals(Long.parseLong(cols[3]) * 1000L, e.getEventTime().toEpochMilli(), id);
      assertEquals(BehaviorType.RATE, e.getBehaviorType(), id);
    }
  }

  static String createBehaviorsTopic(String prefix) throws Exception {
    TopicsConfig topics = TopicsConfig.defaults().withNamePrefix(prefix);
    try (Admin admin = SharedKafka.kafka().admin()) {
      topics.createTopics(admin);
    }
    return topics.name(StreamplexTopics.BEHAVIORS);
  }

  /** Produces through {@link AvroKafkaSerializer}, as a plain Kafka client configured by name. */
  static void produceWithSerializer(String topic, List<BehaviorEvent> events)
      throws InterruptedException {
    Properties producerProps = SharedKafka.kafka().clientProperties();
    producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    producerProps.put(
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class.getName());
    producerProps.put(AvroKafkaDeserializer.TYPE_CONFIG, BehaviorEvent.class.getName());
    producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    producerProps.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // Generous: on a loaded build machine a produce request can stall for many seconds, and a
    // timed-out request is where an idempotent producer's retries get into trouble.
    producerProps.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "120000");
    producerProps.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    producerProps.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "300000");
    List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
    try (KafkaProducer<String, BehaviorEvent> producer = new KafkaProducer<>(producerProps)) {
      for (BehaviorEvent event : events) {
        sent.add(producer.send(new ProducerRecord<>(topic, event.getUserId(), event)));
      }
      producer.flush();
    }
    for (Future<RecordMetadata> f : sent) {
      try {
        f.get();
      } catch (ExecutionException e) {
        throw new AssertionError("producing to " + topic + " failed: " + e.getCause(), e);
      }
    }
  }

  /**
   * Reads the topic back through {@link AvroKafkaDeserializer} and checks count, content, keys and
   * per-user order against {@code events}.
   */
  static List<ConsumerRecord<String, BehaviorEvent>> consumeAndCheck(
      String topic, List<BehaviorEvent> events) {
    long started = System.nanoTime();
    Properties consumerProps = SharedKafka.kafka().clientProperties();
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-replay-check");
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
    consumerProps.put(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    consumerProps.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class.getName());
    consumerProps.put(AvroKafkaDeserializer.TYPE_CONFIG, BehaviorEvent.class.getName());
    List<ConsumerRecord<String, BehaviorEvent>> consumed = new ArrayList<>();
    try (KafkaConsumer<String, BehaviorEvent> consumer = new KafkaConsumer<>(consumerProps)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (consumed.size() < events.size() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(consumed::add);
      }
      // Anything beyond the expected count would be a duplicate; give it a moment to show up.
      consumer.poll(Duration.ofMillis(300)).forEach(consumed::add);
    }
    System.out.printf(
        "replay %s: %d events consumed in %d ms%n",
        topic, consumed.size(), (System.nanoTime() - started) / 1_000_000);

    assertEquals(events.size(), consumed.size(), "events consumed");
    Map<String, List<BehaviorEvent>> sentByUser = byUser(events);
    Map<String, List<BehaviorEvent>> readByUser = new LinkedHashMap<>();
    for (ConsumerRecord<String, BehaviorEvent> r : consumed) {
      assertEquals(r.value().getUserId(), r.key(), "key is the user id");
      readByUser.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
    }
    assertEquals(sentByUser.keySet(), readByUser.keySet(), "users");
    for (Map.Entry<String, List<BehaviorEvent>> e : sentByUser.entrySet()) {
      assertEquals(e.getValue(), readByUser.get(e.getKey()), "events of user " + e.getKey());
    }
    return consumed;
  }

  static Map<String, List<BehaviorEvent>> byUser(List<BehaviorEvent> events) {
    Map<String, List<BehaviorEvent>> out = new LinkedHashMap<>();
    for (BehaviorEvent e : events) {
      out.computeIfAbsent(e.getUserId(), k -> new ArrayList<>()).add(e);
    }
    return out;
  }
}
