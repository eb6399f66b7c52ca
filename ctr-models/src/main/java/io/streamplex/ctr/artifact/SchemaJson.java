package io.streamplex.ctr.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamplex.ctr.data.EmbeddingSchema;
import io.streamplex.ctr.data.FieldSpec;
import io.streamplex.ctr.data.RowMapper;
import io.streamplex.ctr.data.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link EmbeddingSchema} as JSON: the fields, one mapper object per field (its vocabulary, or a
 * registered strategy's settings) and the numeric bounds from the training split. Non-finite bounds
 * (fields without numeric values) are written as null, since JSON has no infinity.
 */
public final class SchemaJson {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<MapperCodec> CODECS = new CopyOnWriteArrayList<>();

  static {
    register(new StrategyCodec());
    register(
        new MapperCodec() {
          @Override
          public String type() {
            return "vocabulary";
          }

          @Override
          public boolean handles(RowMapper m) {
            return m instanceof Vocabulary;
          }

          @Override
          public void encode(RowMapper m, ObjectNode out) {
            out.put("table", m.table(0));
            ArrayNode values = out.putArray("values");
            ((Vocabulary) m).values().forEach(values::add);
          }

          @Override
          public RowMapper decode(JsonNode in) {
            List<String> values = new ArrayList<>();
            in.path("values").forEach(v -> values.add(v.asText()));
            return Vocabulary.ofValues(in.path("table").asText(), values);
          }
        });
    register(
        new MapperCodec() {
          @Override
          public String type() {
            return "numeric";
          }

          @Override
          public boolean handles(RowMapper m) {
            return EmbeddingSchema.isNumericRows(m);
          }

          @Override
          public void encode(RowMapper m, ObjectNode out) {
            out.put("table", m.table(0));
          }

          @Override
          public RowMapper decode(JsonNode in) {
            return EmbeddingSchema.numericRows(in.path("table").asText());
          }
        });
  }

  private SchemaJson() {}

  /**
   * Adds a codec for another mapper kind; vocabularies, numeric fields and every {@link
   * io.streamplex.ctr.data.StrategyRows} strategy are built in.
   */
  public static void register(MapperCodec codec) {
    CODECS.add(0, codec);
  }

  public static ObjectNode toJson(EmbeddingSchema schema) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode fields = root.putArray("fields");
    ArrayNode mappers = root.putArray("mappers");
    ArrayNode min = root.putArray("min");
    ArrayNode max = root.putArray("max");
    for (int f = 0; f < schema.fieldCount(); f++) {
      String name = schema.field(f).name();
      fields.add(JSON.valueToTree(schema.field(f)));
      RowMapper m = schema.mapper(f);
      MapperCodec codec =
          CODECS.stream()
              .filter(c -> c.handles(m))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "field "
                              + name
                              + ": row mapper "
                              + m.getClass().getName()
                              + " has no artifact codec; register a MapperCodec with"
                              + " SchemaJson.register"));
      ObjectNode mj = mappers.addObject();
      mj.put("type", codec.type());
      codec.encode(m, mj);
      bound(min, schema.min(f));
      bound(max, schema.max(f));
    }
    return root;
  }

  public static EmbeddingSchema fromJson(JsonNode root) {
    JsonNode fields = root.path("fields");
    JsonNode mappers = root.path("mappers");
    if (!fields.isArray() || mappers.size() != fields.size()) {
      throw new IllegalArgumentException(
          "schema needs equally long \"fields\" and \"mappers\" arrays, got "
              + fields.size()
              + " and "
              + mappers.size());
    }
    List<FieldSpec> specs = new ArrayList<>();
    List<RowMapper> maps = new ArrayList<>();
    double[] min = new double[fields.size()];
    double[] max = new double[fields.size()];
    for (int f = 0; f < fields.size(); f++) {
      FieldSpec spec;
      try {
        spec = JSON.treeToValue(fields.get(f), FieldSpec.class);
      } catch (Exception e) {
        throw new IllegalArgumentException("schema field " + f + ": " + e.getMessage(), e);
      }
      specs.add(spec);
      JsonNode mj = mappers.get(f);
      String type = mj.path("type").asText();
      MapperCodec codec =
          CODECS.stream()
              .filter(c -> c.type().equals(type))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "field " + spec.name() + ": unknown row mapper type '" + type + "'"));
      maps.add(codec.decode(mj));
      JsonNode lo = root.path("min").path(f);
      JsonNode hi = root.path("max").path(f);
      min[f] = lo.isNumber() ? lo.asDouble() : Double.POSITIVE_INFINITY;
      max[f] = hi.isNumber() ? hi.asDouble() : Double.NEGATIVE_INFINITY;
    }
    return new EmbeddingSchema(specs, maps, min, max);
  }

  private static void bound(ArrayNode out, double v) {
    if (Double.isFinite(v)) {
      out.add(v);
    } else {
      out.addNull();
    }
  }
}
