package io.streamplex.operators.decode;

import io.streamplex.operators.kafka.RawRecord;
import io.streamplex.schema.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;

/** Builds {@link DeadLetter}s from the raw record that failed, so nothing is dropped silently. */
public final class DeadLetters {

  public static final String STAGE_DECODE = "decode";
  public static final String STAGE_VALIDATE = "validate";

  /** Error type of a record that decoded but failed its {@link RecordValidator}. */
  public static final String INVALID = "INVALID";

  /** Error type of a record whose validator itself threw. */
  public static final String VALIDATOR_FAILED = "VALIDATOR_FAILED";

  private DeadLetters() {}

  public static DeadLetter of(
      RawRecord raw, String stage, String errorType, String reason, long failedTimeMillis) {
    return DeadLetter.newBuilder()
        .setSourceTopic(raw.topic == null ? "" : raw.topic)
        .setPartition(raw.partition)
        .setOffset(raw.offset)
        .setStage(stage)
        .setErrorType(errorType)
        .setReason(reason == null ? errorType : reason)
        .setRawKey(raw.key == null ? null : ByteBuffer.wrap(raw.key.clone()))
        .setRawValue(raw.value == null ? null : ByteBuffer.wrap(raw.value.clone()))
        .setRecordTime(Instant.ofEpochMilli(Math.max(raw.timestamp, 0)))
        .setFailedTime(Instant.ofEpochMilli(failedTimeMillis))
        .build();
  }

  /** The bytes of an Avro {@code bytes} field, without disturbing the buffer's position. */
  public static byte[] bytes(ByteBuffer buffer) {
    if (buffer == null) {
      return null;
    }
    ByteBuffer view = buffer.duplicate();
    byte[] out = new byte[view.remaining()];
    view.get(out);
    return out;
  }
}
