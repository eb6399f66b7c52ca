package io.streamplex.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.TrainingExample;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SyntheticGeneratorTest {
  static final SyntheticGenerator.Config SMALL =
      SyntheticGenerator.Config.defaults(42).withSize(120, 50, 1000);
  static SyntheticData data;

  @BeforeAll
  static void generate() {
    data = SyntheticGenerator.generate(SMALL);
  }

  @Test
  void sameSeedSameDataOtherSeedOtherData() {
    SyntheticData again = SyntheticGenerator.generate(SMALL);
    assertEquals(data.events().events(), again.events().events());
    assertEquals(data.ctr().examples(), again.ctr().examples());
    assertArrayEquals(data.trueProbabilities(), again.trueProbabilities());
    SyntheticData other = SyntheticGenerator.generate(SMALL.withSeed(43));
    assertNotEquals(data.ctr().examples(), other.ctr().examples());
  }

  @Test
  void oracleAucIsWellAboveChanceAndBelowOneAndTheSequenceAddsToIt() {
    double oracle = data.oracleAuc();
    double noSequence = data.staticOracleAuc();
    System.out.printf(
        "synthetic %d users: %d behaviours, %d examples, %.3f positive, oracle AUC %.4f, "
            + "without the sequence %.4f%n",
        SMALL.users(),
        data.events().events().size(),
        data.ctr().size(),
        data.ctr().positiveRate(),
        oracle,
        noSequence);
    assertTrue(oracle > 0.7 && oracle < 0.95, "oracle AUC " + oracle);
    assertTrue(oracle - noSequence > 0.02, oracle + " vs " + noSequence);
    assertTrue(noSequence > 0.6, "user/item structure alone is informative: " + noSequence);
    double rate = data.ctr().positiveRate();
    assertTrue(rate > 0.1 && rate < 0.5, "positive rate " + rate);
  }

  @Test
  void sequencesHaveTheConfiguredLengthsAndComeFromTheUsersInterests() {
    Map<String, List<BehaviorEvent>> byUser =
        data.events().events().stream().collect(Collectors.groupingBy(BehaviorEvent::getUserId));
    assertEquals(SMALL.users(), byUser.size());
    long held = 0;
    for (var p : data.users()) {
      List<BehaviorEvent> seq = byUser.get(p.userId());
      assertEquals(p.sequenceLength(), seq.size());
      assertTrue(seq.size() >= 50 && seq.size() <= 1000, "length " + seq.size());
      assertTrue(p.interests().length >= 2 && p.interests().length <= 4);
      for (BehaviorEvent e : seq) {
        int interest = data.interestOf(SyntheticData.itemIndex(e.getItemId()));
        for (int k : p.interests()) {
          if (k == interest) {
            held++;
            break;
          }
        }
      }
    }
    double heldShare = (double) held / data.events().events().size();
    // all but the noise share (5 %) comes from held interests
    assertTrue(heldShare > 0.93, "share of behaviours in held interests " + heldShare);
  }

  @Test
  void eventsAndExamplesAreInTimeOrderAndEachImpressionFollowsItsHistory() {
    List<BehaviorEvent> ev = data.events().events();
    for (int i = 1; i < ev.size(); i++) {
      assertTrue(!ev.get(i).getEventTime().isBefore(ev.get(i - 1).getEventTime()));
    }
    List<TrainingExample> ex = data.ctr().examples();
    for (int i = 1; i < ex.size(); i++) {
      assertTrue(!ex.get(i).getEventTime().isBefore(ex.get(i - 1).getEventTime()));
    }
    Map<String, List<BehaviorEvent>> byUser = new HashMap<>();
    for (BehaviorEvent e : ev) {
      byUser.computeIfAbsent(e.getUserId(), k -> new java.util.ArrayList<>()).add(e);
    }
    for (int i = 0; i < ex.size(); i++) {
      TrainingExample e = ex.get(i);
      List<BehaviorEvent> seq = byUser.get(e.getUserId());
      int h = data.historyLength(i);
      assertTrue(h >= SMALL.minHistory());
      assertTrue(seq.get(h - 1).getEventTime().isBefore(e.getEventTime()));
      assertTrue(h == seq.size() || seq.get(h).getEventTime().isAfter(e.getEventTime()));
      assertEquals(
          data.ctr().fieldNames(), e.getFeatures().stream().map(f -> f.getName()).toList());
    }
  }

  @Test
  void impressionsGroupTheirCandidatesAndFeedbackMatchesLabels() {
    var impressions = data.impressions();
    assertEquals(
        data.ctr().size(), impressions.stream().mapToInt(i -> i.getCandidates().size()).sum());
    assertTrue(impressions.stream().allMatch(i -> i.getCandidates().size() == SMALL.candidates()));
    var feedback = data.feedback();
    for (int i = 0; i < feedback.size(); i++) {
      assertEquals(data.ctr().examples().get(i).getLabel(), feedback.get(i).getClicked());
    }
  }

  @Test
  void exactAucCountsTiesAsHalf() {
    assertEquals(1.0, Auc.exact(new double[] {0.1, 0.9}, new boolean[] {false, true}));
    assertEquals(0.0, Auc.exact(new double[] {0.9, 0.1}, new boolean[] {false, true}));
    assertEquals(0.5, Auc.exact(new double[] {0.3, 0.3, 0.3}, new boolean[] {true, false, true}));
    // positives 0.8, 0.5; negatives 0.5, 0.2: pairs (0.8>0.5)=1 (0.8>0.2)=1 (0.5=0.5)=.5
    // (0.5>0.2)=1
    assertEquals(
        3.5 / 4,
        Auc.exact(new double[] {0.8, 0.5, 0.5, 0.2}, new boolean[] {true, true, false, false}));
    assertThrows(
        IllegalArgumentException.class,
        () -> Auc.exact(new double[] {0.1, 0.2}, new boolean[] {true, true}));
  }

  @Test
  void badConfigNamesTheRule() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SyntheticGenerator.Config.defaults(1).withSize(10, 100, 50));
    assertTrue(e.getMessage().contains("minSequence <= maxSequence"), e.getMessage());
  }

  @Test
  void theMultiInterestWorldHasLongSequencesAndACandidateSpecificSignal() {
    SyntheticData m = SyntheticGenerator.generate(SyntheticGenerator.Config.multiInterest(3, 12));
    List<TrainingExample> ex = m.ctr().examples();
    assertTrue(ex.size() > 12 * 20, ex.size() + " examples");
    for (int i = 0; i < ex.size(); i++) {
      assertTrue(m.historyLength(i) >= 1000, "example " + i + " follows at least 1,000 behaviours");
    }
    for (SyntheticGenerator.UserProfile p : m.users()) {
      assertTrue(p.interests().length >= 3 && p.interests().length <= 6, "3-6 interests");
    }
    // the truth depends on the candidate: a user's candidates of held interests click more
    double held = 0;
    double other = 0;
    int nHeld = 0;
    int nOther = 0;
    for (int i = 0; i < ex.size(); i++) {
      SyntheticGenerator.UserProfile p =
          m.users().get(Integer.parseInt(ex.get(i).getUserId().toString().substring(1)));
      int k = m.interestOf(SyntheticData.itemIndex(ex.get(i).getItemId().toString()));
      boolean isHeld = java.util.Arrays.stream(p.interests()).anyMatch(x -> x == k);
      if (isHeld) {
        held += m.trueProbability(i);
        nHeld++;
      } else {
        other += m.trueProbability(i);
        nOther++;
      }
    }
    assertTrue(held / nHeld > other / nOther + 0.1, held / nHeld + " vs " + other / nOther);
    assertTrue(m.oracleAuc() > 0.7, "oracle AUC " + m.oracleAuc());
  }
}
