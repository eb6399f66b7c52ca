package io.streamplex.operators.bse;

import static io.streamplex.operators.bse.BseFunctionTest.T0;
import static io.streamplex.operators.bse.BseFunctionTest.behaviour;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.ctr.sdim.SdimEncoder;
import io.streamplex.operators.activity.UserActivityJob;
import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.Candidate;
import io.streamplex.schema.Impression;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class BseInterestFunctionTest {

  static final int D = 16;

  static Impression impression(String request, String user, long time, String... items) {
    List<Candidate> candidates = new ArrayList<>();
    for (String item : items) {
      candidates.add(Candidate.newBuilder().setItemId(item).build());
    }
    return Impression.newBuilder()
        .setRequestId(request)
        .setUserId(user)
        .setEventTime(Instant.ofEpochMilli(time))
        .setCandidates(candidates)
        .build();
  }

  private static KeyedTwoInputStreamOperatorTestHarness<
          String, BehaviorEvent, Impression, CandidateInterest>
      harness(BseInterestFunction f) throws Exception {
    var h =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new KeyedCoProcessOperator<>(f),
            new UserActivityJob.UserKey(),
            new BseJob.ImpressionUserKey(),
            Types.STRING);
    h.setStateBackend(new EmbeddedRocksDBStateBackend());
    h.setProcessingTime(T0);
    h.setStateTtlProcessingTime(T0);
    h.open();
    return h;
  }

  @Test
  void anImpressionGetsEachCandidatesSdimInterestFromTheUsersState() throws Exception {
    BseConfig config = BseConfig.of(D, 6, 3, 4L, 100);
    HashedItemEmbeddings emb =
        HashedItemEmbeddings.ofVocabulary(1L, 3L, D, Set.of("a", "b", "c", "d", "e"));
    BseInterestFunction f = new BseInterestFunction(config, emb);
    try (var h = harness(f)) {
      String[] seq = {"a", "b", "a", "c", "d"};
      for (int i = 0; i < seq.length; i++) {
        h.processElement1(new StreamRecord<>(behaviour("e" + i, "u", seq[i], T0 + i)));
      }
      h.processElement1(new StreamRecord<>(behaviour("x", "other", "e", T0)));
      h.processElement2(new StreamRecord<>(impression("r1", "u", T0 + 10, "a", "zz", "e")));
      h.processElement2(new StreamRecord<>(impression("r2", "nobody", T0 + 10, "a")));
      List<CandidateInterest> out = h.extractOutputValues();
      assertEquals(4, out.size());

      // the same behaviours aggregated directly with the pure code
      BseCore core = new BseCore(config, emb);
      BseState expected = core.newState();
      for (int i = 0; i < seq.length; i++) {
        core.add(expected, seq[i], T0 + i);
      }
      SdimEncoder enc = config.encoder();
      String[] cands = {"a", "zz", "e"};
      for (int i = 0; i < 3; i++) {
        CandidateInterest ci = out.get(i);
        assertEquals("r1", ci.requestId);
        assertEquals(i, ci.candidateIndex);
        assertEquals(cands[i], ci.itemId);
        assertEquals(5, ci.windowSize);
        assertEquals(3L, ci.embeddingVersion);
        float[] want = new float[D];
        float[] e = new float[D];
        if (emb.lookup(cands[i], e, 0)) {
          enc.interest(core.aggregates(expected), e, 0, enc.workspace(), want, 0);
        }
        assertArrayEquals(want, ci.interest, "candidate " + cands[i]);
      }
      assertTrue(out.get(0).candidateKnown);
      assertFalse(out.get(1).candidateKnown, "unknown candidate: zeros, flagged");
      double norm = 0;
      for (float v : out.get(0).interest) {
        norm += v * v;
      }
      assertTrue(norm > 0.1, "a candidate the user interacted with has a non-zero interest");
      assertEquals(1, f.runtime().unknownCandidates.getCount());
      CandidateInterest stranger = out.get(3);
      assertEquals(0, stranger.windowSize);
      assertArrayEquals(new float[D], stranger.interest, "no behaviours: zero interest");
    }
  }

  @Test
  void idleUsersStateExpiresAfterTheTtl() throws Exception {
    BseConfig config = BseConfig.of(D, 4, 3, 4L, 100).withTtl(Duration.ofMinutes(30));
    BseInterestFunction f =
        new BseInterestFunction(config, HashedItemEmbeddings.unbounded(1, 1, D));
    try (var h = harness(f)) {
      h.processElement1(new StreamRecord<>(behaviour("e0", "u", "a", T0)));
      h.setStateTtlProcessingTime(T0 + Duration.ofMinutes(29).toMillis());
      h.processElement2(new StreamRecord<>(impression("r1", "u", T0, "a")));
      h.setStateTtlProcessingTime(T0 + Duration.ofMinutes(31).toMillis());
      h.processElement2(new StreamRecord<>(impression("r2", "u", T0, "a")));
      List<CandidateInterest> out = h.extractOutputValues();
      assertEquals(1, out.get(0).windowSize, "alive before the TTL");
      assertEquals(0, out.get(1).windowSize, "expired after 30 idle minutes");
      assertArrayEquals(new float[D], out.get(1).interest);
    }
  }
}
