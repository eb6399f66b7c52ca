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

/** Dot products at embedding widths. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class DotBenchmark {

  @Param({"16", "64", "256"})
  int n;

  float[] a;
  float[] b;

  @Setup
  public void setup() {
    BenchData.requireVector();
    Random rnd = new Random(BenchData.SEED);
    a = BenchData.random(rnd, n);
    b = BenchData.random(rnd, n);
  }

  @Benchmark
  public float dotScalar() {
    return ScalarKernels.dot(a, 0, b, 0, n);
  }

  @Benchmark
  public float dotSimd() {
    return Kernels.dot(a, 0, b, 0, n);
  }
}
