package io.streamplex.ctr.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImplicitSplitTest {

  @Test
  void splitsEachUserEightyTenTenWithoutOverlapAndCollapsesRepeats() {
    List<String> users = new ArrayList<>();
    List<String> items = new ArrayList<>();
    for (int u = 0; u < 5; u++) {
      for (int i = 0; i < 20; i++) {
        users.add("u" + u);
        items.add("i" + ((u * 7 + i * 3) % 40));
      }
      users.add("u" + u); // a repeated pair counts once
      items.add("i" + ((u * 7) % 40));
    }
    ImplicitSplit s = ImplicitSplit.perUserRandom(users, items, 0.8, 0.1, 3);
    assertEquals(5, s.users());
    assertEquals(100, s.trainInteractions() + s.validationInteractions() + s.testInteractions());
    for (int u = 0; u < 5; u++) {
      assertEquals(16, s.train(u).length);
      assertEquals(2, s.validation(u).length);
      assertEquals(2, s.test(u).length);
      Set<Integer> all = new HashSet<>();
      for (int[] part : new int[][] {s.train(u), s.validation(u), s.test(u)}) {
        for (int i : part) {
          assertTrue(all.add(i), "item in two parts");
        }
      }
    }
    ImplicitSplit again = ImplicitSplit.perUserRandom(users, items, 0.8, 0.1, 3);
    ImplicitSplit other = ImplicitSplit.perUserRandom(users, items, 0.8, 0.1, 4);
    boolean differs = false;
    for (int u = 0; u < 5; u++) {
      assertArrayEquals(s.train(u), again.train(u));
      assertArrayEquals(s.test(u), again.test(u));
      differs |= !Arrays.equals(s.train(u), other.train(u));
    }
    assertTrue(differs, "another seed should give another split");
  }

  @Test
  void aUsersSplitDoesNotDependOnOtherUsers() {
    List<String> users = new ArrayList<>();
    List<String> items = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      users.add("a");
      items.add("x" + i);
    }
    ImplicitSplit alone = ImplicitSplit.perUserRandom(users, items, 0.8, 0.1, 9);
    for (int i = 0; i < 30; i++) {
      users.add("b");
      items.add("x" + (i + 5));
    }
    ImplicitSplit both = ImplicitSplit.perUserRandom(users, items, 0.8, 0.1, 9);
    assertEquals(alone.itemId(alone.test(0)[0]), both.itemId(both.test(0)[0]));
    assertFalse(both.userId(0).isEmpty());
  }
}
