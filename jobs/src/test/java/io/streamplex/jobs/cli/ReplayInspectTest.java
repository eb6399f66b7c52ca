package io.streamplex.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamplex.data.Datasets;
import io.streamplex.jobs.kafka.SharedKafka;
import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.codec.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code replay} and {@code inspect} as a user runs them, against a real broker. */
@ExtendWith(SharedKafka.class)
class ReplayInspectTest {

  @Test
  void replaySendsExactlyTheSyntheticEventsAndInspectPrintsThem() throws Exception {
    String bootstrap = SharedKafka.kafka().bootstrapServers();
    CliErrorsTest.Result replay =
        CliErrorsTest.run(
            "replay",
            "--dataset",
            "synthetic",
            "--limit",
            "700",
            "--behaviors-topic",
            "ri-behaviors",
            "--bootstrap-servers",
            bootstrap,
            "--no-progress",
            "--json");
    assertEquals(0, replay.code(), replay.err());
    String[] lines = replay.out().strip().split("\n");
    JsonNode summary = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertEquals(700, summary.get("sent").asLong());
    assertEquals(700, summary.get("acknowledged").asLong());

    List<BehaviorEvent> source = Datasets.get("synthetic").behaviors().events().subList(0, 700);
    List<ConsumerRecord<byte[], byte[]>> onTopic = SharedKafka.readAll("ri-behaviors", true);
    assertEquals(700, onTopic.size());
    AvroCodec<BehaviorEvent> codec = AvroCodec.of(BehaviorEvent.class);
    java.util.Set<String> sent = new java.util.HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : onTopic) {
      BehaviorEvent e = codec.decode(r.value());
      assertEquals(e.getUserId(), new String(r.key(), StandardCharsets.UTF_8));
      sent.add(e.getEventId());
    }
    assertEquals(
        source.stream().map(BehaviorEvent::getEventId).collect(java.util.stream.Collectors.toSet()),
        sent);

    SharedKafka.produce(
        List.of(
            new ProducerRecord<>(
                "ri-behaviors", null, "garbage".getBytes(StandardCharsets.UTF_8))));
    CliErrorsTest.Result inspect =
        CliErrorsTest.run(
            "inspect",
            "--topic",
            "ri-behaviors",
            "--bootstrap-servers",
            bootstrap,
            "--max-records",
            "0",
            "--idle-timeout",
            "2s",
            "--json");
    assertEquals(0, inspect.code(), inspect.err());
    String[] printed = inspect.out().strip().split("\n");
    assertEquals(702, printed.length, "700 records, 1 garbage, 1 summary");
    ObjectMapper json = new ObjectMapper();
    JsonNode first = json.readTree(printed[0]);
    assertEquals("BehaviorEvent", first.get("type").asText());
    assertTrue(first.get("value").has("user_id"), printed[0]);
    JsonNode inspectSummary = json.readTree(printed[printed.length - 1]);
    assertEquals(701, inspectSummary.get("records").asLong());
    assertEquals(1, inspectSummary.get("undecodable").asLong());
    assertEquals(700, inspectSummary.get("types").get("BehaviorEvent").asLong());
    assertTrue(inspect.out().contains("\"error\":\"BAD_HEADER\""), inspect.out());
  }

  @Test
  void inspectNamesAMissingTopic() {
    CliErrorsTest.Result r =
        CliErrorsTest.run(
            "inspect",
            "--topic",
            "no-such-topic",
            "--bootstrap-servers",
            SharedKafka.kafka().bootstrapServers());
    assertEquals(2, r.code(), r.out());
    assertTrue(r.err().contains("no-such-topic"), r.err());
  }
}
