package io.streamplex.schema.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.BehaviorType;
import io.streamplex.schema.Feedback;
import java.time.Instant;
import java.util.Arrays;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

class AvroCodecTest {

  private static BehaviorEvent event() {
    return BehaviorEvent.newBuilder()
        .setEventId("e-1")
        .setUserId("u7")
        .setItemId("i42")
        .setBehaviorType(BehaviorType.RATE)
        .setValue(4f)
        .setEventTime(Instant.ofEpochMilli(874_965_758_000L))
        .setSource("test")
        .build();
  }

  @Test
  void encodesTheSingleObjectHeaderAndRoundTrips() throws Exception {
    AvroCodec<BehaviorEvent> codec = AvroCodec.of(BehaviorEvent.class);
    byte[] bytes = codec.encode(event());
    assertEquals((byte) 0xC3, bytes[0]);
    assertEquals((byte) 0x01, bytes[1]);
    long fp = SchemaNormalization.parsingFingerprint64(BehaviorEvent.getClassSchema());
    byte[] le = new byte[8];
    for (int i = 0; i < 8; i++) {
      le[i] = (byte) (fp >>> (8 * i));
    }
    assertArrayEquals(le, Arrays.copyOfRange(bytes, 2, 10));
    assertEquals(event(), codec.decode(bytes));
  }

  @Test
  void classifiesBadBytes() {
    AvroCodec<BehaviorEvent> codec = AvroCodec.of(BehaviorEvent.class);
    byte[] good = codec.encode(event());

    DecodeException shortBytes =
        assertThrows(DecodeException.class, () -> codec.decode(new byte[] {1, 2, 3}));
    assertEquals(DecodeException.ErrorType.BAD_HEADER, shortBytes.errorType());

    byte[] badMagic = good.clone();
    badMagic[0] = 0x00;
    DecodeException magic = assertThrows(DecodeException.class, () -> codec.decode(badMagic));
    assertEquals(DecodeException.ErrorType.BAD_HEADER, magic.errorType());
    assertTrue(magic.getMessage().contains("C3 01"), magic.getMessage());

    byte[] otherType = AvroCodec.of(Feedback.class).encode(feedback());
    DecodeException unknown = assertThrows(DecodeException.class, () -> codec.decode(otherType));
    assertEquals(DecodeException.ErrorType.UNKNOWN_SCHEMA, unknown.errorType());

    byte[] truncated = Arrays.copyOf(good, 14);
    DecodeException body = assertThrows(DecodeException.class, () -> codec.decode(truncated));
    assertEquals(DecodeException.ErrorType.MALFORMED_BODY, body.errorType());

    DecodeException none = assertThrows(DecodeException.class, () -> codec.decode(null));
    assertEquals(DecodeException.ErrorType.EMPTY, none.errorType());
  }

  @Test
  void catalogFindsTheTypeByFingerprint() throws Exception {
    SchemaCatalog catalog = SchemaCatalog.standard();
    assertEquals(event(), catalog.decode(AvroCodec.of(BehaviorEvent.class).encode(event())));
    assertEquals(feedback(), catalog.decode(AvroCodec.of(Feedback.class).encode(feedback())));
    String json = SchemaCatalog.toJson(event());
    assertTrue(json.contains("\"user_id\":\"u7\""), json);
    byte[] junk = new byte[] {(byte) 0xC3, 1, 9, 9, 9, 9, 9, 9, 9, 9, 0};
    DecodeException e = assertThrows(DecodeException.class, () -> catalog.decode(junk));
    assertEquals(DecodeException.ErrorType.UNKNOWN_SCHEMA, e.errorType());
  }

  private static Feedback feedback() {
    return Feedback.newBuilder()
        .setRequestId("r1")
        .setUserId("u7")
        .setItemId("i42")
        .setClicked(true)
        .setEventTime(Instant.ofEpochMilli(1_000L))
        .build();
  }
}
