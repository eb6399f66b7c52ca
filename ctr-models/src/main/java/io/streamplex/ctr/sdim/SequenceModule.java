package io.streamplex.ctr.sdim;

/** Which interest a model reads from the user's behaviour sequence, as one extra input field. */
public enum SequenceModule {
  /** No sequence field: the plain model. */
  NONE,
  /** The mean of the behaviour embeddings: candidate-blind. */
  MEAN,
  /**
   * DIN-style softmax attention of the candidate over the full sequence ({@link TargetAttention}).
   */
  TARGET_ATTENTION,
  /** SDIM: the candidate's SimHash buckets, gathered, normalised and averaged over m. */
  SDIM
}
