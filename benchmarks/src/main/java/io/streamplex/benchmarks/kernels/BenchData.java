package io.streamplex.benchmarks.kernels;

import io.streamplex.embeddings.kernels.Kernels;
import java.util.Random;

/** Seeded inputs shared by the kernel benchmarks. */
final class BenchData {

  static final long SEED = 42L;

  private BenchData() {}

  static float[] random(Random rnd, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = rnd.nextFloat() * 2f - 1f;
    }
    return a;
  }

  /**
   * The "Simd" benchmarks call {@link Kernels}; if it fell back to scalar loops they would measure
   * the wrong thing and report a speed-up of 1, so refuse to run instead.
   */
  static void requireVector() {
    if (!Kernels.vectorized()) {
      throw new IllegalStateException(
          "Kernels runs "
              + Kernels.implementation()
              + ": run with --add-modules=jdk.incubator.vector"
              + " and without -D"
              + Kernels.PROPERTY
              + "=scalar");
    }
  }

  /** Parses "64x256" into {64, 256}. */
  static int[] shape(String s) {
    String[] parts = s.split("x");
    int[] dims = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      dims[i] = Integer.parseInt(parts[i]);
    }
    return dims;
  }
}
