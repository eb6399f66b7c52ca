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
 * no copy is needed to keep the input realistic. {@code Kernels} takes the exponential from {@code
 * VectorOperators.EXP} on x86-64; softmaxSimdScalarExp keeps Math.exp per lane, to show what that
 * choice is worth.
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
  public float[] softmaxSimdScalarExp() {
    VectorKernels.softmaxScalarExp(x, 0, n);
    return x;
  }

  @Benchmark
  public float[] sigmoidScalar() {
    ScalarKernels.sigmoid(x, 0, n);
    return x;
  }

  @Benchmark
  public float[] sigmoidSimd() {
    Kernels.sigmoid(x, 0, n);
    return x;
  }
}
