package io.streamplex.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamplex.schema.codec.DecodeException;
import io.streamplex.schema.codec.SchemaCatalog;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Prints a topic's records as JSON lines, whatever their type: the single-object header names the
 * schema. Bytes that do not decode are printed with the reason, never skipped.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = "Consume a topic and print its records as JSON, one per line.")
public final class InspectCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--bootstrap-servers",
      defaultValue = "localhost:9092",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
  String bootstrap;

  @Option(names = "--topic", required = true, description = "Topic to read.")
  String topic;

  @Option(
      names = "--max-records",
      defaultValue = "20",
      description = "Stop after this many records; 0 for no limit (default: ${DEFAULT-VALUE}).")
  long maxRecords;

  @Option(
      names = "--idle-timeout",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Stop when no record arrives for this long (default: ${DEFAULT-VALUE}).")
  Duration idleTimeout;

  @Option(
      names = "--read-uncommitted",
      description = "Also show records of open or aborted transactions (default: read_committed).")
  boolean readUncommitted;

  @Option(names = "--json", description = "End with one JSON summary line.")
  boolean json;

  @Override
  public Integer call() {
    if (maxRecords < 0) {
      throw new UserException("--max-records must be 0 or more, not " + maxRecords);
    }
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        readUncommitted ? "read_uncommitted" : "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
    SchemaCatalog catalog = SchemaCatalog.standard();
    ObjectMapper mapper = new ObjectMapper();
    PrintWriter out = spec.commandLine().getOut();
    TreeMap<String, Long> byType = new TreeMap<>();
    long count = 0;
    long undecodable = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
      if (infos == null || infos.isEmpty()) {
        throw new UserException("topic '" + topic + "' does not exist on " + bootstrap);
      }
      List<TopicPartition> parts = new ArrayList<>();
      infos.forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      long idleSince = System.nanoTime();
      while (maxRecords == 0 || count < maxRecords) {
        var records = consumer.poll(Duration.ofMillis(200));
        if (records.isEmpty()) {
          if (System.nanoTime() - idleSince > idleTimeout.toNanos()) {
            break;
          }
          continue;
        }
        idleSince = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> r : records) {
          ObjectNode line = mapper.createObjectNode();
          line.put("partition", r.partition());
          line.put("offset", r.offset());
          line.put("timestamp", r.timestamp());
          if (r.key() != null) {
            line.put("key", new String(r.key(), StandardCharsets.UTF_8));
          }
          try {
            SpecificRecord value = catalog.decode(r.value());
            line.put("type", value.getSchema().getName());
            line.set("value", mapper.readTree(SchemaCatalog.toJson(value)));
            byType.merge(value.getSchema().getName(), 1L, Long::sum);
          } catch (DecodeException e) {
            undecodable++;
            line.put("error", e.errorType().name());
            line.put("reason", e.getMessage());
            line.put(
                "raw_hex",
                r.value() == null
                    ? null
                    : HexFormat.of().formatHex(r.value(), 0, Math.min(64, r.value().length)));
          } catch (Exception e) {
            throw new IllegalStateException("cannot render record at offset " + r.offset(), e);
          }
          out.println(line);
          count++;
          if (maxRecords != 0 && count >= maxRecords) {
            break;
          }
        }
      }
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new UserException(
          "no Kafka broker answered at " + bootstrap + " (" + e.getMessage() + ")", e);
    }
    if (json) {
      ObjectNode summary = mapper.createObjectNode();
      summary.put("topic", topic);
      summary.put("records", count);
      summary.put("undecodable", undecodable);
      ObjectNode types = summary.putObject("types");
      byType.forEach(types::put);
      out.println(summary);
    }
    out.flush();
    return 0;
  }
}
