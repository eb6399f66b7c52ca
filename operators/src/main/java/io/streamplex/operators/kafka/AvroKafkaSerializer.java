package io.streamplex.operators.kafka;

import io.streamplex.schema.codec.AvroCodec;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka {@link Serializer} writing Avro single-object encoding through {@link AvroCodec}, for plain
 * clients (replay, tests). Construct it with the record class, or let Kafka instantiate it and name
 * the class in {@value AvroKafkaDeserializer#TYPE_CONFIG}.
 */
public final class AvroKafkaSerializer<T extends SpecificRecord> implements Serializer<T> {

  private AvroCodec<T> codec;

  /** For Kafka's reflective construction; {@link #configure} then names the type. */
  public AvroKafkaSerializer() {}

  public AvroKafkaSerializer(Class<T> type) {
    this.codec = AvroCodec.of(type);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (codec == null) {
      codec = AvroCodec.of(AvroKafkaDeserializer.<T>typeFromConfig(configs, isKey));
    }
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    if (codec == null) {
      throw new IllegalStateException(
          "AvroKafkaSerializer has no record type: pass the class or set "
              + AvroKafkaDeserializer.TYPE_CONFIG);
    }
    try {
      return codec.encode(data);
    } catch (IllegalArgumentException e) {
      throw new SerializationException("topic " + topic + ": " + e.getMessage(), e);
    }
  }
}
