package io.streamplex.operators.kafka;

import java.time.Duration;
import java.util.Objects;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The two ways Streamplex writes to Kafka.
 *
 * <p>{@link #exactlyOnce}: records go out in Kafka transactions committed when the Flink checkpoint
 * that covers them completes, so a {@code read_committed} consumer sees each exactly once, one
 * checkpoint interval late. Training examples and model updates always use it.
 *
 * <p>{@link #atLeastOnce}: records are flushed on checkpoint but visible at once; after a recovery
 * some repeat. Scores may use it for latency because a score is idempotent (request, candidate,
 * model version), and consumers drop repeats by that key.
 */
public final class KafkaSinks {

  /** The broker's default {@code transaction.max.timeout.ms}; a longer timeout is refused. */
  public static final Duration MAX_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

  /**
   * Long enough to outlast a checkpoint interval plus a restart, short enough that the broker
   * accepts it and that a transaction left open by a dead job stops blocking {@code read_committed}
   * consumers within minutes.
   */
  public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

  private KafkaSinks() {}

  /** Exactly-once with {@link #DEFAULT_TRANSACTION_TIMEOUT}. */
  public static <T> KafkaSink<T> exactlyOnce(
      String bootstrapServers,
      KafkaRecordSerializationSchema<T> serializer,
      String transactionalIdPrefix) {
    return exactlyOnce(
        bootstrapServers, serializer, transactionalIdPrefix, DEFAULT_TRANSACTION_TIMEOUT);
  }

  /**
   * A transactional sink. The prefix must be unique per job and sink across the cluster: two sinks
   * sharing one fence each other's transactions.
   */
  public static <T> KafkaSink<T> exactlyOnce(
      String bootstrapServers,
      KafkaRecordSerializationSchema<T> serializer,
      String transactionalIdPrefix,
      Duration transactionTimeout) {
    if (transactionalIdPrefix == null || transactionalIdPrefix.isBlank()) {
      throw new IllegalArgumentException(
          "an exactly-once Kafka sink needs a non-empty transactional id prefix, unique per sink");
    }
    Objects.requireNonNull(transactionTimeout, "transactionTimeout");
    if (transactionTimeout.isNegative()
        || transactionTimeout.isZero()
        || transactionTimeout.compareTo(MAX_TRANSACTION_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          "transaction timeout "
              + transactionTimeout
              + " must be positive and at most the broker's transaction.max.timeout.ms ("
              + MAX_TRANSACTION_TIMEOUT
              + ")");
    }
    return KafkaSink.<T>builder()
        .setBootstrapServers(requireBootstrap(bootstrapServers))
        .setRecordSerializer(Objects.requireNonNull(serializer, "serializer"))
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(transactionalIdPrefix)
        .setProperty(
            ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(transactionTimeout.toMillis()))
        .build();
  }

  /** A low-latency sink whose records may repeat after a recovery. */
  public static <T> KafkaSink<T> atLeastOnce(
      String bootstrapServers, KafkaRecordSerializationSchema<T> serializer) {
    return KafkaSink.<T>builder()
        .setBootstrapServers(requireBootstrap(bootstrapServers))
        .setRecordSerializer(Objects.requireNonNull(serializer, "serializer"))
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        // Scores are small and latency matters more than batching.
        .setProperty(ProducerConfig.LINGER_MS_CONFIG, "0")
        .build();
  }

  static String requireBootstrap(String bootstrapServers) {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("Kafka bootstrap servers must be given (host:port,...)");
    }
    return bootstrapServers;
  }
}
