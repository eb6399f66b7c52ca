package io.streamplex.data;

import io.streamplex.schema.Feature;
import io.streamplex.schema.TrainingExample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reader of Frappe in the AFN/BARS libsvm form ({@code label idx:1 ×10}) as a CTR view. Only the
 * {@link Split#VALID} and {@link Split#TEST} files are staged; train on valid, test on test.
 *
 * <p>The ten one-hot indices are global ids in contiguous blocks, one block per field in the order
 * of the bundled README: user (957), item (4,082), daytime (7), weekday (7), isweekend (2),
 * homework (3), cost (2), weather (9), country (80), city (233), 5,382 in all. Each field becomes a
 * {@code CATEGORICAL} value = the index minus its block's start, so it reads as the field's own id.
 * A line whose i-th index is not in the i-th block, whose value is not 1, or whose label is not 0/1
 * is malformed. No timestamps: event time 0, file order.
 */
public final class Frappe {
  public static final String NAME = "frappe";

  /** The two staged files. */
  public enum Split {
    VALID("valid.libsvm"),
    TEST("test.libsvm");

    public final String file;

    Split(String file) {
      this.file = file;
    }
  }

  static final String[] FIELD_NAMES = {
    "user",
    "item",
    "daytime",
    "weekday",
    "isweekend",
    "homework",
    "cost",
    "weather",
    "country",
    "city"
  };
  static final int[] CARDINALITY = {957, 4082, 7, 7, 2, 3, 2, 9, 80, 233};

  public static final List<FieldSpec> CTR_FIELDS = fields();

  private Frappe() {}

  private static List<FieldSpec> fields() {
    List<FieldSpec> f = new ArrayList<>();
    for (String name : FIELD_NAMES) {
      FieldSpec.Side side =
          switch (name) {
            case "user" -> FieldSpec.Side.USER;
            case "item", "cost" -> FieldSpec.Side.ITEM;
            default -> FieldSpec.Side.CONTEXT;
          };
      f.add(FieldSpec.categorical(name, side));
    }
    return List.copyOf(f);
  }

  /** Both staged files, valid then test; request ids name the file. */
  public static CtrDataset read(Path dir) throws IOException {
    CtrDataset valid = read(dir, Split.VALID);
    CtrDataset test = read(dir, Split.TEST);
    List<TrainingExample> all = new ArrayList<>(valid.examples());
    all.addAll(test.examples());
    ReadReport report = new ReadReport();
    report.addAll(valid.report());
    report.addAll(test.report());
    return new CtrDataset(NAME, CTR_FIELDS, all, report);
  }

  /**
   * The examples of {@link #read(Path)}'s combined view that came from {@code split}'s file (known
   * by their request ids), in file order.
   */
  public static List<TrainingExample> part(CtrDataset all, Split split) {
    String prefix = Events.id(NAME, split.file, 0);
    prefix = prefix.substring(0, prefix.length() - 1);
    List<TrainingExample> out = new ArrayList<>();
    for (TrainingExample e : all.examples()) {
      if (e.getRequestId().startsWith(prefix)) {
        out.add(e);
      }
    }
    return out;
  }

  /** One staged file. */
  public static CtrDataset read(Path dir, Split split) throws IOException {
    int[] start = new int[CARDINALITY.length];
    for (int i = 1; i < start.length; i++) {
      start[i] = start[i - 1] + CARDINALITY[i - 1];
    }
    ReadReport report = new ReadReport();
    List<TrainingExample> out = new ArrayList<>();
    Lines.forEach(
        dir.resolve(split.file),
        0,
        report,
        (line, n) -> {
          String[] tok = line.trim().split("\\s+");
          if (tok.length != 1 + FIELD_NAMES.length) {
            throw new MalformedLineException(
                "expected label and " + FIELD_NAMES.length + " indices");
          }
          boolean label = Labels.binary(tok[0], "label");
          List<Feature> features = new ArrayList<>(FIELD_NAMES.length);
          for (int i = 0; i < FIELD_NAMES.length; i++) {
            int colon = tok[i + 1].indexOf(':');
            if (colon < 0 || !tok[i + 1].substring(colon + 1).equals("1")) {
              throw new MalformedLineException("token not index:1");
            }
            long index = Lines.parseLong(tok[i + 1].substring(0, colon), "index");
            long local = index - start[i];
            if (local < 0 || local >= CARDINALITY[i]) {
              throw new MalformedLineException("index outside the " + FIELD_NAMES[i] + " block");
            }
            features.add(Features.categorical(FIELD_NAMES[i], Long.toString(local)));
          }
          String id = Events.id(NAME, split.file, n);
          String user = features.get(0).getValues().get(0);
          String item = features.get(1).getValues().get(0);
          out.add(Examples.labelled(id, user, item, 0L, features, label));
          report.recordEmitted();
        });
    return new CtrDataset(NAME, CTR_FIELDS, out, report);
  }
}
