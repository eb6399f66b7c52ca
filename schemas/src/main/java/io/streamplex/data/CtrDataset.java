package io.streamplex.data;

import io.streamplex.schema.TrainingExample;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A labelled CTR view of a dataset, the trainer's input: the field list (name, kind, side) and the
 * {@link TrainingExample}s, each holding exactly these fields in this order, with {@code label}
 * set, {@code request_id} naming the source line, {@code model_version} 0 and {@code score} 0.
 *
 * @param name dataset name as in {@link Datasets}
 * @param fields the input fields, in the order every example holds them
 * @param examples labelled examples, in the dataset's time order (file order when it has no time)
 * @param report what the read saw, including lines left out by the label rule
 */
public record CtrDataset(
    String name, List<FieldSpec> fields, List<TrainingExample> examples, ReadReport report) {

  public CtrDataset {
    fields = List.copyOf(fields);
    examples = List.copyOf(examples);
  }

  public int size() {
    return examples.size();
  }

  public long positives() {
    return examples.stream().filter(e -> Boolean.TRUE.equals(e.getLabel())).count();
  }

  /** Share of examples labelled true; NaN for an empty view. */
  public double positiveRate() {
    return examples.isEmpty() ? Double.NaN : (double) positives() / examples.size();
  }

  public List<String> fieldNames() {
    return fields.stream().map(FieldSpec::name).toList();
  }

  /** The spec of field {@code name}; the error lists the known fields. */
  public FieldSpec field(String name) {
    return fields.stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new NoSuchElementException(
                    "no field '" + name + "' in " + this.name + "; fields: " + fieldNames()));
  }

  public List<String> fieldNames(FieldSpec.Kind kind) {
    List<String> out = new ArrayList<>();
    for (FieldSpec f : fields) {
      if (f.kind() == kind) {
        out.add(f.name());
      }
    }
    return out;
  }
}
