package io.streamplex.operators.kafka;

import java.util.List;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/** Kafka sources for Streamplex jobs: raw bytes in, decoding and dead letters downstream. */
public final class KafkaSources {

  private KafkaSources() {}

  /**
   * An unbounded source of {@link RawRecord}s from the earliest offset (or the group's committed
   * offsets), reading only committed records: upstream exactly-once writers' aborted transactions
   * never reach the job.
   */
  public static KafkaSourceBuilder<RawRecord> raw(
      String bootstrapServers, String groupId, List<String> topics) {
    if (topics == null || topics.isEmpty()) {
      throw new IllegalArgumentException("a Kafka source needs at least one topic");
    }
    return KafkaSource.<RawRecord>builder()
        .setBootstrapServers(KafkaSinks.requireBootstrap(bootstrapServers))
        .setGroupId(groupId)
        .setTopics(topics)
        .setStartingOffsets(
            OffsetsInitializer.committedOffsets(
                org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST))
        .setDeserializer(new RawRecordDeserializationSchema())
        .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
  }

  /**
   * Like {@link #raw} but stops at the offsets that are the latest when the job starts: a replay of
   * what is on the topics now, which finishes and makes tests deterministic.
   */
  public static KafkaSource<RawRecord> rawBounded(
      String bootstrapServers, String groupId, List<String> topics) {
    return raw(bootstrapServers, groupId, topics)
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setBounded(OffsetsInitializer.latest())
        .build();
  }
}
