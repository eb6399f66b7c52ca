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

/** Layer norm with gain and bias at an attention width, and ReLU over a hidden layer. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class LayerNormBenchmark {

  @Param({"64"})
  int n;

  float[] x;
  float[] gamma;
  float[] beta;
  float[] out;

  @Setup
  public void setup() {
    BenchData.requireVector();
    Random rnd = new Random(BenchData.SEED);
    x = BenchData.random(rnd, n);
    gamma = BenchData.random(rnd, n);
    beta = BenchData.random(rnd, n);
    out = new float[n];
  }

  @Benchmark
  public float[] layerNormScalar() {
    ScalarKernels.layerNorm(x, 0, n, gamma, beta, 1e-5f, out, 0);
    return out;
  }

  @Benchmark
  public float[] layerNormSimd() {
    Kernels.layerNorm(x, 0, n, gamma, beta, 1e-5f, out, 0);
    return out;
  }

  /**
   * ReLU is in place, so each call first copies the mixed-sign input into out (the same copy in
   * both variants; the ratio therefore understates the kernel's own speed-up).
   */
  @Benchmark
  public float[] reluScalar() {
    System.arraycopy(x, 0, out, 0, n);
    ScalarKernels.relu(out, 0, n);
    return out;
  }

  @Benchmark
  public float[] reluSimd() {
    System.arraycopy(x, 0, out, 0, n);
    Kernels.relu(out, 0, n);
    return out;
  }
}
