package io.streamplex.operators.bse;

import java.io.Serializable;

/**
 * The item embeddings BSE hashes and sums. They must be the CTR model's own item table (papers.md
 * section 3: "BSE's item embeddings must stay in sync with the CTR model's table"), so they carry
 * the model version: bucket sums built from one version are rebuilt, never mixed, when it changes.
 */
public interface ItemEmbeddings extends Serializable {

  /** Version of the model artifact these embeddings belong to. */
  long version();

  /** Embedding width d. */
  int dim();

  /**
   * Writes the embedding of {@code itemId} to {@code out[off .. off+d)}.
   *
   * @return false, leaving {@code out} unspecified, when the item is unknown to this version
   */
  boolean lookup(String itemId, float[] out, int off);
}
