package io.streamplex.data;

import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.BehaviorType;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** Builds {@link BehaviorEvent}s the same way in every reader. */
public final class Events {
  private Events() {}

  /**
   * The stable id of the record on line {@code line} of {@code file}: {@code dataset:file:line}.
   */
  public static String id(String dataset, String file, long line) {
    return dataset + ":" + file + ":" + line;
  }

  /** A behaviour read from line {@code line} of {@code file} of {@code dataset}. */
  public static BehaviorEvent behavior(
      String dataset,
      String file,
      long line,
      String userId,
      String itemId,
      BehaviorType type,
      Float value,
      long eventTimeMillis) {
    return BehaviorEvent.newBuilder()
        .setEventId(id(dataset, file, line))
        .setUserId(userId)
        .setItemId(itemId)
        .setBehaviorType(type)
        .setValue(value)
        .setEventTime(Instant.ofEpochMilli(eventTimeMillis))
        .setSource(dataset)
        .build();
  }

  /**
   * Sorts by event time. The sort is stable, so events read in file-then-line order keep that order
   * among equal times.
   */
  public static void sortByTime(List<BehaviorEvent> events) {
    events.sort(Comparator.comparing(BehaviorEvent::getEventTime));
  }
}
