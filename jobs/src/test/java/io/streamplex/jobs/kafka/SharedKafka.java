package io.streamplex.jobs.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded broker for every test class that registers this extension, started on first use and
 * closed when the test JVM's root context closes. Classes keep apart by topic names ({@link
 * TopicsConfig#withNamePrefix}). Also small raw-byte client helpers that read a topic to its end.
 */
public final class SharedKafka implements BeforeAllCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SharedKafka.class);

  private static volatile EmbeddedKafka kafka;

  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent("broker", key -> start(), Broker.class);
  }

  private static Broker start() {
    try {
      kafka = EmbeddedKafka.builder().start();
      System.out.println(
          "shared embedded Kafka ready in " + kafka.startupTime().toMillis() + " ms");
      return new Broker(kafka);
    } catch (Exception e) {
      throw new IllegalStateException("embedded Kafka did not start", e);
    }
  }

  public static EmbeddedKafka kafka() {
    if (kafka == null) {
      throw new IllegalStateException("register SharedKafka with @ExtendWith first");
    }
    return kafka;
  }

  /** Sends every record and waits until the broker has acknowledged all of them. */
  public static List<RecordMetadata> produce(List<ProducerRecord<byte[], byte[]>> records)
      throws Exception {
    Properties props = kafka().clientProperties();
    props.put("key.serializer", ByteArraySerializer.class.getName());
    props.put("value.serializer", ByteArraySerializer.class.getName());
    props.put("enable.idempotence", "true");
    props.put("linger.ms", "5");
    List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      for (ProducerRecord<byte[], byte[]> record : records) {
        sent.add(producer.send(record));
      }
      producer.flush();
    }
    List<RecordMetadata> out = new ArrayList<>(sent.size());
    for (Future<RecordMetadata> f : sent) {
      out.add(f.get());
    }
    return out;
  }

  /**
   * Every record of {@code topic} from the start to the end offsets of the moment of the call, in
   * partition order. With {@code readCommitted} the end is the last stable offset and aborted
   * transactions are skipped, as a downstream consumer of an exactly-once sink would see them.
   */
  public static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, boolean readCommitted)
      throws Exception {
    Properties props = kafka().clientProperties();
    props.put("key.deserializer", ByteArrayDeserializer.class.getName());
    props.put("value.deserializer", ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        readCommitted ? "read_committed" : "read_uncommitted");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic + " to its end offsets " + end);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    out.sort(
        (a, b) ->
            a.partition() != b.partition()
                ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
    return out;
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** Closes the broker when JUnit closes the root store. */
  private record Broker(EmbeddedKafka kafka) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() throws Exception {
      kafka.close();
      SharedKafka.kafka = null;
    }
  }
}
