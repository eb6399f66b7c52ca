package io.streamplex.operators.bse;

import io.streamplex.operators.decode.DeadLetters;
import io.streamplex.schema.DeadLetter;

final class DeadLettersBytes {
  private DeadLettersBytes() {}

  static byte[] of(DeadLetter d) {
    return DeadLetters.bytes(d.getRawValue());
  }
}
