package io.streamplex.ctr.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.schema.TrainingExample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserTimeSplitTest {

  @Test
  void eachUsersLabelledEventsSplitInTimeOrder() {
    List<TrainingExample> all = SyntheticCtr.generate(2000, 5);
    int[][] s = UserTimeSplit.indices(all, 0.8, 0.1);
    assertEquals(all.size(), s[0].length + s[1].length + s[2].length);
    Map<String, long[]> lastTrain = new HashMap<>();
    Map<String, Integer> perUser = new HashMap<>();
    Map<String, Integer> trainPerUser = new HashMap<>();
    for (TrainingExample e : all) {
      perUser.merge(e.getUserId().toString(), 1, Integer::sum);
    }
    for (int i : s[0]) {
      TrainingExample e = all.get(i);
      trainPerUser.merge(e.getUserId().toString(), 1, Integer::sum);
      lastTrain.merge(
          e.getUserId().toString(),
          new long[] {e.getEventTime().toEpochMilli()},
          (a, b) -> a[0] >= b[0] ? a : b);
    }
    for (var u : perUser.entrySet()) {
      assertEquals(Math.round(u.getValue() * 0.8), (long) trainPerUser.get(u.getKey()), u.getKey());
    }
    List<Integer> later = new ArrayList<>();
    for (int k = 1; k < 3; k++) {
      for (int i : s[k]) {
        later.add(i);
      }
    }
    for (int i : later) {
      TrainingExample e = all.get(i);
      assertTrue(
          e.getEventTime().toEpochMilli() >= lastTrain.get(e.getUserId().toString())[0],
          "validation and test examples are not earlier than the user's training ones");
    }
    assertThrows(IllegalArgumentException.class, () -> UserTimeSplit.indices(all, 0.9, 0.1));
  }
}
