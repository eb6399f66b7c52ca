package io.streamplex.embeddings.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Training is deterministic only if every kernel gives the same bits before and after the JIT
 * compiles it. Before C2 compiles a Vector API kernel, the API's Java fallback runs it; C2 then
 * replaces it with intrinsics. So this runs every kernel in a child JVM that never leaves C1 (the
 * fallback throughout) and compares with this JVM after thousands of warm-up calls (C2). The JDK's
 * SVML {@code VectorOperators.EXP} failed this: its C2 intrinsic rounds differently from its
 * fallback (Math.exp).
 */
class KernelsTierDeterminismTest {

  @Test
  void everyKernelGivesTheSameBitsInTheFallbackAndInC2Code() throws Exception {
    for (int i = 0; i < 30_000; i++) {
      Probe.run();
    }
    Map<String, Integer> warm = Probe.run();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp =
        Path.of(Kernels.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            + File.pathSeparator
            + Path.of(
                KernelsTierDeterminismTest.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.add("--add-modules=jdk.incubator.vector");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-cp");
    cmd.add(cp);
    cmd.add(Probe.class.getName());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "probe JVM hung: " + cmd);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out);
    String[] lines = out.strip().split("\\R");
    assertEquals(Kernels.implementation(), lines[lines.length - 2], "the child runs the SIMD path");
    assertEquals(warm.toString(), lines[lines.length - 1], "C1/fallback vs C2 kernel outputs");
  }

  /** Runs each kernel on fixed inputs; the hash of its output bits, by kernel. */
  public static final class Probe {

    public static void main(String[] args) {
      System.out.println(Kernels.implementation());
      System.out.println(run());
    }

    static Map<String, Integer> run() {
      SplittableRandom rnd = new SplittableRandom(17);
      int n = 37;
      int d = 24;
      float[] a = gaussian(rnd, n * d);
      float[] b = gaussian(rnd, n * d);
      float[] c = gaussian(rnd, n * d);
      Map<String, Integer> h = new LinkedHashMap<>();
      h.put("dot", Float.floatToIntBits(Kernels.dot(a, 1, b, 2, 5 * d + 3)));
      h.put("sum", Float.floatToIntBits(Kernels.sum(a, 3, 4 * d + 1)));
      float[] y = new float[n];
      Kernels.matvec(a, 0, n, d, b, 0, y, 0);
      h.put("matvec", hash(y));
      float[] mm = new float[n * n];
      Kernels.matmulTransB(a, b, mm, n, d, n);
      h.put("matmulTransB", hash(mm));
      float[] m2 = new float[n * n];
      Kernels.matmul(a, b, m2, n, d, n);
      h.put("matmul", hash(m2));
      float[] m3 = new float[d * d];
      Kernels.matmulTransA(a, b, m3, d, n, d);
      h.put("matmulTransA", hash(m3));
      float[] s = new float[2 * d + 5];
      for (int i = 0; i < s.length; i++) {
        s[i] = a[i] * 9f;
      }
      Kernels.softmax(s, 0, s.length);
      h.put("softmax", hash(s));
      float[] g = new float[3 * d + 7];
      for (int i = 0; i < g.length; i++) {
        g[i] = b[i] * 12f;
      }
      Kernels.sigmoid(g, 0, g.length);
      h.put("sigmoid", hash(g));
      float[] ln = new float[3 * d + 2];
      Kernels.layerNorm(c, 0, ln.length, null, null, 1e-5f, ln, 0);
      h.put("layerNorm", hash(ln));
      float[] att = new float[8 * 16];
      float[] scratch = new float[Kernels.selfAttentionScratch(8, 16)];
      Kernels.selfAttentionHead(a, b, c, att, 0, 16, 8, 16, 0.25f, scratch);
      h.put("selfAttentionHead", hash(att));
      return h;
    }

    private static float[] gaussian(SplittableRandom rnd, int n) {
      float[] x = new float[n];
      for (int i = 0; i < n; i++) {
        x[i] = (float) (rnd.nextDouble() * 2 - 1);
      }
      return x;
    }

    private static int hash(float[] x) {
      int h = 1;
      for (float v : x) {
        h = 31 * h + Float.floatToIntBits(v);
      }
      return h;
    }
  }
}
