package io.streamplex.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.BehaviorType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaobaoTest {
  @Test
  void bothSamplesMergeIntoOneTimeOrderedStream() throws IOException {
    var t = Taobao.read(DatasetAssumptions.assumeDataset("taobao-userbehavior-samples"));
    assertEquals(0, t.report().malformedCount(), t.report().summary());
    List<BehaviorEvent> ev = t.events().events();
    assertEquals(110_300 + 4_321, ev.size());
    Map<BehaviorType, Long> byType =
        ev.stream()
            .collect(Collectors.groupingBy(BehaviorEvent::getBehaviorType, Collectors.counting()));
    assertEquals(
        Map.of(
            BehaviorType.VIEW, 98_361L + 3_926,
            BehaviorType.CART, 6_063L + 190,
            BehaviorType.FAV, 3_383L + 128,
            BehaviorType.BUY, 2_493L + 77),
        byType);
    for (int i = 1; i < ev.size(); i++) {
      assertTrue(!ev.get(i).getEventTime().isBefore(ev.get(i - 1).getEventTime()));
    }
    var byId =
        ev.stream().collect(Collectors.toMap(BehaviorEvent::getEventId, Function.identity()));
    BehaviorEvent first = byId.get("taobao:UserBehavior_user_prefix.csv:1");
    assertEquals("1", first.getUserId());
    assertEquals("2268318", first.getItemId());
    assertEquals(BehaviorType.VIEW, first.getBehaviorType());
    assertEquals(1_511_544_070_000L, first.getEventTime().toEpochMilli());
    assertEquals("2520377", t.itemCategory().get("2268318"));
    assertEquals(87_107, t.itemCategory().size());
  }

  @Test
  void unknownBehaviourTypesAndShortLinesAreMalformed(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("a.csv"),
        "1,10,100,pv,50\n1,11,100,click,51\n1,12,100,buy\n2,10,999,fav,40\n2,13,100,cart,40\n");
    var t = Taobao.read(dir, List.of("a.csv"));
    assertEquals(
        List.of("taobao:a.csv:5", "taobao:a.csv:1"),
        t.events().events().stream().map(BehaviorEvent::getEventId).toList());
    assertEquals(
        Map.of(
            "behavior_type not pv|cart|fav|buy", 1L,
            "expected 5 fields", 1L,
            "item category differs from an earlier line", 1L),
        t.report().malformedByReason());
  }
}
