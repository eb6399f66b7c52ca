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
 * The attention of one AutoInt interacting layer over a batch: 256 examples × 8 fields, 2 heads of
 * 32 (rows of 64, heads as column slices), as in the bundled autoint-plus config on MovieLens.
 * {@code selfAttentionSimd} is the fused inference kernel; {@code selfAttentionSimdPerScore} is the
 * loop the training forward keeps (a SIMD dot per score, a softmax per row, an axpy per weight),
 * which inference also ran before the fused kernel.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class SelfAttentionBenchmark {

  @Param({"256x8x2x32"})
  String shape;

  int batch;
  int fields;
  int heads;
  int headDim;
  int width;
  float scale;
  float[] q;
  float[] k;
  float[] v;
  float[] y;
  float[] scratch;
  float[] scores;

  @Setup
  public void setup() {
    BenchData.requireVector();
    int[] s = BenchData.shape(shape);
    batch = s[0];
    fields = s[1];
    heads = s[2];
    headDim = s[3];
    width = heads * headDim;
    scale = (float) (1 / Math.sqrt(headDim));
    Random rnd = new Random(BenchData.SEED);
    int n = batch * fields * width;
    q = BenchData.random(rnd, n);
    k = BenchData.random(rnd, n);
    v = BenchData.random(rnd, n);
    y = new float[n];
    scratch =
        new float
            [Math.max(
                Kernels.selfAttentionScratch(fields, headDim),
                ScalarKernels.selfAttentionScratch(fields, headDim))];
    scores = new float[fields];
  }

  @Benchmark
  public float[] selfAttentionScalar() {
    for (int b = 0; b < batch; b++) {
      for (int h = 0; h < heads; h++) {
        ScalarKernels.selfAttentionHead(
            q, k, v, y, b * fields * width + h * headDim, width, fields, headDim, scale, scratch);
      }
    }
    return y;
  }

  @Benchmark
  public float[] selfAttentionSimd() {
    for (int b = 0; b < batch; b++) {
      for (int h = 0; h < heads; h++) {
        Kernels.selfAttentionHead(
            q, k, v, y, b * fields * width + h * headDim, width, fields, headDim, scale, scratch);
      }
    }
    return y;
  }

  @Benchmark
  public float[] selfAttentionSimdPerScore() {
    for (int b = 0; b < batch; b++) {
      for (int h = 0; h < heads; h++) {
        int col = h * headDim;
        for (int m = 0; m < fields; m++) {
          int qOff = (b * fields + m) * width + col;
          for (int j = 0; j < fields; j++) {
            scores[j] = scale * Kernels.dot(q, qOff, k, (b * fields + j) * width + col, headDim);
          }
          Kernels.softmax(scores, 0, fields);
          for (int j = 0; j < fields; j++) {
            Kernels.axpy(scores[j], v, (b * fields + j) * width + col, y, qOff, headDim);
          }
        }
      }
    }
    return y;
  }
}
