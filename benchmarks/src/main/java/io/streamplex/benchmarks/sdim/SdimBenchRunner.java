package io.streamplex.benchmarks.sdim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamplex.ctr.sdim.Normalisation;
import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link SdimBench} for both methods at every L in one JMH run and prints, with {@code
 * --json}, one JSON object on the last stdout line: ns per candidate for each (method, L), the
 * ratio target attention / SDIM per L, the settings, and whether the targets (SDIM flat in L, ≥ 10×
 * at 1k, ≥ 50× at 10k) hold.
 *
 * <p>Options: {@code --json}, {@code --quick} (1 warm-up and 2 measurement iterations of 0.5 s, for
 * a smoke run), {@code --dim N --m N --tau N --norm COUNT|L2|NONE} (COUNT, the models' default).
 */
public final class SdimBenchRunner {

  private SdimBenchRunner() {}

  public static void main(String[] args) throws Exception {
    boolean json = false;
    boolean quick = false;
    String dim = "32";
    String m = "8";
    String tau = "4";
    String norm = "COUNT";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--json" -> json = true;
        case "--quick" -> quick = true;
        case "--dim" -> dim = value(args, ++i);
        case "--m" -> m = value(args, ++i);
        case "--tau" -> tau = value(args, ++i);
        case "--norm" -> norm = Normalisation.valueOf(value(args, ++i).toUpperCase()).name();
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + "; expected --json, --quick, --dim N, --m N, --tau N, --norm COUNT|L2|NONE");
      }
    }
    OptionsBuilder builder = new OptionsBuilder();
    builder
        .include(SdimBench.class.getName() + "\\.")
        .param("dim", dim)
        .param("numHashes", m)
        .param("bits", tau)
        .param("normalisation", norm)
        .verbosity(json ? VerboseMode.SILENT : VerboseMode.NORMAL);
    if (quick) {
      builder
          .warmupIterations(1)
          .warmupTime(org.openjdk.jmh.runner.options.TimeValue.milliseconds(500))
          .measurementIterations(2)
          .measurementTime(org.openjdk.jmh.runner.options.TimeValue.milliseconds(500));
    }
    Options options = builder.build();
    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    Collection<RunResult> results = new Runner(options).run();
    double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

    Map<String, Map<Integer, double[]>> byMethod = new TreeMap<>();
    for (RunResult r : results) {
      String method = r.getParams().getBenchmark().replaceAll(".*\\.", "");
      int length = Integer.parseInt(r.getParams().getParam("length"));
      byMethod
          .computeIfAbsent(method, k -> new TreeMap<>())
          .put(
              length,
              new double[] {r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()});
    }
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("benchmark", "SdimBench");
    root.put("unit", "ns/candidate");
    root.put("d", Integer.parseInt(dim));
    root.put("m", Integer.parseInt(m));
    root.put("tau", Integer.parseInt(tau));
    root.put("normalisation", norm);
    root.put("cores", Runtime.getRuntime().availableProcessors());
    root.put("java", System.getProperty("java.version"));
    // the machine is shared with other builds: the 1-minute load average says how shared
    root.put("loadAverageBefore", round(loadBefore));
    root.put("loadAverageAfter", round(loadAfter));
    ObjectNode ns = root.putObject("nsPerCandidate");
    ObjectNode err = root.putObject("error99");
    byMethod.forEach(
        (method, byLength) -> {
          ObjectNode n = ns.putObject(method);
          ObjectNode e = err.putObject(method);
          byLength.forEach(
              (l, v) -> {
                n.put(String.valueOf(l), round(v[0]));
                e.put(String.valueOf(l), round(v[1]));
              });
        });
    Map<Integer, double[]> sdim = byMethod.getOrDefault("sdim", Map.of());
    Map<Integer, double[]> ta = byMethod.getOrDefault("targetAttention", Map.of());
    ObjectNode ratios = root.putObject("targetAttentionOverSdim");
    for (var e : sdim.entrySet()) {
      double[] t = ta.get(e.getKey());
      if (t != null) {
        ratios.put(String.valueOf(e.getKey()), round(t[0] / e.getValue()[0]));
      }
    }
    double min = sdim.values().stream().mapToDouble(v -> v[0]).min().orElse(Double.NaN);
    double max = sdim.values().stream().mapToDouble(v -> v[0]).max().orElse(Double.NaN);
    root.put("sdimMaxOverMinAcrossL", round(max / min));
    root.put(
        "targets",
        "SDIM flat in L (max/min across L), ≥ 10× at L=1000, ≥ 50× at L=10000; see"
            + " loadAverageBefore/After for how busy the machine was");
    root.put("meets10xAt1000", ratios.path("1000").asDouble() >= 10);
    root.put("meets50xAt10000", ratios.path("10000").asDouble() >= 50);
    System.out.println(mapper.writeValueAsString(root));
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException("option " + args[i - 1] + " needs a value");
    }
    return args[i];
  }
}
