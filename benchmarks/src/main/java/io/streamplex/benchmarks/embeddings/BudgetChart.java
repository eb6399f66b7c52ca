package io.streamplex.benchmarks.embeddings;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** Draws {@link BudgetBench}'s JSON as test AUC (mean ± std over seeds) against parameters. */
final class BudgetChart {

  private BudgetChart() {}

  static void write(JsonNode run, Path png) throws IOException {
    Map<String, YIntervalSeries> series = new LinkedHashMap<>();
    JsonNode collisionless = null;
    boolean selected = run.path("selected").size() > 0;
    for (JsonNode r : run.path("budget")) {
      String s = r.get("strategy").asText();
      if (s.equals("collisionless")) {
        collisionless = r;
      }
      // with a validation selection, only its picks stand for hashing and UE
      if (!selected || !(s.startsWith("hashing") || s.startsWith("unified"))) {
        point(series, s, r);
      }
    }
    for (JsonNode sel : run.path("selected")) {
      for (String family : List.of("hashing", "unified")) {
        JsonNode r = sel.get(family);
        if (r != null) {
          String name =
              family.equals("hashing")
                  ? "per-feature hashing (allocation chosen on validation)"
                  : "Unified Embedding (configuration chosen on validation)";
          point(series, name, r, r.get("params").asDouble());
        }
      }
    }
    // the reference closes every curve at full size
    if (collisionless != null) {
      for (String s : series.keySet().toArray(String[]::new)) {
        if (!s.equals("collisionless")) {
          point(series, s, collisionless);
        }
      }
    }
    for (JsonNode r : run.path("graph")) {
      point(series, "user+item: " + r.get("strategy").asText(), r);
    }
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    series.values().forEach(data::addSeries);
    LogAxis x = new LogAxis("embedding + linear parameters (log scale)");
    x.setBase(2);
    x.setSmallestValue(1);
    NumberAxis y = new NumberAxis("test AUC (mean ± std over seeds)");
    y.setAutoRangeIncludesZero(false);
    XYErrorRenderer renderer = new XYErrorRenderer();
    renderer.setDefaultLinesVisible(true);
    renderer.setDefaultShapesVisible(true);
    // yellow and pale defaults are unreadable on white
    java.awt.Color[] colours = {
      java.awt.Color.BLACK,
      new java.awt.Color(0xD62728),
      new java.awt.Color(0x2CA02C),
      new java.awt.Color(0x1F77B4),
      new java.awt.Color(0x9467BD),
      new java.awt.Color(0xFF7F0E),
      new java.awt.Color(0x8C564B),
      new java.awt.Color(0xE377C2)
    };
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesPaint(i, colours[i % colours.length]);
    }
    renderer.setDefaultStroke(new java.awt.BasicStroke(2f));
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setBackgroundPaint(java.awt.Color.WHITE);
    plot.setDomainGridlinePaint(java.awt.Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(java.awt.Color.LIGHT_GRAY);
    JFreeChart chart =
        new JFreeChart(
            "MovieLens-100K CTR, " + run.path("model").asText() + ": AUC vs embedding budget",
            JFreeChart.DEFAULT_TITLE_FONT,
            plot,
            true);
    Path dir = png.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 560);
  }

  private static void point(Map<String, YIntervalSeries> series, String name, JsonNode r) {
    point(series, name, r, r.path("params").asDouble(r.get("embeddingParams").asDouble()));
  }

  private static void point(
      Map<String, YIntervalSeries> series, String name, JsonNode r, double params) {
    double m = r.get("auc").get("mean").asDouble();
    double sd = r.get("auc").get("std").asDouble();
    series.computeIfAbsent(name, YIntervalSeries::new).add(params, m, m - sd, m + sd);
  }
}
