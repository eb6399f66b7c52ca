package io.streamplex.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of datasets by name: {@code movielens-100k}, {@code movielens-latest-small}, {@code
 * taobao}, {@code criteo-10k}, {@code avazu-10k}, {@code frappe}, and {@code synthetic} (the
 * default {@link SyntheticGenerator.Config}, seed {@value SyntheticGenerator#DEFAULT_SEED}). An
 * unknown name is an error that lists the known ones.
 */
public final class Datasets {
  private Datasets() {}

  private static final Map<String, DatasetSource> SOURCES = new LinkedHashMap<>();

  static {
    add(
        new DatasetSource(
            MovieLens100k.NAME,
            "movielens-100k",
            "MovieLens 100K: 100,000 ratings, user and item features; CTR view 72,855 examples",
            dir -> MovieLens100k.read(dir).events(),
            dir -> MovieLens100k.read(dir).ctr()));
    add(
        new DatasetSource(
            MovieLensLatestSmall.NAME,
            "movielens-latest-small",
            "MovieLens latest-small: 100,836 half-star ratings, long user histories, genres",
            dir -> MovieLensLatestSmall.read(dir).events(),
            dir -> MovieLensLatestSmall.read(dir).ctr()));
    add(
        new DatasetSource(
            Taobao.NAME,
            "taobao-userbehavior-samples",
            "Taobao user behaviour samples: 114,621 pv/cart/fav/buy events",
            dir -> Taobao.read(dir).events(),
            null));
    add(
        new DatasetSource(
            Criteo.NAME,
            "criteo-kaggle-dac-first10k",
            "Criteo DAC first 10,000 rows: 13 numeric + 26 categorical fields, 21.8% clicks",
            null,
            Criteo::read));
    add(
        new DatasetSource(
            Avazu.NAME,
            "avazu-ctr-first10k",
            "Avazu first 9,999 rows: 22 categorical fields + hour of day, 17.1% clicks",
            null,
            Avazu::read));
    add(
        new DatasetSource(
            Frappe.NAME,
            "frappe-afn-split-partial",
            "Frappe (AFN split) valid + test: 10 one-hot fields, 1:2 positives",
            null,
            Frappe::read));
    add(synthetic(SyntheticGenerator.Config.defaults(SyntheticGenerator.DEFAULT_SEED)));
  }

  /** A registry entry for generated data of {@code config}; needs no datasets folder. */
  public static DatasetSource synthetic(SyntheticGenerator.Config config) {
    return new DatasetSource(
        SyntheticGenerator.NAME,
        null,
        "synthetic: planted interests, long sequences, known click probability (seed "
            + config.seed()
            + ")",
        dir -> SyntheticGenerator.generate(config).events(),
        dir -> SyntheticGenerator.generate(config).ctr());
  }

  private static void add(DatasetSource s) {
    SOURCES.put(s.name(), s);
  }

  /** Known names, in registry order. */
  public static List<String> names() {
    return List.copyOf(SOURCES.keySet());
  }

  /**
   * The dataset named {@code name}.
   *
   * @throws IllegalArgumentException naming the unknown name and listing the known ones
   */
  public static DatasetSource get(String name) {
    DatasetSource s = SOURCES.get(name);
    if (s == null) {
      throw new IllegalArgumentException(
          "unknown dataset '" + name + "'; known datasets: " + String.join(", ", names()));
    }
    return s;
  }
}
