package io.streamplex.embeddings.graph;

/** The two node sets of the user–item graph. */
public enum Side {
  USER,
  ITEM;

  public Side other() {
    return this == USER ? ITEM : USER;
  }
}
