package io.streamplex.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamplex.schema.Feature;
import io.streamplex.schema.TrainingExample;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExamplesTest {
  private static void assertRoundTrip(TrainingExample ex, List<FieldSpec> fields) {
    var imp = Examples.toImpression(ex, fields);
    var fb = Examples.toFeedback(ex);
    assertEquals(1, imp.getCandidates().size());
    var cand = imp.getCandidates().get(0);
    for (FieldSpec f : fields) {
      List<Feature> part =
          switch (f.side()) {
            case USER -> imp.getUserFeatures();
            case ITEM -> cand.getFeatures();
            case CONTEXT -> imp.getContext();
          };
      assertEquals(Features.find(ex.getFeatures(), f.name()), Features.find(part, f.name()));
    }
    assertEquals(ex.getRequestId(), fb.getRequestId());
    assertEquals(ex.getItemId(), fb.getItemId());
    assertEquals(ex.getLabel(), fb.getClicked());
    assertEquals(false, fb.getEventTime().isBefore(imp.getEventTime()));
    TrainingExample back = Examples.fromImpression(imp, cand, fields);
    back.setLabel(fb.getClicked());
    back.setLabelTime(fb.getEventTime());
    assertEquals(ex, back);
  }

  @Test
  void impressionAndFeedbackCarryTheExampleWhole() {
    List<FieldSpec> fields =
        List.of(
            FieldSpec.categorical("user_id", FieldSpec.Side.USER),
            FieldSpec.multi("genres", FieldSpec.Side.ITEM),
            FieldSpec.numeric("I1", FieldSpec.Side.CONTEXT),
            FieldSpec.categorical("year", FieldSpec.Side.ITEM));
    TrainingExample ex =
        Examples.labelled(
            "toy:f:1",
            "u1",
            "i9",
            1000L,
            List.of(
                Features.categorical("user_id", "u1"),
                Features.multi("genres", List.of("Drama", "War")),
                Features.numeric("I1", 3.0),
                Features.missing("year")),
            true);
    assertRoundTrip(ex, fields);
    assertEquals("toy", Examples.toImpression(ex, fields).getSource());
    ex.setLabel(null);
    var e = assertThrows(IllegalArgumentException.class, () -> Examples.toFeedback(ex));
    assertEquals("example toy:f:1 has no label, so it has no feedback", e.getMessage());
  }

  @Test
  void criteoAndAvazuReplayAsImpressionsWithLabels() throws IOException {
    DatasetAssumptions.assumeDataset("criteo-kaggle-dac-first10k");
    DatasetAssumptions.assumeDataset("avazu-ctr-first10k");
    for (String name : List.of("criteo-10k", "avazu-10k")) {
      CtrDataset ctr = Datasets.get(name).ctr();
      for (TrainingExample ex : ctr.examples().subList(0, 200)) {
        assertRoundTrip(ex, ctr.fields());
      }
    }
  }
}
