package io.streamplex.embeddings.strategy;

/** How a field's lookups become its embedding. */
public enum Combine {
  /** Lookups side by side, in lookup order (Unified Embedding's chunks). */
  CONCAT,
  /** Element-wise sum (DoubleGraphHash). */
  SUM,
  /** Element-wise mean. */
  MEAN
}
