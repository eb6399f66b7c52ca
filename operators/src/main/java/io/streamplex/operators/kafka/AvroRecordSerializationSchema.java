package io.streamplex.operators.kafka;

import io.streamplex.schema.codec.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes generated Avro records to one topic in single-object encoding, keyed by a {@link
 * KeyExtractor} so that records of one user (or request) land in one partition.
 */
public final class AvroRecordSerializationSchema<T extends SpecificRecord>
    implements KafkaRecordSerializationSchema<T> {

  private static final long serialVersionUID = 1L;

  private final String topic;
  private final Class<T> type;
  private final KeyExtractor<? super T> keyExtractor;
  private transient AvroCodec<T> codec;

  public AvroRecordSerializationSchema(
      String topic, Class<T> type, KeyExtractor<? super T> keyExtractor) {
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("topic must be a non-empty name");
    }
    this.topic = topic;
    this.type = Objects.requireNonNull(type, "type");
    this.keyExtractor = Objects.requireNonNull(keyExtractor, "keyExtractor");
  }

  public String topic() {
    return topic;
  }

  @Override
  public void open(
      SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
    codec = AvroCodec.of(type);
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      T element, KafkaSinkContext context, Long timestamp) {
    if (codec == null) {
      codec = AvroCodec.of(type);
    }
    String key = keyExtractor.apply(element);
    byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    return new ProducerRecord<>(topic, null, timestamp, keyBytes, codec.encode(element));
  }
}
