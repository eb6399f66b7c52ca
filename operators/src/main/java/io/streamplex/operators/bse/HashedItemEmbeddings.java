package io.streamplex.operators.bse;

import com.dynatrace.hash4j.hashing.Hashing;
import io.streamplex.ctr.sdim.SeededGaussian;
import java.util.Set;

/**
 * Deterministic stand-in item embeddings for tests and the demo: each known item's vector is d
 * standard normal floats drawn from a seed that hashes (seed, version, item id) with XXH3. A new
 * version gives every item a new vector, as retraining would.
 *
 * <p>{@link #unbounded} knows every non-blank id; {@link #ofVocabulary} knows a fixed set, so the
 * unknown-item path can be exercised.
 */
public final class HashedItemEmbeddings implements ItemEmbeddings {

  private static final long serialVersionUID = 1L;

  private final long seed;
  private final long version;
  private final int dim;
  private final Set<String> vocabulary;

  private HashedItemEmbeddings(long seed, long version, int dim, Set<String> vocabulary) {
    if (dim < 1) {
      throw new IllegalArgumentException("embedding dim must be at least 1, got " + dim);
    }
    this.seed = seed;
    this.version = version;
    this.dim = dim;
    this.vocabulary = vocabulary;
  }

  public static HashedItemEmbeddings unbounded(long seed, long version, int dim) {
    return new HashedItemEmbeddings(seed, version, dim, null);
  }

  public static HashedItemEmbeddings ofVocabulary(
      long seed, long version, int dim, Set<String> vocabulary) {
    return new HashedItemEmbeddings(seed, version, dim, Set.copyOf(vocabulary));
  }

  /** The same items and seed under another model version. */
  public HashedItemEmbeddings withVersion(long newVersion) {
    return new HashedItemEmbeddings(seed, newVersion, dim, vocabulary);
  }

  @Override
  public long version() {
    return version;
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public boolean lookup(String itemId, float[] out, int off) {
    if (itemId == null || itemId.isBlank()) {
      return false;
    }
    if (vocabulary != null && !vocabulary.contains(itemId)) {
      return false;
    }
    long itemSeed = Hashing.xxh3_64(seed * 0x9E3779B97F4A7C15L + version).hashCharsToLong(itemId);
    new SeededGaussian(itemSeed).fill(out, off, dim);
    return true;
  }
}
