package io.streamplex.benchmarks.kernels;

import io.streamplex.embeddings.kernels.Kernels;
import io.streamplex.embeddings.kernels.ScalarKernels;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** y += alpha·x, the inner step of sparse embedding-row updates. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class AxpyBenchmark {

  @Param({"64", "256"})
  int n;

  float[] x;
  float[] y;

  // tiny alpha: y drifts by at most ~1e-7 per call, so billions of calls stay finite
  final float alpha = 1e-7f;

  @Setup
  public void setup() {
    BenchData.requireVector();
    Random rnd = new Random(BenchData.SEED);
    x = BenchData.random(rnd, n);
    y = BenchData.random(rnd, n);
  }

  @Benchmark
  public float[] axpyScalar() {
    ScalarKernels.axpy(alpha, x, 0, y, 0, n);
    return y;
  }

  @Benchmark
  public float[] axpySimd() {
    Kernels.axpy(alpha, x, 0, y, 0, n);
    return y;
  }
}
