package io.streamplex.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.schema.BehaviorEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLensLatestSmallTest {
  @Test
  void readsRatingsAndMoviesWithQuotedTitlesAndTitleYears() throws IOException {
    var m = MovieLensLatestSmall.read(DatasetAssumptions.assumeDataset(MovieLensLatestSmall.NAME));
    assertEquals(0, m.report().malformedCount(), m.report().summary());
    assertEquals(9_742, m.movies().size());
    List<BehaviorEvent> ev = m.events().events();
    assertEquals(100_836, ev.size());
    assertEquals(610, ev.stream().map(BehaviorEvent::getUserId).distinct().count());
    for (int i = 1; i < ev.size(); i++) {
      assertTrue(!ev.get(i).getEventTime().isBefore(ev.get(i - 1).getEventTime()));
    }
    assertEquals(828_124_615_000L, ev.get(0).getEventTime().toEpochMilli());
    assertEquals(1_537_799_250_000L, ev.get(ev.size() - 1).getEventTime().toEpochMilli());

    var president = m.movies().get("11");
    assertEquals("American President, The (1995)", president.title());
    assertEquals(List.of("Comedy", "Drama", "Romance"), president.genres());
    assertEquals(1995, president.year());
    assertNull(m.movies().get("40697").year(), "'Babylon 5' has no year");
    assertEquals(2006, m.movies().get("171749").year(), "a year range gives its first year");
    assertEquals(List.of(), m.movies().get("143410").genres(), "(no genres listed)");

    CtrDataset ctr = m.ctr();
    // ratings >= 4: 48,580; <= 2: 13,523 (2.5, 3 and 3.5 dropped)
    assertEquals(62_103, ctr.size());
    assertEquals(48_580, ctr.positives());
    assertEquals(100_836 - 62_103, ctr.report().filteredCount());
    assertEquals(List.of("user_id", "item_id", "genres", "year"), ctr.fieldNames());
  }

  @Test
  void halfStarsBetweenTheThresholdsAreDropped() {
    assertEquals(true, RatingLabel.of(4.0).orElseThrow());
    assertEquals(false, RatingLabel.of(2.0).orElseThrow());
    assertTrue(RatingLabel.of(3.5).isEmpty());
    assertTrue(RatingLabel.of(2.5).isEmpty());
  }

  @Test
  void malformedCsvLinesAreReported(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("movies.csv"),
        "movieId,title,genres\n1,\"Broken (1995),Drama\n2,\"Fine, The (1990)\",Drama|War\n");
    Files.writeString(
        dir.resolve("ratings.csv"),
        "userId,movieId,rating,timestamp\n1,2,4.5,10\n1,2,4.25,11\n1,2,6,12\n,2,1,13\n1,2,1.0,9\n");
    var m = MovieLensLatestSmall.read(dir);
    assertEquals(1, m.movies().size());
    assertEquals(2, m.events().events().size());
    ReadReport r = m.report();
    assertEquals(1L, r.malformedByReason().get("unterminated quoted field"));
    assertEquals(2L, r.malformedByReason().get("rating not in 0.5..5 by halves"));
    assertEquals(1L, r.malformedByReason().get("userId empty"));
    assertTrue(r.summary().contains("ratings.csv:3: rating not in 0.5..5 by halves"), r.summary());
    assertEquals(2, m.ctr().size());
  }
}
