package io.streamplex.ctr.models;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;

/**
 * An ensemble as JSON: {@code {"name": ..., "type": "ENSEMBLE", "members": [config, ...]}}, each
 * member a bundled config name or a config file path, trained as a model of its own.
 */
public final class EnsembleConfig {

  public static final String TYPE = "ENSEMBLE";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public String name;
  public String type = TYPE;
  public List<String> members;

  /** Whether a config document describes an ensemble rather than one model. */
  public static boolean isEnsemble(JsonNode config) {
    return TYPE.equals(config.path("type").asText());
  }

  public static EnsembleConfig parse(String json) {
    try {
      EnsembleConfig c = JSON.readValue(json, EnsembleConfig.class);
      if (c.members == null || c.members.size() < 2) {
        throw new IllegalArgumentException(
            "an ensemble config needs at least two members, got " + c.members);
      }
      if (c.name == null) {
        c.name = String.join("+", c.members);
      }
      return c;
    } catch (IOException e) {
      throw new IllegalArgumentException("bad ensemble config: " + e.getMessage(), e);
    }
  }
}
