package io.streamplex.operators.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.schema.Feedback;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroKafkaSerdeTest {

  static final Feedback FEEDBACK =
      Feedback.newBuilder()
          .setRequestId("r1")
          .setUserId("u1")
          .setItemId("i1")
          .setClicked(true)
          .setEventTime(Instant.ofEpochMilli(123))
          .build();

  @Test
  void roundTripsWhenConfiguredByClassName() {
    Map<String, Object> config =
        Map.of(AvroKafkaDeserializer.TYPE_CONFIG, Feedback.class.getName());
    try (AvroKafkaSerializer<Feedback> serializer = new AvroKafkaSerializer<>();
        AvroKafkaDeserializer<Feedback> deserializer = new AvroKafkaDeserializer<>()) {
      serializer.configure(config, false);
      deserializer.configure(config, false);
      byte[] bytes = serializer.serialize("feedback", FEEDBACK);
      assertEquals(0xC3, bytes[0] & 0xFF);
      assertEquals(FEEDBACK, deserializer.deserialize("feedback", bytes));
      assertNull(serializer.serialize("feedback", null));
    }
  }

  @Test
  void badBytesAndBadConfigNameTheProblem() {
    try (AvroKafkaDeserializer<Feedback> deserializer =
        new AvroKafkaDeserializer<>(Feedback.class)) {
      SerializationException bad =
          assertThrows(
              SerializationException.class,
              () ->
                  deserializer.deserialize("feedback", new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
      assertTrue(bad.getMessage().contains("feedback: BAD_HEADER"), bad.getMessage());
    }
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> new AvroKafkaDeserializer<>().configure(Map.of(), false));
    assertTrue(missing.getMessage().contains(AvroKafkaDeserializer.TYPE_CONFIG));
    IllegalArgumentException notAvro =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new AvroKafkaSerializer<>()
                    .configure(
                        Map.of(AvroKafkaDeserializer.KEY_TYPE_CONFIG, "java.lang.String"), true));
    assertTrue(notAvro.getMessage().contains("not a generated Avro record"), notAvro.getMessage());
  }

  @Test
  void rawRecordIsAFlinkPojo() {
    // A POJO type is serialized field by field; a generic type would fall back to Kryo.
    assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(RawRecord.class));
  }
}
