package io.streamplex.ctr.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamplex.ctr.data.RowMapper;
import io.streamplex.ctr.data.StrategyRows;
import io.streamplex.embeddings.graph.GraphHashMap;
import io.streamplex.embeddings.graph.Side;
import io.streamplex.embeddings.strategy.Collisionless;
import io.streamplex.embeddings.strategy.DoubleGraphHash;
import io.streamplex.embeddings.strategy.EmbeddingStrategy;
import io.streamplex.embeddings.strategy.FrequencyHashing;
import io.streamplex.embeddings.strategy.GraphHash;
import io.streamplex.embeddings.strategy.HashingTrick;
import io.streamplex.embeddings.strategy.UnifiedEmbedding;
import io.streamplex.embeddings.strategy.UnseenPolicy;
import io.streamplex.embeddings.strategy.Vocabulary;
import java.util.Locale;

/**
 * Saves a {@link StrategyRows} field (collisionless, hashing trick, frequency, Unified Embedding,
 * GraphHash, DoubleGraphHash) with everything its rows depend on: table sizes and seeds, the
 * frequent values, a Unified Embedding table's layout and the field's chunk placement, a GraphHash
 * map (embedded whole, content hash checked on load) and the rows its NEIGHBOURS policy gave unseen
 * IDs. A loaded field maps every value to the row it was trained with.
 */
final class StrategyCodec implements MapperCodec {

  @Override
  public String type() {
    return "strategy";
  }

  @Override
  public boolean handles(RowMapper mapper) {
    return mapper instanceof StrategyRows;
  }

  @Override
  public void encode(RowMapper mapper, ObjectNode out) {
    StrategyRows sr = (StrategyRows) mapper;
    EmbeddingStrategy s = sr.strategy();
    out.put("kind", s.kind());
    out.put("field", s.field());
    if (sr.counterpartField() != null) {
      out.put("counterpart", sr.counterpartField());
    }
    if (s instanceof Collisionless c) {
      out.put("dim", c.table().dim());
      out.set("vocabulary", c.vocabulary().toJson());
    } else if (s instanceof HashingTrick h) {
      out.put("rows", h.table().rows());
      out.put("dim", h.table().dim());
      out.put("seed", h.seed());
    } else if (s instanceof FrequencyHashing q) {
      out.put("rows", q.table().rows());
      out.put("dim", q.table().dim());
      out.put("seed", q.seed());
      out.set("frequent", q.frequent().toJson());
    } else if (s instanceof UnifiedEmbedding.Feature u) {
      UnifiedEmbedding ue = u.unified();
      ObjectNode t = out.putObject("table");
      t.put("id", ue.table().id());
      t.put("subTables", ue.subTables());
      t.put("rowsPerSubTable", ue.rowsPerSubTable());
      t.put("chunkDim", ue.chunkDim());
      t.put("seed", ue.seed());
      var p = out.putArray("placement");
      for (int j = 0; j < u.lookups(); j++) {
        p.add(u.subTable(j));
      }
    } else if (StrategyRows.graphHash(s) != null) {
      graphHash(StrategyRows.graphHash(s), out);
    } else {
      throw new IllegalArgumentException(
          "field "
              + s.field()
              + ": strategy "
              + s.getClass().getName()
              + " has no artifact encoding");
    }
  }

  private static void graphHash(GraphHash g, ObjectNode out) {
    out.put("side", g.side().name());
    out.put("unseen", g.unseenPolicy().name());
    out.put("neighbourK", g.neighbourK());
    out.put("dim", g.table().dim());
    out.put("seed", g.seed());
    out.set("map", g.map().toJson());
    ObjectNode a = out.putObject("assignments");
    g.assignments().forEach(a::put);
  }

  @Override
  public RowMapper decode(JsonNode in) {
    String field = in.path("field").asText();
    String kind = in.path("kind").asText();
    try {
      EmbeddingStrategy s =
          switch (kind) {
            case "collisionless" ->
                new Collisionless(
                    field, Vocabulary.fromJson(in.path("vocabulary")), in.path("dim").asInt());
            case "hashing" ->
                new HashingTrick(
                    field,
                    in.path("rows").asInt(),
                    in.path("dim").asInt(),
                    in.path("seed").asLong());
            case "frequency" ->
                new FrequencyHashing(
                    field,
                    Vocabulary.fromJson(in.path("frequent")),
                    in.path("rows").asInt(),
                    in.path("dim").asInt(),
                    in.path("seed").asLong());
            case "unified" -> unified(field, in);
            case "graphhash", "doublegraphhash" -> {
              GraphHash g =
                  new GraphHash(
                      field,
                      GraphHashMap.fromJson(in.path("map")),
                      Side.valueOf(in.path("side").asText().toUpperCase(Locale.ROOT)),
                      UnseenPolicy.parse(in.path("unseen").asText()),
                      in.path("neighbourK").asInt(),
                      in.path("dim").asInt(),
                      in.path("seed").asLong());
              in.path("assignments")
                  .fields()
                  .forEachRemaining(e -> g.restoreAssignment(e.getKey(), e.getValue().asInt()));
              yield kind.equals("graphhash") ? g : new DoubleGraphHash(g);
            }
            default -> throw new IllegalArgumentException("unknown strategy kind '" + kind + "'");
          };
      String counterpart = in.hasNonNull("counterpart") ? in.get("counterpart").asText() : null;
      return new StrategyRows(s, counterpart);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException(
          "field " + field + " (" + kind + "): " + e.getMessage(), e);
    }
  }

  private static UnifiedEmbedding.Feature unified(String field, JsonNode in) {
    JsonNode t = in.path("table");
    // each field gets its own view of the table: rows depend only on the layout, the seed and the
    // field's placement, and the schema joins fields reading the same table id
    UnifiedEmbedding ue =
        new UnifiedEmbedding(
            t.path("id").asText(),
            t.path("subTables").asInt(),
            t.path("rowsPerSubTable").asInt(),
            t.path("chunkDim").asInt(),
            t.path("seed").asLong());
    JsonNode p = in.path("placement");
    int[] placement = new int[p.size()];
    for (int j = 0; j < placement.length; j++) {
      placement[j] = p.get(j).asInt();
    }
    return ue.addFeature(field, placement);
  }
}
