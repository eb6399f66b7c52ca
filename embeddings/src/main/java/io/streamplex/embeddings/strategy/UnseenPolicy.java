package io.streamplex.embeddings.strategy;

import java.util.Locale;

/** Where GraphHash sends an ID the clustering never saw. */
public enum UnseenPolicy {
  /** A salted hash into the cluster rows: the same hash DoubleGraphHash adds. */
  HASH,
  /** One reserved out-of-vocabulary row per side, after the cluster rows. */
  OOV,
  /**
   * The cluster most common among the ID's first k counterparts, once they are given ({@link
   * GraphHash#assignFromNeighbours}); until then, the hash fallback.
   */
  NEIGHBOURS;

  public static UnseenPolicy parse(String s) {
    return valueOf(s.trim().toUpperCase(Locale.ROOT));
  }
}
