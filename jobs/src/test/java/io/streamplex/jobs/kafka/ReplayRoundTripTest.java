package io.streamplex.jobs.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamplex.operators.kafka.AvroKafkaDeserializer;
import io.streamplex.operators.kafka.AvroKafkaSerializer;
import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.BehaviorType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Behaviour events replayed into a real topic with the Avro serializer come back through the
 * deserializer equal, complete and, per user, in order.
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
    assertRoundTrip(events, "gen-");
  }

  /**
   * Replays {@code events} into the behaviours topic (under {@code prefix}) keyed by user, reads
   * the topic back, and checks count, content and per-user order.
   */
  static void assertRoundTrip(List<BehaviorEvent> events, String prefix) throws Exception {
    TopicsConfig topics = TopicsConfig.defaults().withNamePrefix(prefix);
    String topic = topics.name(StreamplexTopics.BEHAVIORS);
    try (Admin admin = SharedKafka.kafka().admin()) {
      topics.createTopics(admin);
    }

    Properties producerProps = SharedKafka.kafka().clientProperties();
    producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    producerProps.put(
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class.getName());
    producerProps.put(AvroKafkaDeserializer.TYPE_CONFIG, BehaviorEvent.class.getName());
    producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    producerProps.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    long started = System.nanoTime();
    try (KafkaProducer<String, BehaviorEvent> producer = new KafkaProducer<>(producerProps)) {
      for (BehaviorEvent event : events) {
        producer.send(new ProducerRecord<>(topic, event.getUserId(), event));
      }
      producer.flush();
    }
    long produced = System.nanoTime();

    Properties consumerProps = SharedKafka.kafka().clientProperties();
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, prefix + "replay-check");
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
    long read = System.nanoTime();
    System.out.printf(
        "replay %s: %d events produced in %d ms, consumed in %d ms%n",
        prefix, events.size(), (produced - started) / 1_000_000, (read - produced) / 1_000_000);

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
  }

  static Map<String, List<BehaviorEvent>> byUser(List<BehaviorEvent> events) {
    Map<String, List<BehaviorEvent>> out = new LinkedHashMap<>();
    for (BehaviorEvent e : events) {
      out.computeIfAbsent(e.getUserId(), k -> new ArrayList<>()).add(e);
    }
    return out;
  }
}
