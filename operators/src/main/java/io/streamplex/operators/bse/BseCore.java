package io.streamplex.operators.bse;

import com.dynatrace.hash4j.hashing.HashStream64;
import com.dynatrace.hash4j.hashing.Hashing;
import io.streamplex.ctr.sdim.BucketAggregates;
import io.streamplex.ctr.sdim.SdimEncoder;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * The BSE state transitions, free of Flink: add a behaviour (with window eviction), rebuild on an
 * embedding-version change, and compute a request's interest vectors from one read of the state.
 * The Flink functions only load and store {@link BseState} and count the {@link Outcome}s.
 *
 * <p><b>Rules for bad and awkward input</b> (each outcome has a metric, see {@link BseRuntime}):
 *
 * <ul>
 *   <li>Negative event time: {@link Outcome#NEGATIVE_TIMESTAMP}, no state change, dead letter.
 *   <li>Unknown item (the embeddings have no row for it): {@link Outcome#UNKNOWN_ITEM}, no state
 *       change, counted only (an unknown item is normal during a catalogue roll-out, not a bad
 *       record).
 *   <li>Out of order (event time before the user's newest accepted time): accepted, appended to the
 *       ring <em>by arrival</em>, {@link Outcome#ADDED_OUT_OF_ORDER}. The count window is over
 *       arrivals; the time window is over event times, so an accepted late behaviour leaves as soon
 *       as it is older than (newest − T), wherever it sits in the ring.
 *   <li>Too late for the time window (event time &lt; newest − T): {@link Outcome#LATE}, no state
 *       change, dead letter; adding it would evict it at once.
 * </ul>
 *
 * <p><b>Exactness of eviction.</b> Counts and the ring are exact. Sums are maintained by adding and
 * subtracting floats, so they carry rounding (a bucket whose count reaches 0 is reset to exact
 * zeros); every {@link BseConfig#refreshEvery} evictions they are recomputed from the ring, which
 * bounds the rounding to what one window of updates can accumulate.
 *
 * <p>Not thread-safe (it reuses scratch buffers); each parallel function instance has its own copy
 * after Flink deserialises it.
 */
public final class BseCore implements Serializable {

  private static final long serialVersionUID = 1L;

  /** What {@link #add} did with a behaviour. */
  public enum Outcome {
    ADDED,
    ADDED_OUT_OF_ORDER,
    UNKNOWN_ITEM,
    NEGATIVE_TIMESTAMP,
    LATE;

    public boolean changedState() {
      return this == ADDED || this == ADDED_OUT_OF_ORDER;
    }
  }

  private final BseConfig config;
  private final ItemEmbeddings embeddings;
  private final SdimEncoder encoder;
  private transient SdimEncoder.Workspace workspace;
  private transient float[] embedding;
  private transient int lastEvicted;

  public BseCore(BseConfig config, ItemEmbeddings embeddings) {
    if (embeddings.dim() != config.dim()) {
      throw new IllegalArgumentException(
          "item embeddings have d = "
              + embeddings.dim()
              + " but the BSE config says d = "
              + config.dim());
    }
    this.config = config;
    this.embeddings = embeddings;
    this.encoder = config.encoder();
  }

  public BseConfig config() {
    return config;
  }

  public ItemEmbeddings embeddings() {
    return embeddings;
  }

  public SdimEncoder encoder() {
    return encoder;
  }

  private void ensureScratch() {
    if (workspace == null) {
      workspace = encoder.workspace();
      embedding = new float[config.dim()];
    }
  }

  /** An empty state built for the current embedding version. */
  public BseState newState() {
    return new BseState(
        config.numHashes() << config.bits(),
        config.dim(),
        config.windowCount(),
        embeddings.version());
  }

  public BucketAggregates aggregates(BseState s) {
    return BucketAggregates.wrap(encoder.projection(), s.sums, s.counts);
  }

  public boolean isStale(BseState s) {
    return s.embeddingVersion != embeddings.version();
  }

  /** Behaviours evicted by the last {@link #add}. */
  public int lastEvicted() {
    return lastEvicted;
  }

  /** Applies one behaviour to a state of the current version (call {@link #rebuild} first). */
  public Outcome add(BseState s, String itemId, long time) {
    ensureScratch();
    lastEvicted = 0;
    if (time < 0) {
      return Outcome.NEGATIVE_TIMESTAMP;
    }
    long window = config.window().toMillis();
    if (window > 0 && s.newestTime != Long.MIN_VALUE && time < s.newestTime - window) {
      return Outcome.LATE;
    }
    if (!embeddings.lookup(itemId, embedding, 0)) {
      return Outcome.UNKNOWN_ITEM;
    }
    Outcome outcome = time < s.newestTime ? Outcome.ADDED_OUT_OF_ORDER : Outcome.ADDED;
    BucketAggregates agg = aggregates(s);
    if (s.ringSize == s.ringItems.length) {
      subtract(agg, s.ringItems[0]);
      removeAt(s, 0);
      lastEvicted++;
      // the lookup buffer was reused by subtract: fetch the new behaviour's row again
      embeddings.lookup(itemId, embedding, 0);
    }
    encoder.add(agg, embedding, 0, workspace);
    s.ringItems[s.ringSize] = itemId;
    s.ringTimes[s.ringSize] = time;
    s.ringSize++;
    s.newestTime = Math.max(s.newestTime, time);
    if (window > 0) {
      long cut = s.newestTime - window;
      int kept = 0;
      for (int i = 0; i < s.ringSize; i++) {
        if (s.ringTimes[i] < cut) {
          subtract(agg, s.ringItems[i]);
          lastEvicted++;
        } else {
          s.ringItems[kept] = s.ringItems[i];
          s.ringTimes[kept] = s.ringTimes[i];
          kept++;
        }
      }
      Arrays.fill(s.ringItems, kept, s.ringSize, null);
      s.ringSize = kept;
    }
    s.evictionsSinceRefresh += lastEvicted;
    if (config.refreshEvery() > 0 && s.evictionsSinceRefresh >= config.refreshEvery()) {
      // same version: recomputes the sums from the ring, dropping accumulated rounding
      rebuild(s);
    }
    return outcome;
  }

  private void subtract(BucketAggregates agg, String itemId) {
    if (!embeddings.lookup(itemId, embedding, 0)) {
      // rebuild() drops items the current version does not know, so this is a broken invariant
      throw new IllegalStateException(
          "item "
              + itemId
              + " in the BSE ring is unknown to embedding version "
              + embeddings.version());
    }
    encoder.remove(agg, embedding, 0, workspace);
  }

  private static void removeAt(BseState s, int i) {
    System.arraycopy(s.ringItems, i + 1, s.ringItems, i, s.ringSize - i - 1);
    System.arraycopy(s.ringTimes, i + 1, s.ringTimes, i, s.ringSize - i - 1);
    s.ringSize--;
    s.ringItems[s.ringSize] = null;
  }

  /**
   * Rebuilds the sums from the ring with the current embeddings: the old version's sums are
   * discarded, never mixed. Ring items the new version does not know are dropped from the ring.
   *
   * @return how many ring items were dropped
   */
  public int rebuild(BseState s) {
    ensureScratch();
    int cells = config.numHashes() << config.bits();
    if (s.counts == null
        || s.counts.length != cells
        || s.ringItems.length != config.windowCount()) {
      throw new IllegalStateException(
          "BSE state shape does not match the config (m, τ, d or N changed): rebuild needs the"
              + " same shape; start from empty state for a new shape");
    }
    BucketAggregates agg = aggregates(s);
    agg.clear();
    int kept = 0;
    for (int i = 0; i < s.ringSize; i++) {
      if (embeddings.lookup(s.ringItems[i], embedding, 0)) {
        encoder.add(agg, embedding, 0, workspace);
        s.ringItems[kept] = s.ringItems[i];
        s.ringTimes[kept] = s.ringTimes[i];
        kept++;
      }
    }
    int dropped = s.ringSize - kept;
    Arrays.fill(s.ringItems, kept, s.ringSize, null);
    s.ringSize = kept;
    s.embeddingVersion = embeddings.version();
    s.evictionsSinceRefresh = 0;
    return dropped;
  }

  /**
   * Interest vectors of a request's candidates from one read of the user's state: row i of {@code
   * out} (candidates × d) is candidate i's SDIM interest; an unknown candidate gets zeros and
   * {@code known[i] = false}. A null state (a user with no behaviours) gives zeros for everyone.
   */
  public void interests(BseState s, List<String> candidateItems, float[] out, boolean[] known) {
    ensureScratch();
    int d = config.dim();
    BucketAggregates agg = s == null ? null : aggregates(s);
    for (int i = 0; i < candidateItems.size(); i++) {
      known[i] = embeddings.lookup(candidateItems.get(i), embedding, 0);
      if (known[i] && agg != null) {
        encoder.interest(agg, embedding, 0, workspace, out, i * d);
      } else {
        Arrays.fill(out, i * d, (i + 1) * d, 0f);
      }
    }
  }

  /** A digest of everything in the state, for comparing runs. */
  public static long checksum(BseState s) {
    HashStream64 h = Hashing.xxh3_64().hashStream();
    for (float v : s.sums) {
      h.putInt(Float.floatToRawIntBits(v));
    }
    for (int c : s.counts) {
      h.putInt(c);
    }
    for (int i = 0; i < s.ringSize; i++) {
      h.putString(s.ringItems[i]).putLong(s.ringTimes[i]);
    }
    return h.putInt(s.ringSize)
        .putInt(s.evictionsSinceRefresh)
        .putLong(s.embeddingVersion)
        .putLong(s.newestTime)
        .getAsLong();
  }
}
