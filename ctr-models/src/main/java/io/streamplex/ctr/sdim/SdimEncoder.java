package io.streamplex.ctr.sdim;

import java.io.Serializable;

/**
 * SDIM (Cao et al., CIKM 2022): long-sequence user interest by hashing instead of attention.
 *
 * <p>Behaviours are hashed once, when they arrive, and summed into {@link BucketAggregates}; a
 * candidate is hashed and its m buckets gathered, normalised and averaged. Per-candidate cost is
 * O(m·τ·d + m·d), independent of the sequence length. This class holds the two settings both sides
 * must agree on (the projection R and the normalisation) and is safe to share between threads;
 * per-thread scratch lives in a {@link Workspace}.
 */
public final class SdimEncoder implements Serializable {

  private static final long serialVersionUID = 1L;

  private final SimHashProjection projection;
  private final Normalisation normalisation;

  public SdimEncoder(SimHashProjection projection, Normalisation normalisation) {
    if (projection == null || normalisation == null) {
      throw new IllegalArgumentException("SdimEncoder needs a projection and a normalisation");
    }
    this.projection = projection;
    this.normalisation = normalisation;
  }

  public SimHashProjection projection() {
    return projection;
  }

  public Normalisation normalisation() {
    return normalisation;
  }

  public int dim() {
    return projection.dim();
  }

  /** Scratch buffers for one thread: the m·τ projections and the m signatures. */
  public static final class Workspace {
    final float[] projections;
    final int[] signatures;

    Workspace(SimHashProjection p) {
      projections = new float[p.projectionLength()];
      signatures = new int[p.numHashes()];
    }

    /** The signatures computed by the last call that used this workspace. */
    public int[] signatures() {
      return signatures;
    }
  }

  public Workspace workspace() {
    return new Workspace(projection);
  }

  public BucketAggregates emptyAggregates() {
    return BucketAggregates.empty(projection);
  }

  /** Hashes one behaviour embedding and adds it to the user's buckets. */
  public void add(BucketAggregates state, float[] x, int xOff, Workspace ws) {
    projection.signatures(x, xOff, ws.projections, ws.signatures);
    state.add(x, xOff, ws.signatures);
  }

  /** Hashes one behaviour embedding and removes it (window eviction). */
  public void remove(BucketAggregates state, float[] x, int xOff, Workspace ws) {
    projection.signatures(x, xOff, ws.projections, ws.signatures);
    state.remove(x, xOff, ws.signatures);
  }

  /** Interest vector of one candidate {@code c[cOff .. cOff+d)} into {@code out[outOff ..]}. */
  public void interest(
      BucketAggregates state, float[] c, int cOff, Workspace ws, float[] out, int outOff) {
    projection.signatures(c, cOff, ws.projections, ws.signatures);
    state.interest(ws.signatures, normalisation, out, outOff);
  }

  /**
   * Interest vectors of {@code count} candidates stored row-major in {@code candidates} (count × d)
   * into {@code out} (count × d), reading the user's state once for the whole request.
   */
  public void interestAll(
      BucketAggregates state, float[] candidates, int count, Workspace ws, float[] out) {
    int d = projection.dim();
    for (int i = 0; i < count; i++) {
      interest(state, candidates, i * d, ws, out, i * d);
    }
  }
}
