package io.streamplex.operators.activity;

import io.streamplex.schema.BehaviorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One user's keyed state in the user-activity operator: counts per behaviour type, first and last
 * event time, and a fixed-size ring of the newest item ids.
 *
 * <p>A Flink POJO (public fields, no-argument constructor), so RocksDB stores it with Flink's POJO
 * serializer, which can evolve (fields added or removed) across a restore; Kryo never touches it.
 * {@code counts} is indexed by {@link BehaviorType} ordinal: the Avro enum only ever gains symbols
 * at its end (its default, OTHER, catches unknown ones), and the array grows when it does.
 */
public class UserActivityState {

  /** Events per behaviour type, indexed by {@link BehaviorType#ordinal()}. */
  public long[] counts = new long[BehaviorType.values().length];

  /** Events of all types. */
  public long total;

  /** Smallest event time seen, epoch millis. */
  public long firstEventTime = Long.MAX_VALUE;

  /** Largest event time seen, epoch millis. */
  public long lastEventTime = Long.MIN_VALUE;

  /** Ring of item ids; its length is the capacity N. */
  public String[] recentItems = new String[0];

  /** Slot the next item id goes to. */
  public int next;

  /** Filled slots, at most {@code recentItems.length}. */
  public int size;

  /** Adds one event: O(1) whatever the capacity, and the ring never grows past it. */
  public void record(BehaviorType type, String itemId, long eventTimeMillis, int capacity) {
    ensureCapacity(capacity);
    if (counts.length <= type.ordinal()) {
      counts = Arrays.copyOf(counts, BehaviorType.values().length);
    }
    counts[type.ordinal()]++;
    total++;
    firstEventTime = Math.min(firstEventTime, eventTimeMillis);
    lastEventTime = Math.max(lastEventTime, eventTimeMillis);
    recentItems[next] = itemId;
    next = (next + 1) % capacity;
    size = Math.min(size + 1, capacity);
  }

  /** The ring's item ids, newest first. */
  public List<String> newestFirst() {
    List<String> items = new ArrayList<>(size);
    int n = recentItems.length;
    for (int i = 1; i <= size; i++) {
      items.add(recentItems[(next - i + n) % n]);
    }
    return items;
  }

  /**
   * Re-lays the ring when the configured capacity differs from the one the state was written with
   * (a restart with another {@code last-items}): keeps the newest {@code min(size, capacity)} ids.
   */
  void ensureCapacity(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("last-items capacity must be at least 1, got " + capacity);
    }
    if (recentItems.length == capacity) {
      return;
    }
    List<String> newest = newestFirst();
    int keep = Math.min(newest.size(), capacity);
    String[] ring = new String[capacity];
    for (int i = 0; i < keep; i++) {
      ring[keep - 1 - i] = newest.get(i);
    }
    recentItems = ring;
    size = keep;
    next = keep % capacity;
  }
}
