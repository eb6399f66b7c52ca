package io.streamplex.ctr.sdim;

import io.streamplex.embeddings.kernels.Kernels;
import java.io.Serializable;
import java.util.Arrays;

/**
 * SDIM's fixed, non-trainable SimHash projection R of shape d × m × τ (papers.md section 3), drawn
 * from a seed.
 *
 * <p>For an embedding x, bit (j, b) is 1 when ⟨x, R[:, j, b]⟩ &gt; 0 and signature j is Σ_b bit(j,
 * b)·2^b, a bucket in [0, 2^τ). A projection of exactly 0 gives bit 0.
 *
 * <p>R is stored as m·τ rows of d floats, row {@code j·τ + b} being the hyperplane R[:, j, b], so
 * the m·τ projections of one embedding are a single {@link Kernels#matvec}. The values are drawn
 * row by row from {@link SeededGaussian}, so R depends on (d, m, τ, seed) only; the BSE operator
 * and the scorer rebuild the same R from those four numbers, which travel in the model artifact.
 * Java serialisation carries the four numbers only and redraws R on read.
 */
public final class SimHashProjection implements Serializable {

  private static final long serialVersionUID = 1L;

  /** 2^τ must fit an int signature and the bucket table stays small: τ ≤ 16. */
  public static final int MAX_BITS = 16;

  private final int dim;
  private final int numHashes;
  private final int bits;
  private final long seed;
  private transient float[] rows;

  /**
   * @param dim d, the embedding width
   * @param numHashes m, the number of signatures (FuxiCTR's {@code num_hashes})
   * @param bits τ, bits per signature (FuxiCTR's {@code hash_bits}), 1 ≤ τ ≤ {@value #MAX_BITS}
   * @param seed the seed R is drawn from
   */
  public SimHashProjection(int dim, int numHashes, int bits, long seed) {
    if (dim < 1) {
      throw new IllegalArgumentException("SimHash dim d must be at least 1, got " + dim);
    }
    if (numHashes < 1) {
      throw new IllegalArgumentException(
          "SimHash numHashes m must be at least 1, got " + numHashes);
    }
    if (bits < 1 || bits > MAX_BITS) {
      throw new IllegalArgumentException(
          "SimHash bits τ must be in [1, " + MAX_BITS + "], got " + bits);
    }
    this.dim = dim;
    this.numHashes = numHashes;
    this.bits = bits;
    this.seed = seed;
    this.rows = draw(dim, numHashes, bits, seed);
  }

  private static float[] draw(int dim, int numHashes, int bits, long seed) {
    float[] r = new float[numHashes * bits * dim];
    new SeededGaussian(seed).fill(r, 0, r.length);
    return r;
  }

  public int dim() {
    return dim;
  }

  public int numHashes() {
    return numHashes;
  }

  public int bits() {
    return bits;
  }

  public long seed() {
    return seed;
  }

  /** 2^τ, the buckets per signature. */
  public int buckets() {
    return 1 << bits;
  }

  /** m·τ: the length of the projection buffer {@link #signatures} needs. */
  public int projectionLength() {
    return numHashes * bits;
  }

  /** R[i, j, b], i.e. component i of hyperplane (j, b). */
  public float r(int i, int j, int b) {
    return rows[(j * bits + b) * dim + i];
  }

  /**
   * Writes the m signatures of {@code x[xOff .. xOff+d)} into {@code sigOut[0 .. m)}, using {@code
   * projection[0 .. m·τ)} as scratch. Allocates nothing.
   */
  public void signatures(float[] x, int xOff, float[] projection, int[] sigOut) {
    Kernels.matvec(rows, 0, numHashes * bits, dim, x, xOff, projection, 0);
    for (int j = 0; j < numHashes; j++) {
      int sig = 0;
      int base = j * bits;
      for (int b = 0; b < bits; b++) {
        if (projection[base + b] > 0f) {
          sig |= 1 << b;
        }
      }
      sigOut[j] = sig;
    }
  }

  /** Convenience form of {@link #signatures(float[], int, float[], int[])} that allocates. */
  public int[] signatures(float[] x) {
    if (x.length != dim) {
      throw new IllegalArgumentException(
          "embedding has " + x.length + " components, the projection expects d = " + dim);
    }
    int[] sig = new int[numHashes];
    signatures(x, 0, new float[projectionLength()], sig);
    return sig;
  }

  private void readObject(java.io.ObjectInputStream in)
      throws java.io.IOException, ClassNotFoundException {
    in.defaultReadObject();
    rows = draw(dim, numHashes, bits, seed);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SimHashProjection p
        && p.dim == dim
        && p.numHashes == numHashes
        && p.bits == bits
        && p.seed == seed;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new long[] {dim, numHashes, bits, seed});
  }

  @Override
  public String toString() {
    return "SimHashProjection[d="
        + dim
        + ", m="
        + numHashes
        + ", τ="
        + bits
        + ", seed="
        + seed
        + "]";
  }
}
