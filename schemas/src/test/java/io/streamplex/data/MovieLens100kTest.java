package io.streamplex.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.BehaviorType;
import io.streamplex.schema.TrainingExample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLens100kTest {
  private static MovieLens100k ml;

  @BeforeAll
  static void read() throws IOException {
    if (DatasetPaths.findDataset(MovieLens100k.NAME).isPresent()) {
      ml = MovieLens100k.read(DatasetPaths.require(MovieLens100k.NAME));
    }
  }

  private static MovieLens100k ml() {
    DatasetAssumptions.assumeDataset(MovieLens100k.NAME);
    return ml;
  }

  @Test
  void readsEveryRatingUserAndItemWithoutProblems() {
    var m = ml();
    assertEquals(100_000, m.events().events().size());
    assertEquals(943, m.users().size());
    assertEquals(1682, m.items().size());
    assertEquals(0, m.report().malformedCount(), m.report().summary());
  }

  @Test
  void eventsAreInTimeOrderWithLineOrderTieBreak() {
    List<BehaviorEvent> ev = ml().events().events();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < ev.size(); i++) {
      assertTrue(ids.add(ev.get(i).getEventId()));
      if (i > 0) {
        var a = ev.get(i - 1);
        var b = ev.get(i);
        int c = a.getEventTime().compareTo(b.getEventTime());
        assertTrue(c < 0 || (c == 0 && line(a) < line(b)), a + " before " + b);
      }
    }
    // u.data line 1: 196 242 3 881250949
    BehaviorEvent first =
        ev.stream().filter(e -> e.getEventId().equals("movielens-100k:u.data:1")).findFirst().get();
    assertEquals("196", first.getUserId());
    assertEquals("242", first.getItemId());
    assertEquals(BehaviorType.RATE, first.getBehaviorType());
    assertEquals(3.0f, first.getValue());
    assertEquals(881_250_949_000L, first.getEventTime().toEpochMilli());
  }

  private static long line(BehaviorEvent e) {
    String id = e.getEventId();
    return Long.parseLong(id.substring(id.lastIndexOf(':') + 1));
  }

  @Test
  void usersAndItemsCarryTheirSideFields() {
    var m = ml();
    assertEquals(new MovieLens100k.User("1", 24, "M", "technician", "85711"), m.users().get("1"));
    var toyStory = m.items().get("1");
    assertEquals(List.of("Animation", "Children's", "Comedy"), toyStory.genres());
    assertEquals(1995, toyStory.releaseYear());
    var unknown = m.items().get("267");
    assertNull(unknown.releaseYear(), "item 267 has no release date");
    assertEquals(List.of("unknown"), unknown.genres());
  }

  @Test
  void ctrViewHasThePublishedSizeAndBalance() {
    CtrDataset ctr = ml().ctr();
    assertEquals(72_855, ctr.size());
    assertEquals(34_174 + 21_201, ctr.positives());
    assertEquals(0.76, ctr.positiveRate(), 0.005);
    assertEquals(27_145, ctr.report().filteredCount());
    assertEquals(
        List.of(
            "user_id", "item_id", "gender", "age", "occupation", "zip", "genres", "release_year"),
        ctr.fieldNames());
    assertEquals(List.of("genres"), ctr.fieldNames(FieldSpec.Kind.MULTI_VALUED));
    for (TrainingExample e : ctr.examples()) {
      assertEquals(ctr.fieldNames(), e.getFeatures().stream().map(f -> f.getName()).toList());
      assertEquals(0L, e.getModelVersion());
      assertEquals(0.0, e.getScore());
    }
    TrainingExample ex =
        ctr.examples().stream()
            .filter(e -> e.getRequestId().equals("movielens-100k:u.data:3"))
            .findFirst()
            .get(); // 22 377 1 878887116
    assertEquals(false, ex.getLabel());
    assertEquals("22", ex.getUserId());
    assertEquals(List.of("377"), Features.find(ex.getFeatures(), "item_id").getValues());
    assertEquals(List.of("M"), Features.find(ex.getFeatures(), "gender").getValues());
  }

  @Test
  void malformedLinesAreCountedWithFileAndLineAndNeverStopTheRead(@TempDir Path dir)
      throws IOException {
    Files.writeString(dir.resolve("u.genre"), "unknown|0\nAction|1\n");
    Files.writeString(
        dir.resolve("u.user"), "1|24|M|technician|85711\n2|old|F|other|94043\n3|23|M\n");
    Files.writeString(
        dir.resolve("u.item"),
        "10|A (1995)|01-Jan-1995||url|0|1\n11|B (1996)|||url|1|0\n12|C|01-Jan-1995||url|0|7\n");
    Files.writeString(
        dir.resolve("u.data"),
        "1\t10\t5\t100\n"
            + "1\t10\tfive\t101\n"
            + "1\t11\t2\t99\n"
            + "\n"
            + "1\t10\t4\n"
            + "2\t10\t9\t50\n"
            + "1\t11\t3\t99\n");
    var m = MovieLens100k.read(dir);
    ReadReport r = m.report();
    assertEquals(Integer.valueOf(1995), m.items().get("10").releaseYear());
    assertNull(m.items().get("11").releaseYear());
    assertEquals(1, m.users().size());
    assertEquals(3, m.events().events().size(), r.summary());
    assertEquals(
        List.of("movielens-100k:u.data:3", "movielens-100k:u.data:7", "movielens-100k:u.data:1"),
        m.events().events().stream().map(BehaviorEvent::getEventId).toList());
    assertEquals(6, r.malformedCount(), r.summary());
    assertEquals(1L, r.malformedByReason().get("expected 4 fields"));
    assertEquals(1L, r.malformedByReason().get("expected 5 fields"));
    assertTrue(
        r.problems()
            .contains(
                new ReadReport.Problem("u.data", 2, "rating not a number", "1\t10\tfive\t101")));
    assertTrue(r.summary().contains("u.user:2: age not an integer"), r.summary());
    assertTrue(r.summary().contains("u.item:3: genre flag not 0/1"), r.summary());
    CtrDataset ctr = m.ctr();
    // rating 3 dropped; user 1 rated item 10 (5 → true) and item 11 (2 → false)
    assertEquals(2, ctr.size());
    assertEquals(1, ctr.positives());
  }
}
