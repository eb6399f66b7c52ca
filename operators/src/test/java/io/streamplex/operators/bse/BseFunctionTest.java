package io.streamplex.operators.bse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.ctr.sdim.BucketAggregates;
import io.streamplex.operators.activity.UserActivityJob;
import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.BehaviorType;
import io.streamplex.schema.DeadLetter;
import io.streamplex.schema.codec.AvroCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** BSE on real RocksDB keyed state through Flink's operator harness. */
class BseFunctionTest {

  static final int D = 16;
  static final long T0 = 1_700_000_000_000L;

  static BehaviorEvent behaviour(String id, String user, String item, long time) {
    return BehaviorEvent.newBuilder()
        .setEventId(id)
        .setUserId(user)
        .setItemId(item)
        .setBehaviorType(BehaviorType.CLICK)
        .setEventTime(Instant.ofEpochMilli(time))
        .setSource("test")
        .build();
  }

  static final class Harness implements AutoCloseable {
    final BseFunction function;
    final KeyedOneInputStreamOperatorTestHarness<String, BehaviorEvent, BseUpdate> h;

    Harness(BseConfig config, ItemEmbeddings embeddings, OperatorSubtaskState restore)
        throws Exception {
      function = new BseFunction(config, embeddings);
      h =
          new KeyedOneInputStreamOperatorTestHarness<>(
              new KeyedProcessOperator<>(function), new UserActivityJob.UserKey(), Types.STRING);
      h.setStateBackend(new EmbeddedRocksDBStateBackend());
      h.setProcessingTime(T0);
      if (restore != null) {
        h.initializeState(restore);
      }
      h.open();
    }

    void feed(BehaviorEvent e) throws Exception {
      h.processElement(new StreamRecord<>(e, Math.max(0, e.getEventTime().toEpochMilli())));
    }

    BseState state(String user) throws Exception {
      h.getOperator().setCurrentKey(user);
      return function.runtime().current();
    }

    List<DeadLetter> deadLetters() {
      List<DeadLetter> out = new ArrayList<>();
      var q = h.getSideOutput(BseRuntime.DEAD_LETTERS);
      if (q != null) {
        q.forEach(r -> out.add(r.getValue()));
      }
      return out;
    }

    @Override
    public void close() throws Exception {
      h.close();
    }
  }

  /** The window recomputed from scratch: a fresh state with the ring's items added in order. */
  static BseState recompute(BseCore core, BseState s) {
    BseState fresh = core.newState();
    for (int i = 0; i < s.ringSize; i++) {
      assertTrue(core.add(fresh, s.ringItems[i], s.ringTimes[i]).changedState());
    }
    return fresh;
  }

  static List<String> ring(BseState s) {
    return java.util.Arrays.asList(s.ringItems).subList(0, s.ringSize);
  }

  static void assertSameAggregates(BseState expected, BseState actual) {
    assertArrayEquals(expected.counts, actual.counts, "bucket counts");
    assertArrayEquals(expected.sums, actual.sums, 1e-4f, "bucket sums");
  }

  @Test
  void countWindowEvictionEqualsRecomputationFromTheRemainingWindow() throws Exception {
    BseConfig config = BseConfig.of(D, 6, 3, 77L, 40);
    ItemEmbeddings emb = HashedItemEmbeddings.unbounded(5L, 1L, D);
    Random rnd = new Random(3);
    List<String> items = new ArrayList<>();
    try (Harness h = new Harness(config, emb, null)) {
      for (int i = 0; i < 300; i++) {
        String item = "item-" + rnd.nextInt(500);
        items.add(item);
        h.feed(behaviour("e" + i, "alice", item, T0 + i));
        h.feed(behaviour("b" + i, "bob", "item-" + rnd.nextInt(500), T0 + i));
      }
      BseState s = h.state("alice");
      assertEquals(40, s.ringSize);
      assertEquals(items.subList(260, 300), ring(s));
      BseState expected = recompute(new BseCore(config, emb), s);
      assertSameAggregates(expected, s);
      assertEquals(
          40, BucketAggregates.wrap(config.encoder().projection(), s.sums, s.counts).size());
      assertEquals(2 * 260, function(h).evicted.getCount());
      assertEquals(600, h.h.extractOutputValues().size());
    }
  }

  @Test
  void aRefreshRecomputesTheSumsFromTheRingBitForBit() throws Exception {
    BseConfig config = BseConfig.of(D, 6, 3, 77L, 10).withRefreshEvery(10);
    ItemEmbeddings emb = HashedItemEmbeddings.unbounded(5L, 1L, D);
    try (Harness h = new Harness(config, emb, null)) {
      for (int i = 0; i < 19; i++) {
        h.feed(behaviour("e" + i, "u", "item-" + (i * 13 % 37), T0 + i));
      }
      assertEquals(9, h.state("u").evictionsSinceRefresh);
      h.feed(behaviour("e19", "u", "item-5", T0 + 19)); // the 10th eviction triggers the refresh
      BseState s = h.state("u");
      assertEquals(0, s.evictionsSinceRefresh);
      BseState expected = recompute(new BseCore(config, emb), s);
      assertArrayEquals(expected.sums, s.sums, "refreshed sums equal a fresh sum exactly");
      assertArrayEquals(expected.counts, s.counts);
    }
  }

