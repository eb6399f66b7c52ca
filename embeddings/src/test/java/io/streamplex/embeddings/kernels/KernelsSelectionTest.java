package io.streamplex.embeddings.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How {@link Kernels} picks SIMD or scalar, including in JVMs started without the module. */
class KernelsSelectionTest {

  @Test
  void propertyOverridesAndDefaults() {
    assertTrue(Kernels.selectVector(null, true));
    assertFalse(Kernels.selectVector(null, false));
    assertTrue(Kernels.selectVector(" ", true));
    assertFalse(Kernels.selectVector("scalar", true));
    assertFalse(Kernels.selectVector("SCALAR", false));
    assertTrue(Kernels.selectVector("vector", true));
    IllegalStateException missing =
        assertThrows(IllegalStateException.class, () -> Kernels.selectVector("vector", false));
    assertTrue(missing.getMessage().contains("--add-modules=jdk.incubator.vector"));
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> Kernels.selectVector("simd", true));
    assertTrue(bad.getMessage().contains("'simd'"), bad.getMessage());
  }

  @Test
  void vectorExpIsTheDefaultAndObeysItsProperty() {
    assertTrue(VectorKernels.selectVectorExp(null));
    assertTrue(VectorKernels.selectVectorExp(""));
    assertTrue(VectorKernels.selectVectorExp("vector"));
    assertFalse(VectorKernels.selectVectorExp("Scalar"));
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> VectorKernels.selectVectorExp("svml"));
    assertTrue(bad.getMessage().contains("streamplex.kernels.exp"), bad.getMessage());
  }

  @Test
  void surefireRunsTheVectorPath() {
    // the build's argLine adds the module; if this fails, every Kernels caller runs scalar loops
    assertTrue(Kernels.vectorized(), Kernels.implementation());
    assertEquals("vector(" + VectorKernels.lanes() + " lanes)", Kernels.implementation());
  }

  @Test
  void childJvmsPickTheImplementationTheirFlagsAllow() throws Exception {
    // A JVM without the incubator module must still run every kernel, on the scalar twins.
    assertEquals("scalar 1560.0 4.0", probe(List.of()));
    assertEquals(
        "scalar 1560.0 4.0",
        probe(List.of("--add-modules=jdk.incubator.vector", "-Dstreamplex.kernels=scalar")));
    String vector = probe(List.of("--add-modules=jdk.incubator.vector"));
    assertEquals("vector(" + VectorKernels.lanes() + " lanes) 1560.0 4.0", vector);
  }

  private static String probe(List<String> flags)
      throws IOException, InterruptedException, URISyntaxException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp =
        codeSource(Kernels.class) + File.pathSeparator + codeSource(KernelsSelectionTest.class);
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(flags);
    cmd.add("-cp");
    cmd.add(cp);
    cmd.add(FallbackProbe.class.getName());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe JVM hung: " + cmd);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out);
    // the incubator warning goes to stderr first; the probe's answer is the last line
    String[] lines = out.strip().split("\\R");
    return lines[lines.length - 1];
  }

  private static String codeSource(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  /** Runs in the child JVM: which implementation loaded, and two kernels through it. */
  public static final class FallbackProbe {
    public static void main(String[] args) {
      float[] a = new float[40];
      float[] b = new float[40];
      for (int i = 0; i < 40; i++) {
        a[i] = i;
        b[i] = 2;
      }
      float[] x = {1f, Float.NEGATIVE_INFINITY, 1f, 1f};
      Kernels.softmax(x, 0, 4);
      System.out.println(
          Kernels.implementation() + " " + Kernels.dot(a, 0, b, 0, 40) + " " + (x[0] * 12f));
    }
  }
}
