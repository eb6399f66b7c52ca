package io.streamplex.operators.kafka;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.schema.ScoredCandidate;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KafkaSinksTest {

  static final AvroRecordSerializationSchema<ScoredCandidate> SCORES =
      new AvroRecordSerializationSchema<>(
          "scores", ScoredCandidate.class, ScoredCandidate::getRequestId);

  @Test
  void exactlyOnceRefusesTimeoutsTheBrokerWouldReject() {
    IllegalArgumentException tooLong =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                KafkaSinks.exactlyOnce("localhost:9092", SCORES, "scores", Duration.ofMinutes(16)));
    assertTrue(tooLong.getMessage().contains("transaction.max.timeout.ms"), tooLong.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> KafkaSinks.exactlyOnce("localhost:9092", SCORES, "scores", Duration.ZERO));
    IllegalArgumentException noPrefix =
        assertThrows(
            IllegalArgumentException.class,
            () -> KafkaSinks.exactlyOnce("localhost:9092", SCORES, " "));
    assertTrue(noPrefix.getMessage().contains("transactional id prefix"), noPrefix.getMessage());
    IllegalArgumentException noBroker =
        assertThrows(IllegalArgumentException.class, () -> KafkaSinks.atLeastOnce("", SCORES));
    assertTrue(noBroker.getMessage().contains("bootstrap"), noBroker.getMessage());
    assertNotNull(KafkaSinks.exactlyOnce("localhost:9092", SCORES, "scores"));
    assertNotNull(KafkaSinks.atLeastOnce("localhost:9092", SCORES));
  }
}
