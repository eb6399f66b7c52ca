package io.streamplex.embeddings.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/** Reads MovieLens-100K in place from the shared datasets folder, as string records. */
final class MovieLens100k {

  private MovieLens100k() {}

  static Path dir() {
    Path d =
        Path.of(System.getProperty("streamplex.shared.dir", "../../shared"))
            .resolve("datasets/movielens-100k");
    Assumptions.assumeTrue(
        Files.isRegularFile(d.resolve("u.data")),
        "MovieLens-100K not found at " + d.toAbsolutePath() + ": skipping");
    return d;
  }

  /** One record per rating: user_id, item_id, gender, age, occupation, zip, genres, timestamp. */
  static List<Map<String, String>> records() throws IOException {
    Path d = dir();
    Map<String, String[]> users = new HashMap<>();
    for (String line : Files.readAllLines(d.resolve("u.user"), StandardCharsets.ISO_8859_1)) {
      String[] c = line.split("\\|");
      users.put(c[0], c);
    }
    Map<String, String> genres = new HashMap<>();
    for (String line : Files.readAllLines(d.resolve("u.item"), StandardCharsets.ISO_8859_1)) {
      String[] c = line.split("\\|", -1);
      List<String> g = new ArrayList<>();
      for (int k = 5; k < c.length; k++) {
        if (c[k].equals("1")) {
          g.add(Integer.toString(k - 5));
        }
      }
      genres.put(c[0], String.join("|", g));
    }
    List<Map<String, String>> out = new ArrayList<>();
    for (String line : Files.readAllLines(d.resolve("u.data"), StandardCharsets.US_ASCII)) {
      String[] c = line.split("\t");
      String[] u = users.get(c[0]);
      out.add(
          Map.of(
              "user_id", c[0],
              "item_id", c[1],
              "age", u[1],
              "gender", u[2],
              "occupation", u[3],
              "zip", u[4],
              "genres", genres.get(c[1]),
              "timestamp", c[3]));
    }
    return out;
  }
}
