package io.streamplex.data;

import io.streamplex.schema.Feature;
import io.streamplex.schema.TrainingExample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reader of the Criteo Kaggle DAC sample ({@code train_examples.txt}: {@code label, I1..I13,
 * C1..C26}, tab-separated, no header) as a CTR view.
 *
 * <ul>
 *   <li>label 1 → true, 0 → false; anything else, or a line without exactly 40 fields, is
 *       malformed.
 *   <li>I1..I13 are {@code NUMERIC} with the raw integer in {@code number} (the model's spec
 *       applies any transform); C1..C26 are {@code CATEGORICAL} hashes. An empty field is missing.
 *   <li>The rows are anonymous impressions in chronological order without timestamps: user id and
 *       item id are the request id {@code criteo-10k:train_examples.txt:LINE}, event time is 0, and
 *       file order is the time order. Every field is {@code CONTEXT}-side.
 * </ul>
 */
public final class Criteo {
  public static final String NAME = "criteo-10k";
  public static final String FILE = "train_examples.txt";
  public static final int NUMERIC_FIELDS = 13;
  public static final int CATEGORICAL_FIELDS = 26;

  /** I1..I13 then C1..C26. */
  public static final List<FieldSpec> CTR_FIELDS = fields();

  private Criteo() {}

  private static List<FieldSpec> fields() {
    List<FieldSpec> f = new ArrayList<>();
    for (int i = 1; i <= NUMERIC_FIELDS; i++) {
      f.add(FieldSpec.numeric("I" + i, FieldSpec.Side.CONTEXT));
    }
    for (int i = 1; i <= CATEGORICAL_FIELDS; i++) {
      f.add(FieldSpec.categorical("C" + i, FieldSpec.Side.CONTEXT));
    }
    return List.copyOf(f);
  }

  public static CtrDataset read(Path dir) throws IOException {
    ReadReport report = new ReadReport();
    List<TrainingExample> out = new ArrayList<>(10_000);
    int width = 1 + NUMERIC_FIELDS + CATEGORICAL_FIELDS;
    Lines.forEach(
        dir.resolve(FILE),
        0,
        report,
        (line, n) -> {
          String[] f = Lines.split(line, '\t', width);
          boolean label = Labels.binary(f[0], "label");
          List<Feature> features = new ArrayList<>(width - 1);
          for (int i = 1; i <= NUMERIC_FIELDS; i++) {
            String v = f[i].trim();
            features.add(
                Features.numeric(
                    "I" + i, v.isEmpty() ? null : (double) Lines.parseLong(v, "I" + i)));
          }
          for (int i = 1; i <= CATEGORICAL_FIELDS; i++) {
            features.add(Features.categorical("C" + i, f[NUMERIC_FIELDS + i].trim()));
          }
          String id = Events.id(NAME, FILE, n);
          out.add(Examples.labelled(id, id, id, 0L, features, label));
          report.recordEmitted();
        });
    return new CtrDataset(NAME, CTR_FIELDS, out, report);
  }
}
