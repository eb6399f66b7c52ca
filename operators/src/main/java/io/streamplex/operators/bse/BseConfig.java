package io.streamplex.operators.bse;

import io.streamplex.ctr.models.ModelConfig;
import io.streamplex.ctr.sdim.BucketAggregates;
import io.streamplex.ctr.sdim.Normalisation;
import io.streamplex.ctr.sdim.SdimEncoder;
import io.streamplex.ctr.sdim.SequenceModule;
import io.streamplex.ctr.sdim.SimHashProjection;
import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of the BSE operator. m, τ, the seed and d define R and must equal the scorer's (they
 * travel in the model artifact).
 *
 * @param dim d, the item embedding width
 * @param numHashes m
 * @param bits τ
 * @param seed seed of R
 * @param normalisation of a gathered bucket
 * @param windowCount N: the ring keeps at most the N newest arrivals; older ones are subtracted
 * @param window T: when positive, behaviours older than (the user's newest event time − T) are also
 *     subtracted; {@link Duration#ZERO} disables the time window
 * @param ttl idle users' state expires this long after its last write (processing time); {@link
 *     Duration#ZERO} keeps state forever
 * @param refreshEvery after this many evictions the sums are recomputed from the ring, so the float
 *     rounding of repeated add-and-subtract never accumulates beyond one window's worth (0: never).
 *     At N this costs one extra add per behaviour, amortised
 */
public record BseConfig(
    int dim,
    int numHashes,
    int bits,
    long seed,
    Normalisation normalisation,
    int windowCount,
    Duration window,
    Duration ttl,
    int refreshEvery)
    implements Serializable {

  public BseConfig {
    if (windowCount < 1) {
      throw new IllegalArgumentException(
          "BSE windowCount N must be at least 1, got " + windowCount);
    }
    if (window == null || window.isNegative()) {
      throw new IllegalArgumentException("BSE time window T must be zero or positive: " + window);
    }
    if (ttl == null || ttl.isNegative()) {
      throw new IllegalArgumentException("BSE state TTL must be zero or positive: " + ttl);
    }
    if (refreshEvery < 0) {
      throw new IllegalArgumentException("BSE refreshEvery must be >= 0, got " + refreshEvery);
    }
    if (normalisation == null) {
      throw new IllegalArgumentException("BSE normalisation must be set");
    }
    // validates d, m and τ with named errors
    new SimHashProjection(dim, numHashes, bits, seed);
  }

  /**
   * A count-windowed setting with count normalisation (the bucket mean, the models' default), no
   * time window, no TTL, and a refresh from the ring once per N evictions.
   */
  public static BseConfig of(int dim, int numHashes, int bits, long seed, int windowCount) {
    return new BseConfig(
        dim,
        numHashes,
        bits,
        seed,
        Normalisation.COUNT,
        windowCount,
        Duration.ZERO,
        Duration.ZERO,
        windowCount);
  }

  /**
   * The setting that matches a trained model's SDIM field: m, τ, the seed of R and the
   * normalisation come from its config, so the BSE state gives the interest the model was trained
   * on. Count-windowed to the model's L, as {@link #of}.
   *
   * @param dim the width of the model's item embeddings
   */
  public static BseConfig forModel(ModelConfig.Sequence sequence, int dim) {
    if (sequence.module != SequenceModule.SDIM) {
      throw new IllegalArgumentException(
          "BSE serves an SDIM sequence field; this model's sequence module is " + sequence.module);
    }
    return of(dim, sequence.m, sequence.tau, sequence.hashSeed, sequence.length)
        .withNormalisation(sequence.normalisation);
  }

  public BseConfig withNormalisation(Normalisation newNormalisation) {
    return new BseConfig(
        dim, numHashes, bits, seed, newNormalisation, windowCount, window, ttl, refreshEvery);
  }

  public BseConfig withWindow(Duration newWindow) {
    return new BseConfig(
        dim, numHashes, bits, seed, normalisation, windowCount, newWindow, ttl, refreshEvery);
  }

  public BseConfig withTtl(Duration newTtl) {
    return new BseConfig(
        dim, numHashes, bits, seed, normalisation, windowCount, window, newTtl, refreshEvery);
  }

  public BseConfig withRefreshEvery(int evictions) {
    return new BseConfig(
        dim, numHashes, bits, seed, normalisation, windowCount, window, ttl, evictions);
  }

  public SdimEncoder encoder() {
    return new SdimEncoder(new SimHashProjection(dim, numHashes, bits, seed), normalisation);
  }

  /**
   * Serialized bytes of one user's state when the ring is full, with item ids of {@code idBytes}
   * ASCII characters each: the sums (4·m·2^τ·d), the counts (4·m·2^τ), the ring (N ids, each with
   * its length, plus N 8-byte times) and the fixed fields. Exact for Flink's POJO serializer of
   * {@link BseState} (pinned by a test); RocksDB adds its per-key overhead on top.
   */
  public long stateBytes(int idBytes) {
    long cells = (long) numHashes << bits;
    long sums = 4 * BucketAggregates.floatsPerUser(dim, numHashes, bits);
    long counts = 4 * cells;
    // a String in a String[]: its length + 1 as a var-int (1 byte under 127 chars) + 1 byte per
    // ASCII char; null is a 0 length, so there is no separate null flag
    long ring = (long) windowCount * (1 + idBytes) + 8L * windowCount;
    return sums + counts + ring + BseState.FIXED_BYTES;
  }
}
