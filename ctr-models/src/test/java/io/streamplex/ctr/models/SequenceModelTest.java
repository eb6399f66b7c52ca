package io.streamplex.ctr.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.ctr.data.EmbeddingSchema;
import io.streamplex.ctr.data.EncodedData;
import io.streamplex.ctr.data.SequenceData;
import io.streamplex.ctr.data.SyntheticCtr;
import io.streamplex.ctr.layers.GradCheck;
import io.streamplex.ctr.layers.Param;
import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.BehaviorType;
import io.streamplex.schema.TrainingExample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A model with a sequence field, end to end: whole-model gradients against finite differences
 * (including the item-table rows reached only through the behaviour sequence), and the config
 * errors.
 */
class SequenceModelTest {

  /** Behaviours for SyntheticCtr's users (u0..u39) over items i0..i59, around the examples. */
  static List<BehaviorEvent> behaviours(int perUser, long seed) {
    Random r = new Random(seed);
    List<BehaviorEvent> out = new ArrayList<>();
    for (int u = 0; u < 40; u++) {
      for (int k = 0; k < perUser; k++) {
        out.add(
            BehaviorEvent.newBuilder()
                .setEventId("b" + u + ":" + k)
                .setUserId("u" + u)
                .setItemId("i" + r.nextInt(60))
                .setBehaviorType(BehaviorType.CLICK)
                .setValue(null)
                .setEventTime(Instant.ofEpochMilli(1_000_000L + r.nextInt(60_000)))
                .setSource("test")
                .build());
      }
    }
    return out;
  }

  static ModelConfig config(String module, String extra) {
    ModelConfig c =
        ModelConfig.parse(
            "{\"type\":\"DNN\",\"embeddingDim\":4,\"dnn\":{\"hidden\":[6]},"
                + "\"sequence\":{\"module\":\""
                + module
                + "\",\"itemField\":\"item\",\"L\":12,\"m\":3,\"tau\":2"
                + extra
                + "}}");
    c.embeddingStd = 0.3;
    return c;
  }

  @ParameterizedTest
  @ValueSource(strings = {"MEAN", "TARGET_ATTENTION", "SDIM"})
  void gradientsReachTheItemTableThroughTheSequence(String module) {
    List<TrainingExample> ex = SyntheticCtr.generate(40, 2);
    EmbeddingSchema schema = EmbeddingSchema.fit(SyntheticCtr.FIELDS, ex);
    SequenceData seqs =
        SequenceData.Timelines.of(schema, "item", behaviours(20, 3)).forExamples(ex);
    EncodedData data = EncodedData.encode(schema, ex).withSequences(seqs);
    ModelConfig c = config(module, "");
    CtrModel model = CtrModel.create(c, schema, 8);
    int[] index = {3, 9, 1, 30, 22, 17, 5};
    int batch = index.length;
    for (Param p : model.params()) {
      p.zeroGrad();
    }
    model.forward(data, index, 0, batch, true);
    model.backward(data, index, 0, 1);
    Param items = null;
    for (Param p : model.params()) {
      if (p.name.equals("emb.item")) {
        items = p;
      }
    }
    // rows that are a behaviour of some example in the batch but no candidate of it
    java.util.Set<Integer> candidates = new java.util.HashSet<>();
    for (int e : index) {
      candidates.add(data.rows[e * schema.slotsPerExample() + schema.slotOffset(1)]);
    }
    int reached = 0;
    for (int t = 0; t < items.touchedCount(); t++) {
      if (!candidates.contains(items.touchedRows()[t])) {
        reached++;
      }
    }
    assertTrue(reached > 5, module + ": " + reached + " behaviour-only rows received gradient");
    Random rnd = new Random(4);
    int checked = 0;
    for (Param p : model.params()) {
      if (!p.trainable()) {
        continue;
      }
      boolean table = p == items;
      checked +=
          GradCheck.compare(
              module + " " + p.name,
              p.w,
              p.g.clone(),
              () -> model.loss(data, index, 0, batch),
              rnd,
              table ? 60 : 15);
    }
    assertTrue(checked > 60, "checked " + checked);
  }

  @ParameterizedTest
  @ValueSource(strings = {"MEAN", "TARGET_ATTENTION", "SDIM"})
  void theSequenceChangesTheScore(String module) {
    List<TrainingExample> ex = SyntheticCtr.generate(40, 2);
    EmbeddingSchema schema = EmbeddingSchema.fit(SyntheticCtr.FIELDS, ex);
    SequenceData.Timelines tl = SequenceData.Timelines.of(schema, "item", behaviours(20, 3));
    SequenceData.Timelines other = SequenceData.Timelines.of(schema, "item", behaviours(20, 8));
    CtrModel model = CtrModel.create(config(module, ""), schema, 64);
    float[] a = model.predict(EncodedData.encode(schema, ex).withSequences(tl.forExamples(ex)));
    float[] b = model.predict(EncodedData.encode(schema, ex).withSequences(other.forExamples(ex)));
    int differ = 0;
    for (int i = 0; i < a.length; i++) {
      differ += a[i] != b[i] ? 1 : 0;
    }
    assertTrue(differ > ex.size() / 2, module + ": " + differ + " of " + ex.size() + " changed");
    // a model without a sequence field ignores the sequences
    CtrModel plain = CtrModel.create(config("NONE", ""), schema, 64);
    assertEquals(
        plain.predict(EncodedData.encode(schema, ex))[0],
        plain.predict(EncodedData.encode(schema, ex).withSequences(tl.forExamples(ex)))[0]);
    assertNotEquals(model.parameterCount(), 0);
  }

  @org.junit.jupiter.api.Test
  void sequencesAreStrictlyEarlierAndTruncatedToL() {
    List<TrainingExample> ex = SyntheticCtr.generate(40, 2);
    EmbeddingSchema schema = EmbeddingSchema.fit(SyntheticCtr.FIELDS, ex);
    List<BehaviorEvent> bs = behaviours(30, 3);
    SequenceData s = SequenceData.Timelines.of(schema, "item", bs).forExamples(ex);
    for (int e = 0; e < ex.size(); e++) {
      long t = ex.get(e).getEventTime().toEpochMilli();
      String user = ex.get(e).getUserId().toString();
      long earlier =
          bs.stream()
              .filter(b -> b.getUserId().toString().equals(user))
              .filter(b -> b.getEventTime().toEpochMilli() < t)
              .count();
      assertEquals(earlier, s.fullLength(e), "example " + e);
      assertEquals(Math.min(earlier, 5), s.end(e) - s.from(e, 5));
    }
  }

  @org.junit.jupiter.api.Test
  void configErrorsNameTheProblem() {
    List<TrainingExample> ex = SyntheticCtr.generate(10, 2);
    EmbeddingSchema schema = EmbeddingSchema.fit(SyntheticCtr.FIELDS, ex);
    ModelConfig wrongField = config("SDIM", ",\"itemField\":\"movie\"");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CtrModel.create(wrongField, schema, 4));
    assertTrue(e.getMessage().contains("movie") && e.getMessage().contains("item"), e.getMessage());
    IllegalArgumentException multi =
        assertThrows(
            IllegalArgumentException.class,
            () -> CtrModel.create(config("SDIM", ",\"itemField\":\"tags\""), schema, 4));
    assertTrue(multi.getMessage().contains("categorical"), multi.getMessage());
    CtrModel model = CtrModel.create(config("TARGET_ATTENTION", ""), schema, 4);
    EncodedData noSeq = EncodedData.encode(schema, ex);
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> model.predict(noSeq));
    assertTrue(missing.getMessage().contains("behaviour sequences"), missing.getMessage());
  }
}
