package io.streamplex.benchmarks.compress;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The {@link CompressedInferenceBench} comparison timed by this thread's CPU time rather than wall
 * time, original and compressed interleaved in short alternating blocks: on a machine shared with
 * other builds, wall time mostly measures how often the scheduler ran us, while CPU time counts
 * only the time the forward pass was on a core. Reports the median block per op of each and their
 * ratio.
 *
 * <pre>
 * CompressedInferenceCpuTime [--batches 1,256] [--layers 0+1+2/16] [--blocks 40] [--json]
 * </pre>
 */
public final class CompressedInferenceCpuTime {

  private CompressedInferenceCpuTime() {}

  public static void main(String[] args) throws Exception {
    int[] batches = {1, 256};
    String layers = "0+1+2/16";
    int blocks = 40;
    boolean json = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--batches" ->
            batches = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
        case "--layers" -> layers = args[++i];
        case "--blocks" -> blocks = Integer.parseInt(args[++i]);
        case "--json" -> json = true;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    ObjectNode out = new ObjectMapper().createObjectNode();
    out.put("layers", layers);
    out.put("blocks", blocks);
    ArrayNode rows = out.putArray("batches");
    for (int batch : batches) {
      CompressedInferenceBench b = new CompressedInferenceBench();
      b.batch = batch;
      b.layers = layers;
      b.setUp();
      // about 20 ms of work per block at either batch size
      int ops = Math.max(1, 2000 / batch);
      float sink = 0;
      for (int w = 0; w < 5 * ops; w++) {
        sink += b.original() + b.compressed();
      }
      double[] orig = new double[blocks];
      double[] comp = new double[blocks];
      for (int r = 0; r < blocks; r++) {
        long t0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < ops; i++) {
          sink += b.original();
        }
        long t1 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < ops; i++) {
          sink += b.compressed();
        }
        long t2 = mx.getCurrentThreadCpuTime();
        orig[r] = (t1 - t0) / 1e3 / ops;
        comp[r] = (t2 - t1) / 1e3 / ops;
      }
      double o = median(orig);
      double c = median(comp);
      System.err.printf(
          "batch %d: original %.1f µs, compressed %.1f µs CPU per forward (median of %d blocks):"
              + " %.2f× (%s)%n",
          batch, o, c, blocks, o / c, sink == 42 ? "" : "ok");
      rows.addObject()
          .put("batch", batch)
          .put("originalMicros", o)
          .put("compressedMicros", c)
          .put("speedup", o / c);
    }
    if (json) {
      System.out.println(out);
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
