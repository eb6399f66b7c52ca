package io.streamplex.data;

import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.BehaviorType;
import io.streamplex.schema.Feature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reader of MovieLens 100K ({@code u.data}, {@code u.user}, {@code u.item}, {@code u.genre}).
 *
 * <ul>
 *   <li>Ratings become {@link BehaviorEvent}s: {@code RATE}, value = the rating, event time =
 *       timestamp × 1000, event id {@code movielens-100k:u.data:LINE}, sorted by time with ties in
 *       line order.
 *   <li>Users: gender, age, occupation, zip as in {@code u.user}. Items: genres from the 19 flags
 *       named in {@code u.genre} (including "unknown" when flagged), release year = the last four
 *       digits of the {@code dd-MMM-yyyy} release date. <b>Missing date rule:</b> an empty or
 *       unparsable date (item 267) leaves the year missing; the item is kept.
 *   <li>The CTR view ({@link #ctr()}): fields {@link #CTR_FIELDS}, label by {@link RatingLabel} (≥
 *       4 true, ≤ 2 false, 3 dropped): 72,855 examples, 76 % positive. A rating whose user or item
 *       is not in {@code u.user}/{@code u.item} is still an event but is left out of the CTR view,
 *       counted in the report.
 * </ul>
 */
public final class MovieLens100k {
  public static final String NAME = "movielens-100k";

  /** The CTR fields, in the order every example holds them. */
  public static final List<FieldSpec> CTR_FIELDS =
      List.of(
          FieldSpec.categorical("user_id", FieldSpec.Side.USER),
          FieldSpec.categorical("item_id", FieldSpec.Side.ITEM),
          FieldSpec.categorical("gender", FieldSpec.Side.USER),
          FieldSpec.categorical("age", FieldSpec.Side.USER),
          FieldSpec.categorical("occupation", FieldSpec.Side.USER),
          FieldSpec.categorical("zip", FieldSpec.Side.USER),
          FieldSpec.multi("genres", FieldSpec.Side.ITEM),
          FieldSpec.categorical("release_year", FieldSpec.Side.ITEM));

  /** A row of {@code u.user}. */
  public record User(String userId, int age, String gender, String occupation, String zip) {}

  /** A row of {@code u.item}; {@code releaseYear} is null when the date is missing. */
  public record Item(String itemId, String title, List<String> genres, Integer releaseYear) {}

  private static final Pattern DATE_YEAR = Pattern.compile("^\\d{1,2}-[A-Za-z]{3}-(\\d{4})$");

  private final Map<String, User> users;
  private final Map<String, Item> items;
  private final List<BehaviorEvent> ratings;
  private final ReadReport report;

  private MovieLens100k(
      Map<String, User> users, Map<String, Item> items, List<BehaviorEvent> ratings, ReadReport r) {
    this.users = users;
    this.items = items;
    this.ratings = ratings;
    this.report = r;
  }

  /** Reads the four files from the dataset folder (e.g. {@code DatasetPaths.require(NAME)}). */
  public static MovieLens100k read(Path dir) throws IOException {
    ReadReport report = new ReadReport();
    List<String> genreNames = readGenres(dir.resolve("u.genre"), report);
    Map<String, User> users = readUsers(dir.resolve("u.user"), report);
    Map<String, Item> items = readItems(dir.resolve("u.item"), genreNames, report);
    List<BehaviorEvent> ratings = readRatings(dir.resolve("u.data"), report);
    return new MovieLens100k(users, items, ratings, report);
  }

  public Map<String, User> users() {
    return Collections.unmodifiableMap(users);
  }

  public Map<String, Item> items() {
    return Collections.unmodifiableMap(items);
  }

  /** All ratings as events, in time order. */
  public BehaviorLog events() {
    return new BehaviorLog(NAME, ratings, report);
  }

  public ReadReport report() {
    return report;
  }

  /** The labelled CTR view, in time order; its report adds the lines the label rule dropped. */
  public CtrDataset ctr() {
    return RatingLabel.ctrView(
        NAME,
        CTR_FIELDS,
        ratings,
        report,
        e -> {
          User u = users.get(e.getUserId());
          Item i = items.get(e.getItemId());
          return u == null || i == null ? null : features(u, i);
        });
  }

  /** The CTR features of one (user, item) pair, in {@link #CTR_FIELDS} order. */
  public static List<Feature> features(User u, Item i) {
    return List.of(
        Features.categorical("user_id", u.userId()),
        Features.categorical("item_id", i.itemId()),
        Features.categorical("gender", u.gender()),
        Features.categorical("age", Integer.toString(u.age())),
        Features.categorical("occupation", u.occupation()),
        Features.categorical("zip", u.zip()),
        Features.multi("genres", i.genres()),
        Features.categorical(
            "release_year", i.releaseYear() == null ? null : i.releaseYear().toString()));
  }

  /** The release year of a {@code dd-MMM-yyyy} date, or null when empty or unparsable. */
  static Integer releaseYear(String date) {
    Matcher m = DATE_YEAR.matcher(date.trim());
    return m.matches() ? Integer.valueOf(m.group(1)) : null;
  }

  private static List<String> readGenres(Path file, ReadReport report) throws IOException {
    Map<Integer, String> byId = new HashMap<>();
    Lines.forEach(
        file,
        0,
        report,
        (line, n) -> {
          String[] f = Lines.split(line, '|', 2);
          int id = (int) Lines.parseLong(f[1], "genre_id");
          byId.put(id, Lines.requireId(f[0], "genre_name"));
          report.recordEmitted();
        });
    List<String> names = new ArrayList<>();
    for (int id = 0; id < byId.size(); id++) {
      String g = byId.get(id);
      if (g == null) {
        throw new IOException(file + ": genre ids are not 0.." + (byId.size() - 1));
      }
      names.add(g);
    }
    return names;
  }

  private static Map<String, User> readUsers(Path file, ReadReport report) throws IOException {
    Map<String, User> users = new LinkedHashMap<>();
    Lines.forEach(
        file,
        0,
        report,
        (line, n) -> {
          String[] f = Lines.split(line, '|', 5);
          String id = Lines.requireId(f[0], "user_id");
          int age = (int) Lines.parseLong(f[1], "age");
          users.put(id, new User(id, age, f[2].trim(), f[3].trim(), f[4].trim()));
          report.recordEmitted();
        });
    return users;
  }

  private static Map<String, Item> readItems(Path file, List<String> genreNames, ReadReport report)
      throws IOException {
    Map<String, Item> items = new LinkedHashMap<>();
    int fields = 5 + genreNames.size();
    Lines.forEach(
        file,
        0,
        report,
        (line, n) -> {
          String[] f = Lines.split(line, '|', fields);
          String id = Lines.requireId(f[0], "movie_id");
          List<String> genres = new ArrayList<>();
          for (int g = 0; g < genreNames.size(); g++) {
            String flag = f[5 + g].trim();
            if (flag.equals("1")) {
              genres.add(genreNames.get(g));
            } else if (!flag.equals("0")) {
              throw new MalformedLineException("genre flag not 0/1");
            }
          }
          items.put(id, new Item(id, f[1], List.copyOf(genres), releaseYear(f[2])));
          report.recordEmitted();
        });
    return items;
  }

  private static List<BehaviorEvent> readRatings(Path file, ReadReport report) throws IOException {
    String name = file.getFileName().toString();
    List<BehaviorEvent> events = new ArrayList<>(100_000);
    Lines.forEach(
        file,
        0,
        report,
        (line, n) -> {
          String[] f = Lines.split(line, '\t', 4);
          String user = Lines.requireId(f[0], "user_id");
          String item = Lines.requireId(f[1], "item_id");
          double rating = Lines.parseDouble(f[2], "rating");
          if (rating < 1 || rating > 5) {
            throw new MalformedLineException("rating outside 1..5");
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
