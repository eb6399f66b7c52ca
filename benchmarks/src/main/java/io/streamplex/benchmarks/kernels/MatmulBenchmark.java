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

/**
 * A batch of m examples through a k → n dense layer: forward as A·B (matmul) or A·Wᵀ (matmulTransB,
 * W stored n × k like a linear layer), and the weight gradient δᵀ·X (matmulTransA).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class MatmulBenchmark {

  @Param({"256x400x400"})
  String shape;

  int m;
  int k;
  int n;
  float[] a;
  float[] b;
  float[] bt;
  float[] at;
  float[] c;

  @Setup
  public void setup() {
    BenchData.requireVector();
    int[] d = BenchData.shape(shape);
    m = d[0];
    k = d[1];
    n = d[2];
    Random rnd = new Random(BenchData.SEED);
    a = BenchData.random(rnd, m * k);
    b = BenchData.random(rnd, k * n);
    bt = BenchData.random(rnd, n * k);
    at = BenchData.random(rnd, k * m);
    c = new float[m * n];
  }

  @Benchmark
  public float[] matmulScalar() {
    ScalarKernels.matmul(a, b, c, m, k, n);
    return c;
  }

  @Benchmark
  public float[] matmulSimd() {
    Kernels.matmul(a, b, c, m, k, n);
    return c;
  }

  @Benchmark
  public float[] matmulTransBScalar() {
    ScalarKernels.matmulTransB(a, bt, c, m, k, n);
    return c;
  }

  @Benchmark
  public float[] matmulTransBSimd() {
    Kernels.matmulTransB(a, bt, c, m, k, n);
    return c;
  }

  @Benchmark
  public float[] matmulTransAScalar() {
    ScalarKernels.matmulTransA(at, b, c, m, k, n);
    return c;
  }

  @Benchmark
  public float[] matmulTransASimd() {
    Kernels.matmulTransA(at, b, c, m, k, n);
    return c;
  }
}
