package io.streamplex.data;

import io.streamplex.schema.BehaviorEvent;
import java.util.List;

/**
 * Behaviour events read from a dataset, in time order (ties broken by file, then line), with the
 * report of the read.
 */
public record BehaviorLog(String name, List<BehaviorEvent> events, ReadReport report) {
  public BehaviorLog {
    events = List.copyOf(events);
  }
}