  private static BseRuntime function(Harness h) {
    return h.function.runtime();
  }

  @Test
  void timeWindowEvictsByEventTimeAndRejectsTooLateEvents() throws Exception {
    BseConfig config = BseConfig.of(D, 4, 3, 1L, 100).withWindow(Duration.ofSeconds(10));
    ItemEmbeddings emb = HashedItemEmbeddings.unbounded(5L, 1L, D);
    try (Harness h = new Harness(config, emb, null)) {
      h.feed(behaviour("e0", "u", "a", T0));
      h.feed(behaviour("e1", "u", "b", T0 + 5_000));
      h.feed(behaviour("e2", "u", "c", T0 + 20_000)); // cut at T0+10s: a and b leave
      h.feed(behaviour("e3", "u", "d", T0 + 15_000)); // out of order, inside the window: kept
      h.feed(behaviour("e4", "u", "e", T0 + 3_000)); // older than the cut: rejected
      h.feed(behaviour("e5", "u", "f", T0 + 26_000)); // cut T0+16s: d leaves from mid-ring
      BseState s = h.state("u");
      assertEquals(List.of("c", "f"), ring(s));
      assertEquals(T0 + 26_000, s.newestTime);
      assertSameAggregates(recompute(new BseCore(config, emb), s), s);
      BseRuntime rt = function(h);
      assertEquals(1, rt.outOfOrder.getCount());
      assertEquals(1, rt.late.getCount());
      assertEquals(3, rt.evicted.getCount());
      List<DeadLetter> dead = h.deadLetters();
      assertEquals(1, dead.size());
      assertEquals("LATE", dead.get(0).getErrorType());
      assertEquals(
          "e4",
          AvroCodec.of(BehaviorEvent.class).decode(DeadLettersBytes.of(dead.get(0))).getEventId());
    }
  }

  @Test
  void badInputIsCountedAndChangesNothing() throws Exception {
    BseConfig config = BseConfig.of(D, 4, 3, 1L, 10);
    ItemEmbeddings emb = HashedItemEmbeddings.ofVocabulary(5L, 1L, D, Set.of("a", "b"));
    try (Harness h = new Harness(config, emb, null)) {
      h.feed(behaviour("e0", "u", "a", T0));
      long before = BseCore.checksum(h.state("u"));
      h.feed(behaviour("e1", "u", "nope", T0 + 1));
      h.feed(behaviour("e2", "u", "b", -5));
      h.feed(behaviour("e3", "", "b", T0 + 2));
      assertEquals(before, BseCore.checksum(h.state("u")), "state unchanged by bad input");
      assertNull(h.state(""), "a blank user gets no state");
      BseRuntime rt = function(h);
      assertEquals(1, rt.unknownItems.getCount());
      assertEquals(1, rt.negativeTimestamps.getCount());
      assertEquals(1, rt.blankUsers.getCount());
      assertEquals(1, h.h.extractOutputValues().size(), "only the good behaviour emits an update");
      List<String> types = h.deadLetters().stream().map(DeadLetter::getErrorType).toList();
      assertEquals(List.of("NEGATIVE_TIMESTAMP", "BLANK_USER_ID"), types);
      assertTrue(h.deadLetters().get(0).getReason().contains("-5"));
    }
  }

  @Test
  void aNewEmbeddingVersionRebuildsFromTheRingAfterARestore() throws Exception {
    BseConfig config = BseConfig.of(D, 6, 3, 9L, 20);
    Set<String> vocabulary = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      vocabulary.add("i" + i);
    }
    HashedItemEmbeddings v1 = HashedItemEmbeddings.ofVocabulary(5L, 1L, D, vocabulary);
    OperatorSubtaskState snapshot;
    BseState before;
    try (Harness h = new Harness(config, v1, null)) {
      for (int i = 0; i < 30; i++) {
        h.feed(behaviour("e" + i, "u", "i" + (i * 7 % 50), T0 + i));
      }
      before = h.state("u");
      snapshot = h.h.snapshot(1L, T0);
    }
    // version 2 retrains every vector and retires one item of the ring
    String retired = before.ringItems[5];
    vocabulary.remove(retired);
    HashedItemEmbeddings v2 = HashedItemEmbeddings.ofVocabulary(5L, 2L, D, vocabulary);
    try (Harness h = new Harness(config, v2, snapshot)) {
      BseState s = h.state("u");
      assertEquals(2L, s.embeddingVersion);
      List<String> kept = new ArrayList<>(ring(before));
      assertTrue(kept.remove(retired));
      assertEquals(kept, ring(s));
      BseState expected = recompute(new BseCore(config, v2), s);
      // a rebuild is a fresh sum in the same order: bit for bit
      assertArrayEquals(expected.sums, s.sums);
      assertArrayEquals(expected.counts, s.counts);
      assertFalse(java.util.Arrays.equals(before.sums, s.sums));
      assertEquals(1, function(h).rebuilds.getCount());
      assertEquals(1, function(h).rebuildDropped.getCount());
      // later behaviours go on from the rebuilt state without another rebuild
      h.feed(behaviour("late", "u", "i1", T0 + 100));
      assertEquals(1, function(h).rebuilds.getCount());
    }
  }
}
