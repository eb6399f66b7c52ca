package io.streamplex.embeddings.strategy;

import io.streamplex.embeddings.hash.FeatureHasher;

/**
 * The frequency baseline of GraphHash: the {@code K} most frequent values get rows 1…K of their
 * own, the rest share the remaining rows by salted hash; row 0 is missing.
 */
public final class FrequencyHashing extends SingleTableStrategy {

  private final Vocabulary frequent;
  private final FeatureHasher hasher;
  private final int hashedBuckets;

  /**
   * @param frequent the values that get their own rows, in rank order (e.g. {@code
   *     vocabulary.top(k)})
   */
  public FrequencyHashing(String field, Vocabulary frequent, int rows, int dim, long seed) {
    super(field, new TableSpec(field, rows, dim));
    if (rows < frequent.size() + 2) {
      throw new IllegalArgumentException(
          "field '"
              + field
              + "': frequency needs rows >= frequent values + 2 (missing row and at least one"
              + " hashed row), got rows="
              + rows
              + " frequent="
              + frequent.size());
    }
    this.frequent = frequent;
    this.hasher = new FeatureHasher(field, 1, seed);
    this.hashedBuckets = rows - 1 - frequent.size();
  }

  /** Gives the most frequent {@code cutoff} share of {@code rows} their own rows. */
  public static FrequencyHashing withCutoff(
      String field, Vocabulary vocabulary, int rows, double cutoff, int dim, long seed) {
    int k = Math.min(vocabulary.size(), Math.min(rows - 2, (int) Math.floor(rows * cutoff)));
    return new FrequencyHashing(field, vocabulary.top(Math.max(0, k)), rows, dim, seed);
  }

  public Vocabulary frequent() {
    return frequent;
  }

  public long seed() {
    return hasher.seed();
  }

  @Override
  public String kind() {
    return "frequency";
  }

  @Override
  int row(String value) {
    int r = frequent.rank(value);
    return r >= 0 ? 1 + r : hashedRow(hasher.hash(0, value));
  }

  @Override
  int row(long value) {
    int r = frequent.rank(value);
    return r >= 0 ? 1 + r : hashedRow(hasher.hash(0, value));
  }

  private int hashedRow(long hash) {
    return 1 + frequent.size() + FeatureHasher.bucket(hash, hashedBuckets);
  }
}
