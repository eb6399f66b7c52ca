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
 * Mean pooling of a multi-valued field: count rows of width dim gathered from a 1,000-row table (64
 * KB at dim 16, cache-resident, so the kernel and not memory is measured).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class PoolBenchmark {

  @Param({"6x16"})
  String shape;

  int count;
  int dim;
  float[] table;
  int[] rows;
  float[] out;

  @Setup
  public void setup() {
    BenchData.requireVector();
    int[] d = BenchData.shape(shape);
    count = d[0];
    dim = d[1];
    Random rnd = new Random(BenchData.SEED);
    int tableRows = 1000;
    table = BenchData.random(rnd, tableRows * dim);
    rows = new int[count];
    for (int r = 0; r < count; r++) {
      rows[r] = rnd.nextInt(tableRows);
    }
    out = new float[dim];
  }

  @Benchmark
  public float[] meanPoolScalar() {
    ScalarKernels.meanPool(table, dim, rows, count, out, 0);
    return out;
  }

  @Benchmark
  public float[] meanPoolSimd() {
    Kernels.meanPool(table, dim, rows, count, out, 0);
    return out;
  }
}
