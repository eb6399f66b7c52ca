package io.streamplex.ctr.sdim;

import io.streamplex.embeddings.kernels.Kernels;
import java.util.Arrays;

/**
 * One user's SDIM bucket state: for each signature j in [0, m) and bucket b in [0, 2^τ), the sum
 * and the count of the behaviour embeddings whose signature j is b.
 *
 * <p>Layout: {@code sums} is m × 2^τ × d floats, row-major, the bucket (j, b) at offset {@code
 * (j·2^τ + b)·d}; {@code counts} is m × 2^τ ints in the same order. The arrays are the state itself
 * (the BSE operator stores them as they are), so {@link #wrap} does not copy.
 *
 * <p><b>Removal.</b> {@link #remove} subtracts, so a bucket's sum carries float rounding from the
 * behaviours that passed through it. When a bucket's count returns to 0 its sum is reset to exact
 * zeros, so a user whose window empties is exactly the empty state and rounding never outlives the
 * behaviours that caused it.
 */
public final class BucketAggregates {

  private final int numHashes;
  private final int buckets;
  private final int dim;
  private final float[] sums;
  private final int[] counts;

  private BucketAggregates(int numHashes, int buckets, int dim, float[] sums, int[] counts) {
    this.numHashes = numHashes;
    this.buckets = buckets;
    this.dim = dim;
    this.sums = sums;
    this.counts = counts;
  }

  /** The empty state for a projection's m and τ, and embedding width d. */
  public static BucketAggregates empty(SimHashProjection projection) {
    int cells = projection.numHashes() * projection.buckets();
    return new BucketAggregates(
        projection.numHashes(),
        projection.buckets(),
        projection.dim(),
        new float[cells * projection.dim()],
        new int[cells]);
  }

  /** Views existing arrays (e.g. read from keyed state) as aggregates, without copying. */
  public static BucketAggregates wrap(SimHashProjection projection, float[] sums, int[] counts) {
    int cells = projection.numHashes() * projection.buckets();
    if (counts.length != cells || sums.length != cells * projection.dim()) {
      throw new IllegalArgumentException(
          "bucket state has "
              + counts.length
              + " counts and "
              + sums.length
              + " sums, but "
              + projection
              + " needs "
              + cells
              + " and "
              + cells * projection.dim());
    }
    return new BucketAggregates(
        projection.numHashes(), projection.buckets(), projection.dim(), sums, counts);
  }

  /** Floats in the sums of one user: m·2^τ·d. */
  public static long floatsPerUser(int dim, int numHashes, int bits) {
    return (long) numHashes * (1L << bits) * dim;
  }

  public float[] sums() {
    return sums;
  }

  public int[] counts() {
    return counts;
  }

  public int count(int j, int bucket) {
    return counts[j * buckets + bucket];
  }

  /** Offset of bucket (j, b)'s sum in {@link #sums()}. */
  public int sumOffset(int j, int bucket) {
    return (j * buckets + bucket) * dim;
  }

  /** Behaviours currently aggregated (every behaviour is in exactly one bucket per signature). */
  public long size() {
    long n = 0;
    for (int b = 0; b < buckets; b++) {
      n += counts[b];
    }
    return n;
  }

  public boolean isEmpty() {
    return size() == 0;
  }

  /** Adds embedding {@code x[xOff .. xOff+d)} whose signatures are {@code sig[0 .. m)}. */
  public void add(float[] x, int xOff, int[] sig) {
    for (int j = 0; j < numHashes; j++) {
      int cell = j * buckets + sig[j];
      Kernels.axpy(1f, x, xOff, sums, cell * dim, dim);
      counts[cell]++;
    }
  }

  /**
   * Subtracts an embedding that was {@link #add added} earlier with the same signatures.
   *
   * @throws IllegalStateException if a bucket it names is already empty (it was never added)
   */
  public void remove(float[] x, int xOff, int[] sig) {
    for (int j = 0; j < numHashes; j++) {
      if (counts[j * buckets + sig[j]] == 0) {
        throw new IllegalStateException(
            "cannot remove a behaviour from empty bucket " + sig[j] + " of signature " + j);
      }
    }
    for (int j = 0; j < numHashes; j++) {
      int cell = j * buckets + sig[j];
      if (--counts[cell] == 0) {
        Arrays.fill(sums, cell * dim, (cell + 1) * dim, 0f);
      } else {
        Kernels.axpy(-1f, x, xOff, sums, cell * dim, dim);
      }
    }
  }

  public void clear() {
    Arrays.fill(sums, 0f);
    Arrays.fill(counts, 0);
  }

