package io.streamplex.jobs.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Flink session cluster of two child JVMs (JobManager and TaskManager), started from Flink's own
 * artifacts as flink-dist would start them, and driven through its REST API as a user would. Its
 * classpath is the test classpath without Streamplex and without what the job jar brings, so a job
 * runs only if its jar is complete.
 */
final class StandaloneFlinkCluster implements AutoCloseable {

  /** Classpath entries the job jar must bring itself (file name prefixes). */
  static final List<String> JOB_JAR_ONLY =
      List.of(
          "streamplex-",
          "flink-connector-kafka",
          "flink-avro",
          "avro-",
          "kafka-clients",
          "picocli",
          "hash4j",
          "ejml-",
          "networkanalysis",
          "fastutil");

  /** What flink-dist's default configuration passes to every Flink JVM on Java 17. */
  static final List<String> JVM_FLAGS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED",
          // What a cluster running Streamplex jobs adds (see the README's deployment notes).
          "--add-modules=jdk.incubator.vector",
          "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.streamplex.schema");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final int restPort;
  private final List<Process> processes = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private StandaloneFlinkCluster(Path dir, int restPort) {
    this.dir = dir;
    this.restPort = restPort;
  }

  /** Starts a JobManager and one TaskManager with {@code slots} slots; waits until it registers. */
  static StandaloneFlinkCluster start(Path dir, int slots, Duration timeout) throws Exception {
    StandaloneFlinkCluster cluster = new StandaloneFlinkCluster(dir, freePort());
    try {
      cluster.writeConfig(slots);
      String cp = clusterClasspath();
      cluster.launch("jobmanager", cp, List.of("-Xmx512m"), List.of(), ENTRY_JM);
      List<String> tm = cluster.taskManagerResources(cp);
      cluster.launch(
          "taskmanager",
          cp,
          Arrays.asList(tm.get(0).strip().split("\\s+")),
          Arrays.asList(tm.get(1).strip().split("\\s+")),
          ENTRY_TM);
      cluster.awaitSlots(slots, timeout);
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  private static final String ENTRY_JM =
      "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  private static final String ENTRY_TM = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

  URI rest(String path) {
    return URI.create("http://localhost:" + restPort + path);
  }

  /** Uploads a jar through {@code POST /jars/upload}; returns its id for {@code /jars/{id}/run}. */
  String upload(Path jar) throws Exception {
    String boundary = "streamplex" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName()
                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.write(Files.readAllBytes(jar));
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    JsonNode r =
        send(
            HttpRequest.newBuilder(rest("/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    String file = r.get("filename").asText();
    return file.substring(file.lastIndexOf('/') + 1);
  }

  /** Runs an uploaded jar's main class with these arguments; returns the job id. */
  String run(String jarId, String entryClass, List<String> args) throws Exception {
    String request =
        JSON.writeValueAsString(Map.of("entryClass", entryClass, "programArgsList", args));
    JsonNode r =
        send(
            HttpRequest.newBuilder(rest("/jars/" + jarId + "/run"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request)));
    return r.get("jobid").asText();
  }

  JsonNode get(String path) throws Exception {
    return send(HttpRequest.newBuilder(rest(path)).GET());
  }

  void cancel(String jobId) throws Exception {
    http.send(
        HttpRequest.newBuilder(rest("/jobs/" + jobId + "?mode=cancel"))
            .method("PATCH", HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  /** The last lines of both processes' logs, for a failure message. */
  String logs() {
    StringBuilder out = new StringBuilder();
    for (String name : List.of("jobmanager", "taskmanager")) {
      try {
        List<String> lines = Files.readAllLines(dir.resolve(name + ".log"));
        out.append("\n--- ").append(name).append(" ---\n");
        lines.stream()
            .filter(l -> l.contains("ERROR") || l.contains("Exception") || l.contains("WARN"))
            .skip(Math.max(0, lines.size() - 40))
            .forEach(l -> out.append(l).append('\n'));
      } catch (IOException e) {
        out.append("\n(no ").append(name).append(" log)");
      }
    }
    return out.toString();
  }

  private JsonNode send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> r =
        http.send(
            request.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          r.request().method()
              + " "
              + r.request().uri()
              + " -> "
              + r.statusCode()
              + ": "
              + r.body());
    }
    return JSON.readTree(r.body());
  }

  private void writeConfig(int slots) throws IOException {
    Path conf = Files.createDirectories(dir.resolve("conf"));
    Files.createDirectories(dir.resolve("tmp"));
    Files.createDirectories(dir.resolve("upload"));
    Files.writeString(
        conf.resolve("config.yaml"),
        String.join(
            "\n",
            "jobmanager.rpc.address: localhost",
            "jobmanager.rpc.port: " + freePort(),
            "jobmanager.bind-host: localhost",
            "taskmanager.host: localhost",
            "taskmanager.bind-host: localhost",
            "rest.address: localhost",
            "rest.bind-address: localhost",
            "rest.port: " + restPort,
            "taskmanager.numberOfTaskSlots: " + slots,
            "io.tmp.dirs: " + dir.resolve("tmp"),
            "web.upload.dir: " + dir.resolve("upload"),
            "jobmanager.memory.process.size: 800m",
            "taskmanager.memory.process.size: 1200m",
            "state.backend.rocksdb.log.level: HEADER_LEVEL",
            ""));
    Files.writeString(
        conf.resolve("log4j.properties"),
        String.join(
            "\n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.file.ref = file",
            "appender.file.type = File",
            "appender.file.name = file",
            "appender.file.fileName = ${sys:log.file}",
            "appender.file.layout.type = PatternLayout",
            "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n",
            ""));
  }

  /** What taskmanager.sh does: Flink computes the TaskManager's JVM and memory options. */
  private List<String> taskManagerResources(String cp) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(java(), "-cp", cp));
    cmd.addAll(
        List.of(
            "org.apache.flink.runtime.util.bash.BashJavaUtils",
            "GET_TM_RESOURCE_PARAMS",
            "--configDir",
            dir.resolve("conf").toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    String prefix = "BASH_JAVA_UTILS_EXEC_RESULT:";
    List<String> result =
        out.lines()
            .filter(l -> l.startsWith(prefix))
            .map(l -> l.substring(prefix.length()))
            .collect(Collectors.toList());
    if (result.size() < 2) {
      throw new IllegalStateException("BashJavaUtils gave no TaskManager parameters:\n" + out);
    }
    return result.subList(result.size() - 2, result.size());
  }

  private void launch(
      String name, String cp, List<String> jvmArgs, List<String> programArgs, String mainClass)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(java());
    cmd.addAll(JVM_FLAGS);
    cmd.addAll(jvmArgs);
    cmd.add("-Dlog.file=" + dir.resolve(name + ".log"));
    cmd.add("-Dlog4j.configurationFile=" + dir.resolve("conf/log4j.properties").toUri());
    cmd.add("-cp");
    cmd.add(cp);
    cmd.add(mainClass);
    cmd.add("--configDir");
    cmd.add(dir.resolve("conf").toString());
    cmd.addAll(programArgs);
    processes.add(
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".out").toFile())
            .start());
  }

  private void awaitSlots(int slots, Duration timeout) throws Exception {
    long until = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException("a cluster process died" + logs());
        }
      }
      try {
        JsonNode tms = get("/taskmanagers").get("taskmanagers");
        int total = 0;
        for (JsonNode tm : tms) {
          total += tm.get("slotsNumber").asInt();
        }
        if (total >= slots) {
          return;
        }
      } catch (IOException | IllegalStateException notYet) {
        // the REST endpoint is not up yet
      }
      if (System.nanoTime() > until) {
        throw new IllegalStateException("no TaskManager registered within " + timeout + logs());
      }
      Thread.sleep(500);
    }
  }

  /** The test classpath without Streamplex's classes and what the job jar carries. */
  static String clusterClasspath() {
    String full =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return Arrays.stream(full.split(File.pathSeparator))
        .filter(e -> e.endsWith(".jar"))
        .filter(
            e -> JOB_JAR_ONLY.stream().noneMatch(Path.of(e).getFileName().toString()::startsWith))
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
