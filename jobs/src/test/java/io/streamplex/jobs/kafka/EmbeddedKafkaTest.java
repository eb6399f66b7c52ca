package io.streamplex.jobs.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {

  static int port;
  static EmbeddedKafka kafka;

  @BeforeAll
  static void start() throws Exception {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    kafka = EmbeddedKafka.builder().fixedPort(port).start();
    System.out.println("embedded Kafka ready in " + kafka.startupTime().toMillis() + " ms");
  }

  @AfterAll
  static void stop() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void clientsReachTheBrokerOnTheFixedLocalPort() throws Exception {
    assertEquals("127.0.0.1:" + port, kafka.bootstrapServers());
    try (Admin admin = kafka.admin()) {
      admin.createTopics(List.of(new NewTopic("fixed-port-check", 1, (short) 1))).all().get();
    }
    Properties producerProps = kafka.clientProperties();
    producerProps.put("key.serializer", StringSerializer.class.getName());
    producerProps.put("value.serializer", StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
      for (int i = 0; i < 10; i++) {
        producer.send(new ProducerRecord<>("fixed-port-check", "k" + i, "v" + i)).get();
      }
    }
    Properties consumerProps = kafka.clientProperties();
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "fixed-port-check");
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProps.put("key.deserializer", StringDeserializer.class.getName());
    consumerProps.put("value.deserializer", StringDeserializer.class.getName());
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
      consumer.subscribe(List.of("fixed-port-check"));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.size() < 10 && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
      }
    }
    assertEquals(List.of("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9"), values);
  }

  @Test
  void createTopicsIsIdempotentAndUsesTheConfiguredNamesAndPartitions() throws Exception {
    TopicsConfig config =
        TopicsConfig.fromMap(
            Map.of(
                "streamplex.topics.behaviors.name", "idem-behaviors",
                "streamplex.topics.scores.name", "idem-scores",
                "streamplex.topics.scores.partitions", "6",
                "streamplex.topics.impressions.name", "idem-impressions",
                "streamplex.topics.feedback.name", "idem-feedback",
                "streamplex.topics.training-examples.name", "idem-training-examples",
                "streamplex.topics.model-updates.name", "idem-model-updates",
                "streamplex.topics.dead-letters.name", "idem-dead-letters",
                "streamplex.topics.user-activity.name", "idem-user-activity"));
    try (Admin admin = kafka.admin()) {
      List<String> first = config.createTopics(admin);
      assertEquals(8, first.size(), first.toString());
      assertEquals(List.of(), config.createTopics(admin));

      Set<String> names =
          config.all().stream().map(TopicsConfig.TopicSpec::name).collect(Collectors.toSet());
      Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
      for (TopicsConfig.TopicSpec spec : config.all()) {
        assertEquals(
            spec.partitions(), described.get(spec.name()).partitions().size(), spec.name());
      }
      assertEquals(6, described.get("idem-scores").partitions().size());
      assertEquals(1, described.get("idem-model-updates").partitions().size());

      TopicsConfig wider =
          TopicsConfig.fromMap(
              Map.of(
                  "streamplex.topics.behaviors.name", "idem-behaviors",
                  "streamplex.topics.behaviors.partitions", "16"));
      IllegalStateException narrower =
          assertThrows(IllegalStateException.class, () -> wider.createTopics(admin));
      assertTrue(
          narrower.getMessage().contains("'idem-behaviors' exists with 4 partitions"),
          narrower.getMessage());
    }
  }

  @Test
  void topicsAreNotCreatedByAccident() throws Exception {
    try (Admin admin = kafka.admin()) {
      assertTrue(!admin.listTopics().names().get().contains("never-declared"));
    }
    Properties props = kafka.clientProperties();
    props.put("key.serializer", StringSerializer.class.getName());
    props.put("value.serializer", StringSerializer.class.getName());
    props.put("max.block.ms", "1500");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      assertThrows(
          Exception.class, () -> producer.send(new ProducerRecord<>("never-declared", "x")).get());
    }
  }
}
