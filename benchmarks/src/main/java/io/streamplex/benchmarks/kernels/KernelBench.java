package io.streamplex.benchmarks.kernels;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamplex.embeddings.kernels.VectorKernels;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the kernel benchmarks (SIMD and scalar twin in the same run, same fork settings) through the
 * JMH Runner API and reports the speed-up of each SIMD kernel over its scalar twin.
 *
 * <p>Benchmark methods pair up by name: {@code <kernel>Scalar} is the baseline of every {@code
 * <kernel>Simd…} method of the same class and parameters. With {@code --json} JMH's progress goes
 * to stderr and the last stdout line is one JSON object.
 */
@Command(
    name = "kernel-bench",
    mixinStandardHelpOptions = true,
    description = "JMH: SIMD kernels against their scalar twins, with speed-up ratios.")
public final class KernelBench implements Callable<Integer> {

  @Option(
      names = "--include",
      description = "JMH include regex (default: every kernel benchmark).",
      defaultValue = "io\\.streamplex\\.benchmarks\\.kernels\\..*Benchmark\\.")
  String include;

  @Option(
      names = "--forks",
      defaultValue = "1",
      description = "JMH forks (default ${DEFAULT-VALUE}).")
  int forks;

  @Option(names = "--warmup", defaultValue = "2", description = "Warm-up iterations.")
  int warmup;

  @Option(names = "--iterations", defaultValue = "3", description = "Measured iterations.")
  int iterations;

  @Option(
      names = "--time",
      defaultValue = "1s",
      description = "Length of each warm-up and measured iteration, e.g. 1s, 500ms.")
  String time;

  @Option(names = "--json", description = "Print one JSON object as the last stdout line.")
  boolean json;

  /** One SIMD variant against its scalar twin. */
  record Pair(
      String kernel,
      String variant,
      String shape,
      double scalarNs,
      double scalarErrNs,
      double scalarMinNs,
      double simdNs,
      double simdErrNs,
      double simdMinNs) {
    double speedup() {
      return scalarNs / simdNs;
    }

    /**
     * Ratio of the fastest iterations: on a shared machine other processes only ever add time, so
     * the minimum is the steadier estimate of each kernel's own cost.
     */
    double speedupBest() {
      return scalarMinNs / simdMinNs;
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new KernelBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    TimeValue iterationTime = TimeValue.fromString(time);
    Options options =
        new OptionsBuilder()
            .include(include)
            .forks(forks)
            .warmupIterations(warmup)
            .warmupTime(iterationTime)
            .measurementIterations(iterations)
            .measurementTime(iterationTime)
            .mode(Mode.AverageTime)
            .timeUnit(TimeUnit.NANOSECONDS)
            // the forked JVMs need the incubator module; a fixed heap keeps GC out of the ratios
            .jvmArgs("--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g")
            .shouldFailOnError(true)
            .build();
    Runner runner =
        json
            ? new Runner(
                options, OutputFormatFactory.createFormatInstance(System.err, VerboseMode.NORMAL))
            : new Runner(options);
    List<Pair> pairs = pair(runner.run());
    if (pairs.isEmpty()) {
      System.err.println("no Scalar/Simd benchmark pairs matched --include " + include);
      return 1;
    }
    printTable(System.out, pairs);
    if (json) {
      System.out.println(toJson(pairs));
    }
    return 0;
  }

  static List<Pair> pair(Collection<RunResult> results) {
    Map<String, Result<?>> scalar = new LinkedHashMap<>();
    List<RunResult> simd = new ArrayList<>();
    for (RunResult r : results) {
      String method = method(r.getParams());
      if (method.endsWith("Scalar")) {
        scalar.put(
            key(r.getParams(), method.substring(0, method.length() - 6)), r.getPrimaryResult());
      } else if (method.contains("Simd")) {
        simd.add(r);
      }
    }
    List<Pair> pairs = new ArrayList<>();
    for (RunResult r : simd) {
      String method = method(r.getParams());
      int at = method.indexOf("Simd");
      String kernel = method.substring(0, at);
      Result<?> base = scalar.get(key(r.getParams(), kernel));
      if (base == null) {
        continue;
      }
      String rest = method.substring(at + 4);
      String variant =
          rest.isEmpty()
              ? "simd"
              : "simd+" + Character.toLowerCase(rest.charAt(0)) + rest.substring(1);
      Result<?> res = r.getPrimaryResult();
      pairs.add(
          new Pair(
              kernel,
              variant,
              shape(r.getParams()),
              base.getScore(),
              base.getScoreError(),
              base.getStatistics().getMin(),
              res.getScore(),
              res.getScoreError(),
              res.getStatistics().getMin()));
    }
    return pairs;
  }

  private static String method(BenchmarkParams p) {
    String b = p.getBenchmark();
    return b.substring(b.lastIndexOf('.') + 1);
  }

  private static String shape(BenchmarkParams p) {
    List<String> values = new ArrayList<>();
    for (String k : p.getParamsKeys()) {
      values.add(p.getParam(k));
    }
    return String.join(",", values);
  }

  private static String key(BenchmarkParams p, String kernel) {
    String b = p.getBenchmark();
    return b.substring(0, b.lastIndexOf('.')) + "#" + kernel + "[" + shape(p) + "]";
  }

  static void printTable(PrintStream out, List<Pair> pairs) {
    out.printf(
        "%-14s %-16s %-12s %14s %14s %9s %14s %14s %9s%n",
        "kernel",
        "variant",
        "shape",
        "scalar ns/op",
        "simd ns/op",
        "speed-up",
        "scalar min",
        "simd min",
        "min ratio");
    for (Pair p : pairs) {
      out.printf(
          "%-14s %-16s %-12s %14.1f %14.1f %8.2fx %14.1f %14.1f %8.2fx%n",
          p.kernel(),
          p.variant(),
          p.shape(),
          p.scalarNs(),
          p.simdNs(),
          p.speedup(),
          p.scalarMinNs(),
          p.simdMinNs(),
          p.speedupBest());
    }
  }

  String toJson(List<Pair> pairs) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("benchmark", "kernels");
    root.put("unit", "ns/op");
    root.put("jvm", System.getProperty("java.vm.version"));
    root.put("lanes", VectorKernels.lanes());
    root.put(
        "settings",
        "forks="
            + forks
            + " warmup="
            + warmup
            + "x"
            + time
            + " measurement="
            + iterations
            + "x"
            + time);
    ObjectNode speedups = root.putObject("speedup");
    ArrayNode rows = root.putArray("results");
    for (Pair p : pairs) {
      String name =
          p.kernel()
              + ("simd".equals(p.variant()) ? "" : "/" + p.variant())
              + "["
              + p.shape()
              + "]";
      speedups.put(name, round(p.speedup()));
      ObjectNode row = rows.addObject();
      row.put("kernel", p.kernel());
      row.put("variant", p.variant());
      row.put("shape", p.shape());
      row.put("scalarNs", round(p.scalarNs()));
      row.put("scalarErrNs", round(p.scalarErrNs()));
      row.put("simdNs", round(p.simdNs()));
      row.put("simdErrNs", round(p.simdErrNs()));
      row.put("speedup", round(p.speedup()));
      row.put("scalarMinNs", round(p.scalarMinNs()));
      row.put("simdMinNs", round(p.simdMinNs()));
      row.put("speedupOfMinima", round(p.speedupBest()));
    }
    return mapper.writeValueAsString(root);
  }

  /** Three decimals; NaN (JMH gives no error bar for a single iteration) becomes null. */
  private static Double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : null;
  }
}
