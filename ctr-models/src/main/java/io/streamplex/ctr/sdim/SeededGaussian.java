package io.streamplex.ctr.sdim;

/**
 * A stream of standard normal floats that depends on the seed alone, on every JDK and platform.
 *
 * <p>{@link java.util.Random#nextGaussian} and {@code RandomGenerator.nextGaussian} are not
 * specified bit for bit across JDK versions, and the SimHash projection must be identical in every
 * operator, after every restart and in every model version. So the uniform source is SplitMix64
 * (fully specified integer arithmetic) and the normal transform is Box–Muller on {@link StrictMath}
 * (whose results are fixed by the fdlibm algorithms).
 */
public final class SeededGaussian {

  private long state;
  private double spare;
  private boolean hasSpare;

  public SeededGaussian(long seed) {
    this.state = seed;
  }

  /** The SplitMix64 step (Steele, Lea, Flood 2014). */
  public long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in (0, 1]: never 0, so the logarithm below is finite. */
  private double nextOpenUnit() {
    return ((nextLong() >>> 11) + 1) * 0x1.0p-53;
  }

  public double nextGaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    double r = StrictMath.sqrt(-2.0 * StrictMath.log(nextOpenUnit()));
    double theta = 2.0 * StrictMath.PI * nextOpenUnit();
    spare = r * StrictMath.sin(theta);
    hasSpare = true;
    return r * StrictMath.cos(theta);
  }

  /** Fills {@code out[off .. off+n)} with standard normal floats. */
  public void fill(float[] out, int off, int n) {
    for (int i = 0; i < n; i++) {
      out[off + i] = (float) nextGaussian();
    }
  }
}
