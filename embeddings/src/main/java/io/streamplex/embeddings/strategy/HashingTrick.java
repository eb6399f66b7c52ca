package io.streamplex.embeddings.strategy;

import io.streamplex.embeddings.hash.FeatureHasher;

/**
 * The hashing trick: one table per feature, row 0 missing, every other value at {@code 1 + hash mod
 * (rows − 1)} with the feature's salted hash.
 */
public final class HashingTrick extends SingleTableStrategy {

  private final FeatureHasher hasher;
  private final int buckets;

  public HashingTrick(String field, int rows, int dim, long seed) {
    super(field, new TableSpec(field, rows, dim));
    if (rows < 2) {
      throw new IllegalArgumentException(
          "field '" + field + "': hashing needs rows >= 2 (one missing row), got " + rows);
    }
    this.hasher = new FeatureHasher(field, 1, seed);
    this.buckets = rows - 1;
  }

  public long seed() {
    return hasher.seed();
  }

  @Override
  public String kind() {
    return "hashing";
  }

  @Override
  int row(String value) {
    return 1 + FeatureHasher.bucket(hasher.hash(0, value), buckets);
  }

  @Override
  int row(long value) {
    return 1 + FeatureHasher.bucket(hasher.hash(0, value), buckets);
  }
}
