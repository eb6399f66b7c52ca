package io.streamplex.benchmarks.kernels;

import io.streamplex.embeddings.kernels.Kernels;
import io.streamplex.embeddings.kernels.ScalarKernels;
import io.streamplex.embeddings.kernels.VectorKernels;
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
 * Softmax over attention scores, and the logistic function of a CTR head. Both run in place on the
 * same buffer call after call: the values stay in (0, 1), where exp costs the same as anywhere, so
 * no copy is needed to keep the input realistic. The SimdVectorExp variants use {@code
 * VectorOperators.EXP} instead of Math.exp per lane, to decide which one {@code Kernels} uses.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class SoftmaxBenchmark {

  @Param({"32"})
  int n;

  float[] x;

  @Setup
  public void setup() {
    BenchData.requireVector();
    x = BenchData.random(new Random(BenchData.SEED), n);
  }

  @Benchmark
  public float[] softmaxScalar() {
    ScalarKernels.softmax(x, 0, n);
    return x;
  }

  @Benchmark
  public float[] softmaxSimd() {
    Kernels.softmax(x, 0, n);
    return x;
  }

  @Benchmark
  public float[] softmaxSimdVectorExp() {
    VectorKernels.softmaxVectorExp(x, 0, n);
    return x;
  }

  @Benchmark
  public float[] sigmoidScalar() {
    ScalarKernels.sigmoid(x, 0, n);
    return x;
  }

  @Benchmark
  public float[] sigmoidSimdVectorExp() {
    VectorKernels.sigmoidVectorExp(x, 0, n);
    return x;
  }
}
