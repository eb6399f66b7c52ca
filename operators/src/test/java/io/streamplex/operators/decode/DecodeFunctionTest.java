package io.streamplex.operators.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.operators.kafka.RawRecord;
import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.BehaviorType;
import io.streamplex.schema.Candidate;
import io.streamplex.schema.DeadLetter;
import io.streamplex.schema.Impression;
import io.streamplex.schema.codec.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class DecodeFunctionTest {

  private static final AvroCodec<BehaviorEvent> BEHAVIORS = AvroCodec.of(BehaviorEvent.class);

  static BehaviorEvent event(int i, long time) {
    return BehaviorEvent.newBuilder()
        .setEventId("e" + i)
        .setUserId("u" + (i % 7))
        .setItemId("i" + i)
        .setBehaviorType(BehaviorType.RATE)
        .setValue(4.0f)
        .setEventTime(Instant.ofEpochMilli(time))
        .setSource("test")
        .build();
  }

  static RawRecord raw(long offset, byte[] value) {
    return new RawRecord(
        "behaviors", 3, offset, 1_000L, ("k" + offset).getBytes(StandardCharsets.UTF_8), value);
  }

  @Test
  void decodesGoodRecordsAndRoutesEachKindOfBadOneToDeadLetters() throws Exception {
    byte[] good = BEHAVIORS.encode(event(1, 5_000));
    byte[] wrongMagic = good.clone();
    wrongMagic[1] = 0x02;
    byte[] unknownFingerprint = good.clone();
    unknownFingerprint[5] ^= 0x5A;
    byte[] truncated = Arrays.copyOf(good, 14);
    byte[] randomBytes = "definitely not avro".getBytes(StandardCharsets.UTF_8);

    try (OneInputStreamOperatorTestHarness<RawRecord, BehaviorEvent> harness =
        ProcessFunctionTestHarnesses.forProcessFunction(
            new DecodeFunction<>(BehaviorEvent.class, Validators.behaviorEvent()))) {
      harness.processElement(raw(0, good), 0);
      harness.processElement(raw(1, randomBytes), 0);
      harness.processElement(raw(2, wrongMagic), 0);
      harness.processElement(raw(3, unknownFingerprint), 0);
      harness.processElement(raw(4, truncated), 0);
      harness.processElement(raw(5, null), 0);
      harness.processElement(raw(6, BEHAVIORS.encode(event(2, -1))), 0);
      harness.processElement(raw(7, BEHAVIORS.encode(event(3, 6_000))), 0);

      assertEquals(List.of(event(1, 5_000), event(3, 6_000)), harness.extractOutputValues());

      List<DeadLetter> dead =
          harness.getSideOutput(DecodeFunction.DEAD_LETTERS).stream()
              .map(StreamRecord::getValue)
              .collect(Collectors.toList());
      assertEquals(
          List.of(
              "BAD_HEADER", "BAD_HEADER", "UNKNOWN_SCHEMA", "MALFORMED_BODY", "EMPTY", "INVALID"),
          dead.stream().map(DeadLetter::getErrorType).collect(Collectors.toList()));
      assertEquals(
          List.of(1L, 2L, 3L, 4L, 5L, 6L),
          dead.stream().map(DeadLetter::getOffset).collect(Collectors.toList()));
      for (DeadLetter letter : dead) {
        assertEquals("behaviors", letter.getSourceTopic());
        assertEquals(3, letter.getPartition());
        assertArrayEquals(
            ("k" + letter.getOffset()).getBytes(StandardCharsets.UTF_8),
            DeadLetters.bytes(letter.getRawKey()));
        assertTrue(letter.getReason().length() > 10, letter.getReason());
      }
      assertArrayEquals(randomBytes, DeadLetters.bytes(dead.get(0).getRawValue()));
      assertTrue(dead.get(1).getReason().contains("C3 02"), dead.get(1).getReason());
      assertTrue(dead.get(2).getReason().contains("fingerprint"), dead.get(2).getReason());
      assertArrayEquals(truncated, DeadLetters.bytes(dead.get(3).getRawValue()));
      assertNull(dead.get(4).getRawValue());
      assertEquals(DeadLetters.STAGE_VALIDATE, dead.get(5).getStage());
      assertTrue(
          dead.get(5).getReason().contains("event_time is negative"), dead.get(5).getReason());
      assertEquals(DeadLetters.STAGE_DECODE, dead.get(0).getStage());
    }
  }

  @Test
  void impressionWithoutCandidatesIsInvalid() throws Exception {
    AvroCodec<Impression> codec = AvroCodec.of(Impression.class);
    Impression empty =
        Impression.newBuilder()
            .setRequestId("r1")
            .setUserId("u1")
            .setEventTime(Instant.ofEpochMilli(10))
            .setCandidates(List.of())
            .build();
    Impression one =
        Impression.newBuilder(empty)
            .setRequestId("r2")
            .setCandidates(List.of(Candidate.newBuilder().setItemId("i9").build()))
            .build();
    try (OneInputStreamOperatorTestHarness<RawRecord, Impression> harness =
        ProcessFunctionTestHarnesses.forProcessFunction(
            new DecodeFunction<>(Impression.class, Validators.impression()))) {
      harness.processElement(raw(0, codec.encode(empty)), 0);
      harness.processElement(raw(1, codec.encode(one)), 0);
      assertEquals(List.of(one), harness.extractOutputValues());
      DeadLetter letter = harness.getSideOutput(DecodeFunction.DEAD_LETTERS).poll().getValue();
      assertEquals(DeadLetters.INVALID, letter.getErrorType());
      assertTrue(letter.getReason().contains("candidates is empty"), letter.getReason());
    }
  }
}
