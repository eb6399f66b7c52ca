package io.streamplex.operators.decode;

import java.io.Serializable;
import java.util.List;

/**
 * Checks a decoded record for values the schema cannot forbid (an impression with no candidates, a
 * negative timestamp). A record with problems goes to dead letters at stage {@value
 * DeadLetters#STAGE_VALIDATE}, never further into the job.
 */
@FunctionalInterface
public interface RecordValidator<T> extends Serializable {

  /** The record's problems, each naming the field and what is wrong; empty when it is valid. */
  List<String> problems(T record);

  /** Accepts every record. */
  static <T> RecordValidator<T> none() {
    return record -> List.of();
  }
}
