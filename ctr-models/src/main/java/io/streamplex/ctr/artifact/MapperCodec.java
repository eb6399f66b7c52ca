package io.streamplex.ctr.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamplex.ctr.data.RowMapper;

/**
 * Saves and restores one kind of {@link RowMapper} in an artifact's config JSON: everything the
 * mapping depends on (vocabulary values, or a hashing strategy's seeds, salts and table sizes), so
 * a loaded model maps every value to the row it was trained with.
 */
public interface MapperCodec {

  /** The {@code "type"} written into the mapper's JSON object. */
  String type();

  boolean handles(RowMapper mapper);

  /** Fills out (which already holds "type") with the mapper's settings. */
  void encode(RowMapper mapper, ObjectNode out);

  RowMapper decode(JsonNode in);
}
