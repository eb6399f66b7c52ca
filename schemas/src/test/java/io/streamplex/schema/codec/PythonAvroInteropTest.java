package io.streamplex.schema.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.BehaviorType;
import io.streamplex.schema.DeadLetter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wire format is readable and writable from another language with nothing but the .avsc files:
 * Debian's python3-avro decodes what Java wrote and Java decodes what Python wrote. Skips where
 * Debian's python3 or its avro package is absent ({@code .ci/run} installs them).
 */
class PythonAvroInteropTest {

  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Path AVRO_DIR = Path.of("src/main/avro");

  @TempDir Path tmp;

  @BeforeAll
  static void needsPythonAvro() throws Exception {
    assumeTrue(Files.isExecutable(PYTHON), "skipped: no Debian python3 at " + PYTHON);
    Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import avro.io").start();
    assumeTrue(
        p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0,
        "skipped: Debian package python3-avro is not installed");
  }

  @Test
  void pythonDecodesWhatJavaWrote() throws Exception {
    AvroCodec<BehaviorEvent> codec = AvroCodec.of(BehaviorEvent.class);
    List<String> args = new ArrayList<>();
    List<BehaviorEvent> events = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      BehaviorEvent e =
          BehaviorEvent.newBuilder()
              .setEventId("e" + i)
              .setUserId("user-" + i)
              .setItemId("item-" + (i * 7))
              .setBehaviorType(i == 0 ? BehaviorType.CLICK : BehaviorType.BUY)
              .setValue(i == 2 ? null : (float) i + 0.5f)
              .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L + i))
              .setSource("java")
              .build();
      events.add(e);
      Path f = tmp.resolve("e" + i + ".bin");
      Files.write(f, codec.encode(e));
      args.add(f.toString());
    }
    List<String> lines = run("decode", AVRO_DIR.resolve("BehaviorEvent.avsc"), args);
    assertEquals(3, lines.size(), "one JSON line per record: " + lines);
    ObjectMapper json = new ObjectMapper();
    for (int i = 0; i < 3; i++) {
      JsonNode n = json.readTree(lines.get(i));
      BehaviorEvent e = events.get(i);
      assertEquals(e.getUserId(), n.get("user_id").asText());
      assertEquals(e.getItemId(), n.get("item_id").asText());
      assertEquals(e.getBehaviorType().name(), n.get("behavior_type").asText());
      assertEquals(e.getEventTime().toEpochMilli(), n.get("event_time").asLong());
      if (e.getValue() == null) {
        assertEquals(true, n.get("value").isNull());
      } else {
        assertEquals(e.getValue(), n.get("value").floatValue(), 0f);
      }
    }
  }

  @Test
  void javaDecodesWhatPythonWrote() throws Exception {
    Path out = tmp.resolve("dead.bin");
    String record =
        "{\"source_topic\":\"behaviors\",\"partition\":3,\"offset\":42,\"stage\":\"decode\","
            + "\"error_type\":\"BAD_HEADER\",\"reason\":\"written by python\",\"raw_key\":null,"
            + "\"raw_value\":\"0102\",\"record_time\":1700000000123,"
            + "\"failed_time\":1700000000456}";
    run("encode", AVRO_DIR.resolve("DeadLetter.avsc"), List.of(out.toString(), record));
    DeadLetter d = AvroCodec.of(DeadLetter.class).decode(Files.readAllBytes(out));
    assertEquals("behaviors", d.getSourceTopic());
    assertEquals(3, d.getPartition());
    assertEquals(42L, d.getOffset());
    assertEquals("written by python", d.getReason());
    assertEquals(ByteBuffer.wrap(new byte[] {1, 2}), d.getRawValue());
    assertEquals(Instant.ofEpochMilli(1_700_000_000_123L), d.getRecordTime());
  }

  private List<String> run(String mode, Path schema, List<String> rest)
      throws IOException, InterruptedException {
    Path script = tmp.resolve("single_object.py");
    try (InputStream in = getClass().getResourceAsStream("/interop/single_object.py")) {
      Files.copy(in, script);
    }
    List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), script.toString(), mode));
    cmd.add(schema.toAbsolutePath().toString());
    cmd.addAll(rest);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(true, p.waitFor(60, TimeUnit.SECONDS), "python timed out");
    assertEquals(0, p.exitValue(), "python failed: " + output);
    return output.isBlank() ? List.of() : List.of(output.strip().split("\n"));
  }
}
