package io.streamplex.operators.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.BehaviorType;
import io.streamplex.schema.UserActivity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserActivityFunctionTest {

  private static final long PROCESSING_TIME = 1_700_000_000_000L;

  static BehaviorEvent event(String id, String user, String item, BehaviorType type, long time) {
    return BehaviorEvent.newBuilder()
        .setEventId(id)
        .setUserId(user)
        .setItemId(item)
        .setBehaviorType(type)
        .setEventTime(Instant.ofEpochMilli(time))
        .setSource("test")
        .build();
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, BehaviorEvent, UserActivity>
      harness(int lastItems, String backend) throws Exception {
    var harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new UserActivityFunction(lastItems)),
            new UserActivityJob.UserKey(),
            Types.STRING);
    harness.setStateBackend(
        "rocksdb".equals(backend) ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend());
    harness.setProcessingTime(PROCESSING_TIME);
    return harness;
  }

  private static List<UserActivity> feed(
      KeyedOneInputStreamOperatorTestHarness<String, BehaviorEvent, UserActivity> harness,
      List<BehaviorEvent> events)
      throws Exception {
    int before = harness.extractOutputValues().size();
    for (BehaviorEvent e : events) {
      harness.processElement(new StreamRecord<>(e, e.getEventTime().toEpochMilli()));
    }
    List<UserActivity> all = harness.extractOutputValues();
    return new ArrayList<>(all.subList(before, all.size()));
  }

  // numKeyedStateEntries() is only implemented for heap state; RocksDB is covered by the others
  @Test
  void countsTimesAndItemsPerUser() throws Exception {
    try (var h = harness(10, "hashmap")) {
      h.open();
      List<UserActivity> out =
          feed(
              h,
              List.of(
                  event("e1", "alice", "i1", BehaviorType.CLICK, 5_000),
                  event("e2", "bob", "i9", BehaviorType.BUY, 7_000),
                  event("e3", "alice", "i2", BehaviorType.VIEW, 9_000),
                  // out of order: earlier than alice's first event
                  event("e4", "alice", "i1", BehaviorType.CLICK, 1_000)));
      assertEquals(4, out.size(), "one update per event");

      UserActivity bob = out.get(1);
      assertEquals("bob", bob.getUserId());
      assertEquals(1L, bob.getTotalCount());
      assertEquals(Map.of("BUY", 1L), bob.getCounts());
      assertEquals(List.of("i9"), bob.getLastItems());

      UserActivity alice = out.get(3);
      assertEquals("alice", alice.getUserId());
      assertEquals(3L, alice.getTotalCount());
      assertEquals(Map.of("CLICK", 2L, "VIEW", 1L), alice.getCounts());
      assertEquals(List.of("i1", "i2", "i1"), alice.getLastItems(), "newest first, repeats kept");
      assertEquals(10, alice.getLastItemsCapacity());
      assertEquals(Instant.ofEpochMilli(1_000), alice.getFirstEventTime());
      assertEquals(Instant.ofEpochMilli(9_000), alice.getLastEventTime());
      assertEquals(Instant.ofEpochMilli(1_000), alice.getEventTime(), "the triggering event's");
      assertEquals("e4", alice.getEventId());
      assertEquals(Instant.ofEpochMilli(PROCESSING_TIME), alice.getUpdatedTime());
      assertEquals(2, h.numKeyedStateEntries(), "one state entry per user");
    }
  }

  @Test
  void ringKeepsOnlyTheNewestN() throws Exception {
    try (var h = harness(3, "rocksdb")) {
      h.open();
      List<BehaviorEvent> events = new ArrayList<>();
      for (int i = 1; i <= 7; i++) {
        events.add(event("e" + i, "carol", "item" + i, BehaviorType.VIEW, i * 1000L));
      }
      List<UserActivity> out = feed(h, events);
      assertEquals(List.of("item3", "item2", "item1"), out.get(2).getLastItems(), "full ring");
      assertEquals(List.of("item4", "item3", "item2"), out.get(3).getLastItems(), "first eviction");
      assertEquals(List.of("item7", "item6", "item5"), out.get(6).getLastItems());
      assertEquals(7L, out.get(6).getTotalCount(), "eviction drops items, never counts");
    }
  }

  /**
   * A restored harness must hold exactly the snapshotted state: feeding the same next events to the
   * original and to the restored operator gives equal outputs.
   */
  @ParameterizedTest
  @ValueSource(strings = {"rocksdb", "hashmap"})
  void snapshotThenRestoreGivesTheSameState(String backend) throws Exception {
    List<BehaviorEvent> before = new ArrayList<>();
    List<BehaviorEvent> after = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      BehaviorEvent e =
          event(
              "e" + i,
              "user" + (i % 3),
              "item" + (i * 7 % 11),
              BehaviorType.values()[i % 5],
              10_000L + 997L * ((i * 13) % 40));
      (i < 25 ? before : after).add(e);
    }
    OperatorSubtaskState snapshot;
    List<UserActivity> continued;
    try (var original = harness(4, backend)) {
      original.open();
      feed(original, before);
      snapshot = original.snapshot(1L, 1L);
      continued = feed(original, after);
    }
    try (var restored = harness(4, backend)) {
      restored.initializeState(snapshot);
      restored.open();
      List<UserActivity> resumed = feed(restored, after);
      assertEquals(continued, resumed);
      assertEquals(26L, resumed.get(0).getTotalCount() + 17, "counts continue, not from zero");
    }
  }

  @Test
  void restoreWithSmallerCapacityKeepsTheNewestItems() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness(5, "rocksdb")) {
      h.open();
      List<BehaviorEvent> events = new ArrayList<>();
      for (int i = 1; i <= 6; i++) {
        events.add(event("e" + i, "dave", "item" + i, BehaviorType.CART, i));
      }
      feed(h, events);
      snapshot = h.snapshot(1L, 1L);
    }
    try (var h = harness(2, "rocksdb")) {
      h.initializeState(snapshot);
      h.open();
      UserActivity out =
          feed(h, List.of(event("e7", "dave", "item7", BehaviorType.CART, 7))).get(0);
      assertEquals(List.of("item7", "item6"), out.getLastItems());
      assertEquals(2, out.getLastItemsCapacity());
      assertEquals(7L, out.getTotalCount());
    }
  }

  @Test
  void blankUserIdsGoToTheSideOutputAndNeverIntoState() throws Exception {
    try (var h = harness(3, "hashmap")) {
      h.open();
      BehaviorEvent blank = event("b1", "  ", "i1", BehaviorType.CLICK, 1);
      BehaviorEvent missing = event("b2", "x", "i2", BehaviorType.CLICK, 2);
      missing.setUserId(null);
      List<UserActivity> out = feed(h, List.of(blank, missing));
      assertTrue(out.isEmpty(), "no update for a blank user id");
      assertEquals(0, h.numKeyedStateEntries(), "no state for a blank user id");
      List<BehaviorEvent> rejected = new ArrayList<>();
      h.getSideOutput(UserActivityFunction.BLANK_USER_ID).forEach(r -> rejected.add(r.getValue()));
      assertEquals(List.of(blank, missing), rejected);
    }
  }

  @Test
  void sameInputGivesTheSameOutput() throws Exception {
    List<BehaviorEvent> events = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      events.add(
          event("e" + i, "u" + (i % 4), "it" + (i % 9), BehaviorType.values()[i % 7], 50L * i));
    }
    List<UserActivity> first;
    try (var h = harness(5, "rocksdb")) {
      h.open();
      first = feed(h, events);
    }
    try (var h = harness(5, "hashmap")) {
      h.open();
      assertEquals(first, feed(h, events));
    }
  }

  /** Avro writes a map in iteration order, so the record must not carry a hash order. */
  @Test
  void countsFollowBehaviorTypeOrder() {
    UserActivityState s = new UserActivityState();
    s.record(BehaviorType.OTHER, "a", 1, 2);
    s.record(BehaviorType.BUY, "b", 2, 2);
    s.record(BehaviorType.CLICK, "c", 3, 2);
    UserActivity a =
        UserActivityFunction.toActivity(
            "u", s, 2, event("e", "u", "c", BehaviorType.CLICK, 3), PROCESSING_TIME);
    assertEquals(List.of("CLICK", "BUY", "OTHER"), new ArrayList<>(a.getCounts().keySet()));
    assertEquals(List.of("c", "b"), a.getLastItems());
  }

  @Test
  void stateIsAFlinkPojoNotKryo() {
    assertInstanceOf(PojoTypeInfo.class, UserActivityFunction.stateType());
  }

  /**
   * The state indexes counts by enum ordinal. Appending a symbol is safe; reordering or removing
   * one would silently move counts between types in restored state, so it must come with a state
   * migration. This test fails first when that happens.
   */
  @Test
  void behaviorTypeOrdinalsAreAppendOnly() {
    List<String> frozen = List.of("CLICK", "VIEW", "RATE", "CART", "FAV", "BUY", "OTHER");
    List<String> now = new ArrayList<>();
    for (BehaviorType t : BehaviorType.values()) {
      now.add(t.name());
    }
    assertEquals(frozen, now.subList(0, frozen.size()));
  }

  @Test
  void capacityBelowOneIsRejected() {
    var e = assertThrows(IllegalArgumentException.class, () -> new UserActivityFunction(0));
    assertTrue(e.getMessage().contains("capacity"), e.getMessage());
  }
}