  /**
   * SDIM's interest vector for a candidate with signatures {@code sig}: for each j, gather bucket
   * (j, sig[j]), normalise it, and average the m results into {@code out[outOff .. outOff+d)}
   * (overwritten).
   *
   * <p>An empty bucket contributes a zero vector and still counts in the average over m (as in
   * FuxiCTR, where padded behaviours are masked out of the sum and the mean is over the m hashes),
   * so a candidate that matches no behaviour at all gets the zero vector. Cost O(m·d), independent
   * of how many behaviours were added.
   */
  public void interest(int[] sig, Normalisation normalisation, float[] out, int outOff) {
    Arrays.fill(out, outOff, outOff + dim, 0f);
    float perHash = 1f / numHashes;
    for (int j = 0; j < numHashes; j++) {
      int cell = j * buckets + sig[j];
      int count = counts[cell];
      if (count == 0) {
        continue;
      }
      float scale = scale(normalisation, sums, cell * dim, dim, count, perHash);
      Kernels.axpy(scale, sums, cell * dim, out, outOff, dim);
    }
  }

  /**
   * Backward pass of {@link #interest}: given g = ∂loss/∂interest, writes into {@code
   * bucketGrad[j·d .. (j+1)·d)} the gradient with respect to <em>each</em> behaviour embedding in
   * bucket (j, sig[j]). Every behaviour of that bucket receives the same vector, since the bucket
   * sum is linear in its members; a behaviour in several gathered buckets receives the sum of
   * theirs (see {@link #accumulateBehaviourGradients}). Signatures are piecewise constant, so no
   * gradient flows through the hash (as in SDIM and FuxiCTR). Empty buckets get zeros.
   *
   * <ul>
   *   <li>NONE: g/m.
   *   <li>COUNT: g/(m·c).
   *   <li>L2: (g − u⟨u, g⟩)/(m·‖s‖) with u = s/‖s‖, the Jacobian of s ↦ s/‖s‖ applied to g.
   * </ul>
   */
  public void interestBackward(
      int[] sig, Normalisation normalisation, float[] grad, int gradOff, float[] bucketGrad) {
    float perHash = 1f / numHashes;
    for (int j = 0; j < numHashes; j++) {
      int cell = j * buckets + sig[j];
      int count = counts[cell];
      int outOff = j * dim;
      Arrays.fill(bucketGrad, outOff, outOff + dim, 0f);
      if (count == 0) {
        continue;
      }
      cellGradient(
          normalisation, sums, cell * dim, dim, count, perHash, grad, gradOff, bucketGrad, outOff);
    }
  }

  /**
   * The factor a gathered bucket sum {@code sums[off .. off+d)} of {@code count} behaviours is
   * multiplied by in the average over m: perHash (= 1/m) times 1, 1/count or 1/‖sum‖ (0 for a zero
   * sum). Shared with the training path, which gathers only the candidate's buckets.
   */
  static float scale(
      Normalisation normalisation, float[] sums, int off, int dim, int count, float perHash) {
    return switch (normalisation) {
      case NONE -> perHash;
      case COUNT -> perHash / count;
      case L2 -> {
        float norm = (float) Math.sqrt(Kernels.dot(sums, off, sums, off, dim));
        yield norm > 0f ? perHash / norm : 0f;
      }
    };
  }

  /**
   * Adds to {@code out[outOff ..]} the gradient with respect to each member of a gathered bucket
   * (sum at {@code sums[off ..]}, count behaviours) given g = ∂loss/∂interest: the transpose of
   * {@link #scale}·sum. For L2 that is (g − u⟨u, g⟩)/(m·‖s‖) with u = s/‖s‖.
   */
  static void cellGradient(
      Normalisation normalisation,
      float[] sums,
      int off,
      int dim,
      int count,
      float perHash,
      float[] grad,
      int gradOff,
      float[] out,
      int outOff) {
    switch (normalisation) {
      case NONE -> Kernels.axpy(perHash, grad, gradOff, out, outOff, dim);
      case COUNT -> Kernels.axpy(perHash / count, grad, gradOff, out, outOff, dim);
      case L2 -> {
        float norm = (float) Math.sqrt(Kernels.dot(sums, off, sums, off, dim));
        if (norm > 0f) {
          // (g − s⟨s, g⟩/‖s‖²)/(m·‖s‖)
          float sg = Kernels.dot(sums, off, grad, gradOff, dim);
          Kernels.axpy(perHash / norm, grad, gradOff, out, outOff, dim);
          Kernels.axpy(-perHash * sg / (norm * norm * norm), sums, off, out, outOff, dim);
        }
      }
    }
  }

  /**
   * Scatters the {@link #interestBackward} bucket gradients to a sequence: for each behaviour i
   * (signatures {@code behaviourSigs[i·m .. (i+1)·m)}) and each j where its signature equals the
   * candidate's, adds {@code bucketGrad[j]} to {@code gradOut[i·d ..]}. This is the gradient into
   * the item embeddings of the behaviours, through the gathered sums.
   */
  public static void accumulateBehaviourGradients(
      int[] behaviourSigs,
      int length,
      int[] candidateSig,
      float[] bucketGrad,
      int dim,
      float[] gradOut) {
    int m = candidateSig.length;
    for (int i = 0; i < length; i++) {
      for (int j = 0; j < m; j++) {
        if (behaviourSigs[i * m + j] == candidateSig[j]) {
          Kernels.axpy(1f, bucketGrad, j * dim, gradOut, i * dim, dim);
        }
      }
    }
  }
}
