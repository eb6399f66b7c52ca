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

/** One example through a dense layer: rows × cols weights times a vector. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class MatvecBenchmark {

  @Param({"64x256", "400x400"})
  String shape;

  int rows;
  int cols;
  float[] w;
  float[] x;
  float[] y;

  @Setup
  public void setup() {
    BenchData.requireVector();
    int[] d = BenchData.shape(shape);
    rows = d[0];
    cols = d[1];
    Random rnd = new Random(BenchData.SEED);
    w = BenchData.random(rnd, rows * cols);
    x = BenchData.random(rnd, cols);
    y = new float[rows];
  }

  @Benchmark
  public float[] matvecScalar() {
    ScalarKernels.matvec(w, 0, rows, cols, x, 0, y, 0);
    return y;
  }

  @Benchmark
  public float[] matvecSimd() {
    Kernels.matvec(w, 0, rows, cols, x, 0, y, 0);
    return y;
  }
}
