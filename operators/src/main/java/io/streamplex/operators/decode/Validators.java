package io.streamplex.operators.decode;

import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.Feedback;
import io.streamplex.schema.Impression;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The checks each input topic's records must pass before a job uses them. */
public final class Validators {

  private Validators() {}

  public static RecordValidator<BehaviorEvent> behaviorEvent() {
    return event -> {
      List<String> problems = new ArrayList<>(2);
      requireId(problems, "user_id", event.getUserId());
      requireId(problems, "item_id", event.getItemId());
      requireTime(problems, "event_time", event.getEventTime());
      return problems;
    };
  }

  public static RecordValidator<Impression> impression() {
    return impression -> {
      List<String> problems = new ArrayList<>(2);
      requireId(problems, "request_id", impression.getRequestId());
      requireId(problems, "user_id", impression.getUserId());
      requireTime(problems, "event_time", impression.getEventTime());
      if (impression.getCandidates() == null || impression.getCandidates().isEmpty()) {
        problems.add("candidates is empty: an impression needs at least one item to score");
      } else {
        for (int i = 0; i < impression.getCandidates().size(); i++) {
          requireId(
              problems,
              "candidates[" + i + "].item_id",
              impression.getCandidates().get(i).getItemId());
        }
      }
      return problems;
    };
  }

  public static RecordValidator<Feedback> feedback() {
    return feedback -> {
      List<String> problems = new ArrayList<>(2);
      requireId(problems, "request_id", feedback.getRequestId());
      requireId(problems, "user_id", feedback.getUserId());
      requireId(problems, "item_id", feedback.getItemId());
      requireTime(problems, "event_time", feedback.getEventTime());
      return problems;
    };
  }

  private static void requireId(List<String> problems, String field, String value) {
    if (value == null || value.isBlank()) {
      problems.add(field + " is empty");
    }
  }

  private static void requireTime(List<String> problems, String field, Instant time) {
    if (time == null) {
      problems.add(field + " is missing");
    } else if (time.toEpochMilli() < 0) {
      problems.add(field + " is negative (" + time.toEpochMilli() + " ms): before 1970");
    }
  }
}
