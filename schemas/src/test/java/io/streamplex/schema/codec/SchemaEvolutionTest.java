package io.streamplex.schema.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.BehaviorType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.junit.jupiter.api.Test;

/**
 * The next version of BehaviorEvent adds one field with a default ({@code weight}, 1.0). Records
 * written before and after the change stay readable through single-object decoding, in both
 * directions, once the reader knows the other version's schema.
 */
class SchemaEvolutionTest {

  static final Schema V1 = BehaviorEvent.getClassSchema();
  static final Schema V2 = loadV2();

  static Schema loadV2() {
    try (InputStream in =
        SchemaEvolutionTest.class.getResourceAsStream("/evolution/BehaviorEvent-v2.avsc")) {
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static BehaviorEvent v1Event() {
    return BehaviorEvent.newBuilder()
        .setEventId("movielens-100k:u.data:1")
        .setUserId("196")
        .setItemId("242")
        .setBehaviorType(BehaviorType.RATE)
        .setValue(3.0f)
        .setEventTime(Instant.ofEpochSecond(881250949L))
        .setSource("movielens-100k")
        .build();
  }

  @Test
  void versionsAreCompatibleBothWaysButHaveDifferentFingerprints() {
    assertEquals(
        SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE,
        SchemaCompatibility.checkReaderWriterCompatibility(V2, V1).getType());
    assertEquals(
        SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE,
        SchemaCompatibility.checkReaderWriterCompatibility(V1, V2).getType());
    assertNotEquals(
        SchemaNormalization.parsingFingerprint64(V1), SchemaNormalization.parsingFingerprint64(V2));
  }

  @Test
  void newReaderReadsOldRecordsAndTheNewFieldTakesItsDefault() throws IOException {
    byte[] written = AvroCodec.of(BehaviorEvent.class).encode(v1Event());

    BinaryMessageDecoder<GenericRecord> newReader =
        new BinaryMessageDecoder<>(GenericData.get(), V2);
    // Without the old schema the reader cannot resolve the fingerprint at all.
    assertThrows(MissingSchemaException.class, () -> newReader.decode(written));

    newReader.addSchema(V1);
    GenericRecord read = newReader.decode(written);
    assertEquals(V2, read.getSchema());
    assertEquals(1.0f, read.get("weight"));
    assertEquals("196", read.get("user_id").toString());
    assertEquals("242", read.get("item_id").toString());
    assertEquals("RATE", read.get("behavior_type").toString());
    assertEquals(3.0f, read.get("value"));
    assertEquals(881250949000L, read.get("event_time"));
    assertEquals("movielens-100k", read.get("source").toString());
  }

  @Test
  void currentCodecReadsRecordsOfTheNextVersionOnceItKnowsTheirSchema() throws Exception {
    GenericRecord v2 = new GenericData.Record(V2);
    BehaviorEvent expected = v1Event();
    for (Schema.Field field : V1.getFields()) {
      Object value = expected.get(field.name());
      if (value instanceof Instant) {
        value = ((Instant) value).toEpochMilli();
      } else if (value instanceof BehaviorType) {
        value = new GenericData.EnumSymbol(V2.getField("behavior_type").schema(), value.toString());
      }
      v2.put(field.name(), value);
    }
    v2.put("weight", 0.25f);
    ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), V2).encode(v2);
    byte[] written = new byte[buffer.remaining()];
    buffer.get(written);

    DecodeException unknown =
        assertThrows(
            DecodeException.class, () -> AvroCodec.of(BehaviorEvent.class).decode(written));
    assertEquals(DecodeException.ErrorType.UNKNOWN_SCHEMA, unknown.errorType());

    AvroCodec<BehaviorEvent> codec = AvroCodec.of(BehaviorEvent.class).withWriterSchema(V2);
    assertEquals(expected, codec.decode(written));
  }
}
