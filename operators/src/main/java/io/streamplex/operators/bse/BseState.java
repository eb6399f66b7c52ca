package io.streamplex.operators.bse;

/**
 * One user's BSE state, stored as one RocksDB value (a Flink POJO: public fields, no Kryo).
 *
 * <p>{@code sums} and {@code counts} are the {@link io.streamplex.ctr.sdim.BucketAggregates}
 * arrays. The ring holds the window's behaviours in arrival order, oldest first: {@code ringItems[0
 * .. ringSize)} with their event times; its capacity is N. It exists to subtract evicted behaviours
 * exactly and to rebuild the sums when the item-embedding version changes.
 */
public class BseState {

  /**
   * Bytes of the serialized state besides the array contents: the POJO serializer's flag byte, a
   * null flag per field (8), four array lengths (16), two ints (8) and two longs (16). Pinned
   * against Flink's serializer by {@code BseStateSizeTest}.
   */
  static final long FIXED_BYTES = 1 + 8 + 16 + 8 + 16;

  public float[] sums;
  public int[] counts;
  public String[] ringItems;
  public long[] ringTimes;
  public int ringSize;

  /** Version of the item embeddings the sums were built from. */
  public long embeddingVersion;

  /** The newest event time accepted for this user (the high-water mark the window is cut at). */
  public long newestTime;

  /** Evictions since the sums were last recomputed from the ring (see BseConfig.refreshEvery). */
  public int evictionsSinceRefresh;

  public BseState() {}

  BseState(int cells, int dim, int capacity, long embeddingVersion) {
    this.sums = new float[cells * dim];
    this.counts = new int[cells];
    this.ringItems = new String[capacity];
    this.ringTimes = new long[capacity];
    this.embeddingVersion = embeddingVersion;
    this.newestTime = Long.MIN_VALUE;
  }
}
