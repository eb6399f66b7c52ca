package io.streamplex.ctr.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.schema.Feature;
import io.streamplex.schema.TrainingExample;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncodedDataTest {

  private static final List<FieldSpec> FIELDS =
      List.of(
          new FieldSpec("color", FieldSpec.Kind.CATEGORICAL, 1, FieldSpec.Pooling.MEAN, 2, null),
          FieldSpec.multi("tags", 2),
          FieldSpec.numeric("price"));

  private static TrainingExample ex(
      int k, String color, List<String> tags, Double price, Boolean label) {
    return SyntheticCtr.example(
        k,
        "u",
        "i",
        List.of(
            SyntheticCtr.cat("color", color),
            Feature.newBuilder().setName("tags").setValues(tags).setNumber(null).build(),
            Feature.newBuilder().setName("price").setValues(List.of()).setNumber(price).build()),
        label);
  }

  @Test
  void vocabularyMinCountOovMissingAndPooling() {
    List<TrainingExample> train =
        List.of(
            ex(0, "red", List.of("a", "b"), 10.0, true),
            ex(1, "red", List.of("b"), 30.0, false),
            ex(2, "blue", List.of(), 20.0, true));
    EmbeddingSchema schema = EmbeddingSchema.fit(FIELDS, train);
    // color: red seen twice (kept), blue once (below minCount 2 → OOV); + OOV and missing rows
    assertEquals(3, schema.tableRows(0));
    assertEquals(4, schema.tableRows(1));
    assertEquals(2, schema.tableRows(2));
    EncodedData d =
        EncodedData.encode(
            schema,
            List.of(
                ex(3, "red", List.of("b", "a", "c"), 25.0, true),
                ex(4, "blue", List.of(), Double.NaN, false),
                ex(5, "green", List.of("zzz"), 40.0, false)));
    int slots = schema.slotsPerExample();
    assertEquals(1 + 2 + 1, slots);
    // example 3: red → row 2; tags truncated to the first 2 values (b → 3, a → 2), mean 1/2
    assertEquals(2, d.rows[0]);
    assertEquals(3, d.rows[1]);
    assertEquals(2, d.rows[2]);
    assertEquals(2, d.counts[1]);
    assertEquals(0.5f, d.factors[1]);
    // price 25 between the training bounds 10 and 30 → 0.75
    assertEquals(0.75f, d.factors[2], 1e-6);
    assertEquals(0, d.rows[3]);
    // example 4: blue is OOV; no tags → missing row; NaN price → missing row with factor 1
    assertEquals(Vocabulary.OOV_ROW, d.rows[slots]);
    assertEquals(Vocabulary.MISSING_ROW, d.rows[slots + 1]);
    assertEquals(1, d.counts[3 + 1]);
    assertEquals(EmbeddingSchema.NUMERIC_MISSING_ROW, d.rows[slots + 3]);
    assertEquals(1f, d.factors[3 + 2]);
    // example 5: unseen tag → OOV; price 40 clips to 1
    assertEquals(Vocabulary.OOV_ROW, d.rows[2 * slots + 1]);
    assertEquals(1f, d.factors[6 + 2]);
    assertTrue(d.labels[0] && !d.labels[1]);
  }

  @Test
  void missingLabelAndDuplicateFieldsAreRefused() {
    List<TrainingExample> train = List.of(ex(0, "red", List.of(), 1.0, true));
    EmbeddingSchema schema = EmbeddingSchema.fit(FIELDS, train);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> EncodedData.encode(schema, List.of(ex(9, "red", List.of(), 1.0, null))));
    assertTrue(e.getMessage().contains("r9"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> EmbeddingSchema.fit(List.of(FieldSpec.numeric("x"), FieldSpec.numeric("x")), train));
  }
}
