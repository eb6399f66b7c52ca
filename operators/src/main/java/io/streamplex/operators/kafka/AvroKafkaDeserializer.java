package io.streamplex.operators.kafka;

import io.streamplex.schema.codec.AvroCodec;
import io.streamplex.schema.codec.DecodeException;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka {@link Deserializer} for Avro single-object encoding through {@link AvroCodec}, for plain
 * clients. Bad bytes throw a {@link SerializationException} carrying the codec's reason; the
 * consumer then reports the partition and offset. Flink jobs do not use this: they read {@link
 * RawRecord}s and route bad bytes to dead letters instead of failing.
 */
public final class AvroKafkaDeserializer<T extends SpecificRecord> implements Deserializer<T> {

  /** Client config naming the generated record class when Kafka instantiates the (de)serializer. */
  public static final String TYPE_CONFIG = "streamplex.avro.type";

  /** Like {@link #TYPE_CONFIG}, for the key (de)serializer. */
  public static final String KEY_TYPE_CONFIG = "streamplex.avro.key.type";

  private AvroCodec<T> codec;

  /** For Kafka's reflective construction; {@link #configure} then names the type. */
  public AvroKafkaDeserializer() {}

  public AvroKafkaDeserializer(Class<T> type) {
    this.codec = AvroCodec.of(type);
  }

  public AvroKafkaDeserializer(AvroCodec<T> codec) {
    this.codec = codec;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (codec == null) {
      codec = AvroCodec.of(typeFromConfig(configs, isKey));
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (codec == null) {
      throw new IllegalStateException(
          "AvroKafkaDeserializer has no record type: pass the class or set " + TYPE_CONFIG);
    }
    try {
      return codec.decode(data);
    } catch (DecodeException e) {
      throw new SerializationException(
          "topic " + topic + ": " + e.errorType() + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  static <T extends SpecificRecord> Class<T> typeFromConfig(Map<String, ?> configs, boolean isKey) {
    String key = isKey ? KEY_TYPE_CONFIG : TYPE_CONFIG;
    Object value = configs.get(key);
    if (value instanceof Class<?>) {
      return checked((Class<?>) value, key);
    }
    if (value == null || value.toString().isBlank()) {
      throw new IllegalArgumentException(
          "missing client config " + key + ": the generated Avro class to (de)serialize");
    }
    try {
      return checked(
          Class.forName(value.toString(), true, Thread.currentThread().getContextClassLoader()),
          key);
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(key + "=" + value + ": no such class", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends SpecificRecord> Class<T> checked(Class<?> type, String key) {
    if (!SpecificRecord.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(
          key + "=" + type.getName() + " is not a generated Avro record class");
    }
    return (Class<T>) type;
  }
}
