package io.streamplex.embeddings.strategy;

/**
 * One row per vocabulary value: row 0 missing, row 1 out-of-vocabulary (values below the min-count
 * or never seen), row 2 + rank for the rest.
 */
public final class Collisionless extends SingleTableStrategy {

  public static final int OOV_ROW = 1;

  private final Vocabulary vocabulary;

  public Collisionless(String field, Vocabulary vocabulary, int dim) {
    super(field, new TableSpec(field, vocabulary.size() + 2, dim));
    this.vocabulary = vocabulary;
  }

  public Vocabulary vocabulary() {
    return vocabulary;
  }

  @Override
  public String kind() {
    return "collisionless";
  }

  @Override
  int row(String value) {
    int r = vocabulary.rank(value);
    return r < 0 ? OOV_ROW : 2 + r;
  }

  @Override
  int row(long value) {
    int r = vocabulary.rank(value);
    return r < 0 ? OOV_ROW : 2 + r;
  }
}
