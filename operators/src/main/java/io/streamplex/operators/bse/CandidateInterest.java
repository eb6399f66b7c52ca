package io.streamplex.operators.bse;

/** One candidate's SDIM interest vector for an impression, for the scorer. */
public class CandidateInterest {
  public String requestId;
  public String userId;
  public int candidateIndex;
  public String itemId;

  /** False when the item embeddings do not know the candidate: {@link #interest} is then zeros. */
  public boolean candidateKnown;

  public float[] interest;

  /** Embedding version the user's sums were built from (equal to the candidate's). */
  public long embeddingVersion;

  /** Behaviours in the user's window when the request was scored. */
  public int windowSize;

  public CandidateInterest() {}
}
