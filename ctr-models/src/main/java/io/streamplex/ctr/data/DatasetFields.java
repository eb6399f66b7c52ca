package io.streamplex.ctr.data;

import io.streamplex.data.CtrDataset;
import io.streamplex.schema.Feature;
import io.streamplex.schema.TrainingExample;
import java.util.ArrayList;
import java.util.List;

/** Default model fields for a dataset's CTR view. */
public final class DatasetFields {

  private DatasetFields() {}

  /**
   * One field per dataset field: categorical as is, multi-valued with mean pooling over as many
   * slots as the most values any example has, numeric with the given transform.
   */
  public static List<FieldSpec> of(CtrDataset d, FieldSpec.Transform numericTransform) {
    List<FieldSpec> out = new ArrayList<>();
    for (io.streamplex.data.FieldSpec f : d.fields()) {
      switch (f.kind()) {
        case CATEGORICAL -> out.add(FieldSpec.categorical(f.name()));
        case MULTI_VALUED ->
            out.add(
                new FieldSpec(
                    f.name(),
                    FieldSpec.Kind.MULTI,
                    Math.max(1, maxValues(d.examples(), f.name())),
                    FieldSpec.Pooling.MEAN,
                    1,
                    FieldSpec.Transform.NONE));
        case NUMERIC ->
            out.add(
                new FieldSpec(
                    f.name(),
                    FieldSpec.Kind.NUMERIC,
                    1,
                    FieldSpec.Pooling.SUM,
                    1,
                    numericTransform));
      }
    }
    return out;
  }

  private static int maxValues(List<TrainingExample> examples, String field) {
    int max = 0;
    for (TrainingExample e : examples) {
      for (Feature f : e.getFeatures()) {
        if (f.getName().equals(field)) {
          max = Math.max(max, f.getValues().size());
        }
      }
    }
    return max;
  }
}
