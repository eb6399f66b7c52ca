package io.streamplex.benchmarks.kernels;

import io.streamplex.embeddings.kernels.Kernels;
import io.streamplex.embeddings.kernels.ScalarKernels;
import io.streamplex.embeddings.kernels.VectorKernels;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
 * no copy is needed to keep the input realistic. {@code Kernels} takes the exponential from its own
 * deterministic vector polynomial; softmaxSimdScalarExp keeps Math.exp per lane, to show what that
 * choice is worth.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class SoftmaxBenchmark {

  @Param({"32"})
  int n;

  float[] x;
  float[] expInput;
  float[] e;

  @Setup
  public void setup() {
    BenchData.requireVector();
    x = BenchData.random(new Random(BenchData.SEED), n);
    expInput = BenchData.random(new Random(BenchData.SEED + 1), n);
    for (int i = 0; i < n; i++) {
      expInput[i] = -Math.abs(expInput[i]) * 8f;
    }
    e = new float[n];
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

  /** Math.exp per element, on inputs reset each call (softmax's range, ≤ 0). */
  @Benchmark
  public float[] expScalar() {
    System.arraycopy(expInput, 0, e, 0, n);
    for (int i = 0; i < n; i++) {
      e[i] = (float) Math.exp(e[i]);
    }
    return e;
  }

  /** Streamplex's deterministic vector exponential. */
  @Benchmark
  public float[] expSimd() {
    System.arraycopy(expInput, 0, e, 0, n);
    VectorKernels.exp(e, 0, n);
    return e;
  }

  /**
   * The JDK's VectorOperators.EXP (SVML in C2 code), which it replaced: the cost of determinism.
   */
  @Benchmark
  public float[] expSimdJdkSvml() {
    System.arraycopy(expInput, 0, e, 0, n);
    VectorSpecies<Float> sp = FloatVector.SPECIES_PREFERRED;
    int i = 0;
    for (; i + sp.length() <= n; i += sp.length()) {
      FloatVector.fromArray(sp, e, i).lanewise(VectorOperators.EXP).intoArray(e, i);
    }
    for (; i < n; i++) {
      e[i] = (float) Math.exp(e[i]);
    }
    return e;
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
