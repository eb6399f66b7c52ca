package io.streamplex.data;

import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.BehaviorType;
import io.streamplex.schema.Feature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reader of MovieLens latest-small ({@code ratings.csv}, {@code movies.csv}; CSV with a header and
 * RFC-4180 quoted titles).
 *
 * <ul>
 *   <li>Ratings (0.5 to 5 stars in half steps) become {@code RATE} {@link BehaviorEvent}s, value =
 *       the rating, event time = timestamp × 1000, id {@code
 *       movielens-latest-small:ratings.csv:LINE}, in time order with ties in line order.
 *   <li>Movies: genres split on {@code |}; "(no genres listed)" means no genres. The year is the
 *       four-digit year in parentheses at the end of the title (for a range such as "(2006–2007)"
 *       the first year); a title without one (e.g. "Babylon 5") leaves the year missing.
 *   <li>The CTR view ({@link #ctr()}): fields {@link #CTR_FIELDS}, label by {@link RatingLabel}: ≥
 *       4 true, ≤ 2 false, and the half-star ratings between (2.5, 3, 3.5) dropped, so that each
 *       label keeps the same meaning as on the 1–5 scale of MovieLens 100K.
 * </ul>
 */
public final class MovieLensLatestSmall {
  public static final String NAME = "movielens-latest-small";

  /** The CTR fields, in the order every example holds them. */
  public static final List<FieldSpec> CTR_FIELDS =
      List.of(
          FieldSpec.categorical("user_id", FieldSpec.Side.USER),
          FieldSpec.categorical("item_id", FieldSpec.Side.ITEM),
          FieldSpec.multi("genres", FieldSpec.Side.ITEM),
          FieldSpec.categorical("year", FieldSpec.Side.ITEM));

  /** A row of {@code movies.csv}; {@code year} is null when the title has none. */
  public record Movie(String movieId, String title, List<String> genres, Integer year) {}

  static final String NO_GENRES = "(no genres listed)";
  private static final Pattern TITLE_YEAR =
      Pattern.compile("\\((\\d{4})(?:\\s*[-–]\\s*\\d{4})?\\)\\s*$");

  private final Map<String, Movie> movies;
  private final List<BehaviorEvent> ratings;
  private final ReadReport report;

  private MovieLensLatestSmall(
      Map<String, Movie> movies, List<BehaviorEvent> ratings, ReadReport report) {
    this.movies = movies;
    this.ratings = ratings;
    this.report = report;
  }

  public static MovieLensLatestSmall read(Path dir) throws IOException {
    ReadReport report = new ReadReport();
    Map<String, Movie> movies = readMovies(dir.resolve("movies.csv"), report);
    List<BehaviorEvent> ratings = readRatings(dir.resolve("ratings.csv"), report);
    return new MovieLensLatestSmall(movies, ratings, report);
  }

  public Map<String, Movie> movies() {
    return Collections.unmodifiableMap(movies);
  }

  public BehaviorLog events() {
    return new BehaviorLog(NAME, ratings, report);
  }

  public ReadReport report() {
    return report;
  }

  /** The labelled CTR view in time order. */
  public CtrDataset ctr() {
    return RatingLabel.ctrView(
        NAME,
        CTR_FIELDS,
        ratings,
        report,
        e -> {
          Movie m = movies.get(e.getItemId());
          return m == null ? null : features(e.getUserId(), m);
        });
  }

  public static List<Feature> features(String userId, Movie m) {
    return List.of(
        Features.categorical("user_id", userId),
        Features.categorical("item_id", m.movieId()),
        Features.multi("genres", m.genres()),
        Features.categorical("year", m.year() == null ? null : m.year().toString()));
  }

  /** The year at the end of a title, or null. */
  static Integer titleYear(String title) {
    Matcher m = TITLE_YEAR.matcher(title);
    return m.find() ? Integer.valueOf(m.group(1)) : null;
  }

  private static Map<String, Movie> readMovies(Path file, ReadReport report) throws IOException {
    Map<String, Movie> movies = new LinkedHashMap<>();
    Lines.forEach(
        file,
        1,
        report,
        (line, n) -> {
          String[] f = Lines.splitCsv(line, 3);
          String id = Lines.requireId(f[0], "movieId");
          String title = f[1].trim();
          List<String> genres = new ArrayList<>();
          if (!f[2].trim().equals(NO_GENRES)) {
            for (String g : Lines.split(f[2], '|')) {
              if (!g.isBlank()) {
                genres.add(g.trim());
              }
            }
          }
          movies.put(id, new Movie(id, title, List.copyOf(genres), titleYear(title)));
          report.recordEmitted();
        });
    return movies;
  }

  private static List<BehaviorEvent> readRatings(Path file, ReadReport report) throws IOException {
    String name = file.getFileName().toString();
    List<BehaviorEvent> events = new ArrayList<>(100_836);
    Lines.forEach(
        file,
        1,
        report,
        (line, n) -> {
          String[] f = Lines.splitCsv(line, 4);
          String user = Lines.requireId(f[0], "userId");
          String item = Lines.requireId(f[1], "movieId");
          double rating = Lines.parseDouble(f[2], "rating");
          if (rating < 0.5 || rating > 5 || rating * 2 != Math.rint(rating * 2)) {
            throw new MalformedLineException("rating not in 0.5..5 by halves");
          }
          long seconds = Lines.parseLong(f[3], "timestamp");
          events.add(
              Events.behavior(
                  NAME, name, n, user, item, BehaviorType.RATE, (float) rating, seconds * 1000));
          report.recordEmitted();
        });
    Events.sortByTime(events);
    return events;
  }
}
