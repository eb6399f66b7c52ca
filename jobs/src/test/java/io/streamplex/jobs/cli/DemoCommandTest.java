package io.streamplex.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The demo as a user runs it: real embedded Kafka, a MiniCluster with RocksDB and the web UI,
 * built-in synthetic data. It must serve the dashboard while it runs, count every good event
 * through the keyed job exactly once, turn the injected garbage into dead letters, and exit 0.
 */
class DemoCommandTest {

  @Test
  void runsServesTheWebUiAndAccountsForEveryEvent() throws Exception {
    int webPort = freePort();
    CompletableFuture<CliErrorsTest.Result> demo =
        CompletableFuture.supplyAsync(
            () ->
                CliErrorsTest.run(
                    "demo",
                    "--duration",
                    "12s",
                    "--rate",
                    "2000",
                    "--web-port",
                    Integer.toString(webPort),
                    "--kafka-port",
                    "0",
                    "--checkpoint-interval",
                    "2s",
                    "--report-every",
                    "3s",
                    "--drain-timeout",
                    "150s",
                    "--json"));

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    String dashboard = null;
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (dashboard == null && !demo.isDone() && System.nanoTime() < until) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + webPort + "/"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          dashboard = r.body();
        }
      } catch (java.io.IOException notYet) {
        Thread.sleep(300);
      }
    }
    assertTrue(dashboard != null && dashboard.contains("<html"), "web UI served: " + dashboard);

    CliErrorsTest.Result r = demo.get(400, TimeUnit.SECONDS);
    assertEquals(0, r.code(), r.err() + r.out());
    assertTrue(r.out().contains("produced"), r.out());
    String[] lines = r.out().strip().split("\n");
    JsonNode summary = new ObjectMapper().readTree(lines[lines.length - 1]);
    long produced = summary.get("produced").asLong();
    long garbage = summary.get("garbage_records").asLong();
    assertTrue(produced > 5_000, "produced " + produced);
    assertEquals(produced - garbage, summary.get("user_activity_updates").asLong(), r.out());
    assertEquals(garbage, summary.get("dead_letters").asLong(), r.out());
    assertTrue(summary.get("savepoint").asText().contains("savepoint"), r.out());
    assertTrue(summary.get("events_per_second").asLong() > 0, r.out());
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
