package io.streamplex.jobs.replay;

import io.streamplex.schema.codec.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends Avro records to Kafka as single-object bytes, paced to a rate, with an idempotent producer
 * so a retry never duplicates a record. Used by {@code replay} and by the demo's producer.
 */
public final class Replayer implements AutoCloseable {

  private final KafkaProducer<byte[], byte[]> producer;
  private final double ratePerSecond;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private long startNanos = -1;

  /**
   * @param bootstrapServers Kafka bootstrap servers
   * @param ratePerSecond records per second over all topics; 0 or less for as fast as possible
   */
  public Replayer(String bootstrapServers, double ratePerSecond) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
    this.producer = new KafkaProducer<>(p);
    this.ratePerSecond = ratePerSecond;
  }

  /**
   * Sends one record, first waiting as long as the rate asks.
   *
   * @throws IllegalStateException when an earlier send failed
   */
  public <T extends SpecificRecord> void send(
      String topic, String key, T record, AvroCodec<T> codec) throws InterruptedException {
    Exception earlier = failure.get();
    if (earlier != null) {
      throw new IllegalStateException("sending to Kafka failed: " + earlier.getMessage(), earlier);
    }
    pace();
    byte[] k = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    producer.send(
        new ProducerRecord<>(topic, k, codec.encode(record)),
        (meta, e) -> {
          if (e != null) {
            failure.compareAndSet(null, e);
          } else {
            acked.incrementAndGet();
          }
        });
    sent.incrementAndGet();
  }

  /** Sends raw bytes as they are, e.g. to show what a dead letter is. */
  public void sendRaw(String topic, byte[] key, byte[] value) throws InterruptedException {
    pace();
    producer.send(new ProducerRecord<>(topic, key, value));
    sent.incrementAndGet();
  }

  private void pace() throws InterruptedException {
    if (startNanos < 0) {
      startNanos = System.nanoTime();
    }
    if (ratePerSecond > 0) {
      long due = startNanos + (long) (sent.get() * 1e9 / ratePerSecond);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
    }
  }

  /** Waits until every record sent so far is acknowledged. */
  public void flush() {
    producer.flush();
    Exception e = failure.get();
    if (e != null) {
      throw new IllegalStateException("sending to Kafka failed: " + e.getMessage(), e);
    }
  }

  public long sent() {
    return sent.get();
  }

  public long acknowledged() {
    return acked.get();
  }

  /** Time since the first send. */
  public Duration elapsed() {
    return startNanos < 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - startNanos);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
