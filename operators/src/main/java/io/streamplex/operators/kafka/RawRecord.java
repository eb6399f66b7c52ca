package io.streamplex.operators.kafka;

import java.util.Arrays;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One Kafka record exactly as it arrived, before any decoding. Reading raw bytes first means a
 * record that does not decode still reaches the job, where it becomes a dead letter with its
 * coordinates instead of failing the source.
 *
 * <p>A Flink POJO (public fields, no-argument constructor), so Flink serializes it without Kryo.
 */
public class RawRecord {

  public String topic;
  public int partition;
  public long offset;

  /** Kafka timestamp in epoch milliseconds; -1 when the record has none. */
  public long timestamp;

  /** Key bytes as received; null for a record without a key. */
  public byte[] key;

  /** Value bytes as received; null for a tombstone. */
  public byte[] value;

  public RawRecord() {}

  public RawRecord(
      String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.timestamp = timestamp;
    this.key = key;
    this.value = value;
  }

  public static RawRecord of(ConsumerRecord<byte[], byte[]> record) {
    return new RawRecord(
        record.topic(),
        record.partition(),
        record.offset(),
        record.timestamp(),
        record.key(),
        record.value());
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof RawRecord)) {
      return false;
    }
    RawRecord that = (RawRecord) o;
    return partition == that.partition
        && offset == that.offset
        && timestamp == that.timestamp
        && Objects.equals(topic, that.topic)
        && Arrays.equals(key, that.key)
        && Arrays.equals(value, that.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, partition, offset);
  }

  @Override
  public String toString() {
    return topic
        + "-"
        + partition
        + "@"
        + offset
        + " ("
        + (value == null ? "null" : value.length + " bytes")
        + ")";
  }
}
