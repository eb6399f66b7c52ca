package io.streamplex.jobs.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicsConfigTest {

  @TempDir Path dir;

  @Test
  void defaultsNameEveryTopicOfTheDesign() {
    TopicsConfig config = TopicsConfig.defaults();
    assertEquals(
        List.of(
            "behaviors",
            "impressions",
            "feedback",
            "scores",
            "training-examples",
            "model-updates",
            "dead-letters",
            "user-activity"),
        config.all().stream().map(TopicsConfig.TopicSpec::name).toList());
    assertEquals(1, config.partitions(StreamplexTopics.MODEL_UPDATES));
    assertEquals(4, config.partitions(StreamplexTopics.BEHAVIORS));
    assertEquals(1, config.replicationFactor());
    assertEquals(8, config.newTopics().size());
  }

  @Test
  void flinkOptionsOverrideDefaultsAndRoundTrip() {
    Configuration conf = new Configuration();
    conf.set(StreamplexTopics.SCORES.nameOption(), "scores-v2");
    conf.set(StreamplexTopics.SCORES.partitionsOption(), 12);
    TopicsConfig config = TopicsConfig.fromConfiguration(conf);
    assertEquals("scores-v2", config.name(StreamplexTopics.SCORES));
    assertEquals(12, config.partitions(StreamplexTopics.SCORES));
    assertEquals("feedback", config.name(StreamplexTopics.FEEDBACK));
    assertEquals(
        config.toString(), TopicsConfig.fromConfiguration(config.toConfiguration()).toString());
    assertTrue(
        TopicsConfig.options().stream().allMatch(o -> o.description().toString().length() > 10));
  }

  @Test
  void propertiesAndYamlFilesOverrideDefaults() throws Exception {
    Path props = dir.resolve("topics.properties");
    Files.writeString(
        props,
        "streamplex.topics.behaviors.name=ml-behaviors\n"
            + "streamplex.topics.behaviors.partitions=2\n"
            + "unrelated.setting=kept out\n");
    TopicsConfig fromProps = TopicsConfig.load(props);
    assertEquals("ml-behaviors", fromProps.name(StreamplexTopics.BEHAVIORS));
    assertEquals(2, fromProps.partitions(StreamplexTopics.BEHAVIORS));

    Path yaml = dir.resolve("topics.yaml");
    Files.writeString(
        yaml,
        "streamplex:\n"
            + "  topics:\n"
            + "    replication-factor: 1\n"
            + "    dead-letters:\n"
            + "      name: dlq\n"
            + "      partitions: 3\n"
            + "streamplex.topics.scores.partitions: 6\n");
    TopicsConfig fromYaml = TopicsConfig.load(yaml);
    assertEquals("dlq", fromYaml.name(StreamplexTopics.DEAD_LETTERS));
    assertEquals(3, fromYaml.partitions(StreamplexTopics.DEAD_LETTERS));
    assertEquals(6, fromYaml.partitions(StreamplexTopics.SCORES));
  }

  @Test
  void badSettingsAreRefusedWithTheirNames() {
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> TopicsConfig.fromMap(Map.of("streamplex.topics.behaviours.partitions", "3")));
    assertTrue(unknown.getMessage().contains("streamplex.topics.behaviours.partitions"));

    IllegalArgumentException zero =
        assertThrows(
            IllegalArgumentException.class,
            () -> TopicsConfig.fromMap(Map.of("streamplex.topics.scores.partitions", "0")));
    assertTrue(zero.getMessage().contains("at least 1 partition"), zero.getMessage());

    IllegalArgumentException badName =
        assertThrows(
            IllegalArgumentException.class,
            () -> TopicsConfig.fromMap(Map.of("streamplex.topics.scores.name", "no spaces")));
    assertTrue(badName.getMessage().contains("not a valid topic name"), badName.getMessage());

    IllegalArgumentException clash =
        assertThrows(
            IllegalArgumentException.class,
            () -> TopicsConfig.fromMap(Map.of("streamplex.topics.scores.name", "feedback")));
    assertTrue(clash.getMessage().contains("both named 'feedback'"), clash.getMessage());

    Properties notANumber = new Properties();
    notANumber.setProperty("streamplex.topics.feedback.partitions", "many");
    Exception parse = assertThrows(Exception.class, () -> TopicsConfig.fromProperties(notANumber));
    assertTrue(
        parse.getMessage().contains("streamplex.topics.feedback.partitions"), parse.getMessage());

    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class, () -> TopicsConfig.load(dir.resolve("nope.yaml")));
    assertTrue(missing.getMessage().contains("not found"), missing.getMessage());
  }
}
