package io.streamplex.ctr.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.schema.TrainingExample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitsTest {

  private static Set<String> ids(List<TrainingExample> l) {
    Set<String> s = new HashSet<>();
    for (TrainingExample e : l) {
      s.add(e.getRequestId());
    }
    return s;
  }

  @Test
  void randomSplitIsAPartitionFixedBySeed() {
    List<TrainingExample> all = SyntheticCtr.generate(1000, 1);
    Splits.Split a = Splits.random(all, 7, 0.8, 0.1);
    assertEquals(800, a.train().size());
    assertEquals(100, a.valid().size());
    assertEquals(100, a.test().size());
    Set<String> union = new HashSet<>(ids(a.train()));
    union.addAll(ids(a.valid()));
    union.addAll(ids(a.test()));
    assertEquals(1000, union.size());
    assertEquals(a, Splits.random(all, 7, 0.8, 0.1));
    assertNotEquals(ids(a.test()), ids(Splits.random(all, 8, 0.8, 0.1).test()));
  }

  @Test
  void timeOrderedSplitPutsTheLatestExamplesLast() {
    List<TrainingExample> all = new ArrayList<>(SyntheticCtr.generate(500, 2));
    Collections.shuffle(all, new java.util.Random(3));
    Splits.Split s = Splits.timeOrdered(all, 0.8, 0.1);
    long lastTrain = s.train().get(s.train().size() - 1).getEventTime().toEpochMilli();
    long firstValid = s.valid().get(0).getEventTime().toEpochMilli();
    long lastValid = s.valid().get(s.valid().size() - 1).getEventTime().toEpochMilli();
    long firstTest = s.test().get(0).getEventTime().toEpochMilli();
    assertTrue(lastTrain <= firstValid && lastValid <= firstTest);
    assertThrows(IllegalArgumentException.class, () -> Splits.timeOrdered(all, 0.9, 0.1));
  }

  @Test
  void holdOutKeepsTheGivenTestAndHoldsOutASeededShareOfTheTrainPool() {
    List<TrainingExample> pool = SyntheticCtr.generate(1000, 4);
    List<TrainingExample> test = SyntheticCtr.generate(300, 5);
    Splits.Split a = Splits.holdOut(pool, test, 1, 0.1);
    assertEquals(900, a.train().size());
    assertEquals(100, a.valid().size());
    assertEquals(test, a.test());
    Set<String> union = new HashSet<>(ids(a.train()));
    union.addAll(ids(a.valid()));
    assertEquals(ids(pool), union);
    assertEquals(a, Splits.holdOut(pool, test, 1, 0.1));
    assertNotEquals(ids(a.valid()), ids(Splits.holdOut(pool, test, 2, 0.1).valid()));
    assertThrows(IllegalArgumentException.class, () -> Splits.holdOut(pool, test, 1, 0));
  }
}
