package io.streamplex.ctr.eval;

import io.streamplex.ctr.data.EmbeddingSchema;
import io.streamplex.ctr.data.EncodedData;
import io.streamplex.ctr.models.ModelConfig;
import io.streamplex.data.Datasets;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the exact encoded split that {@link CtrBench} trains on, so that an independent
 * implementation (e.g. {@code benchmarks/pytorch/ctr_reference.py}) can be trained on the same
 * rows, labels and vocabulary. The files are derived from the dataset: write them outside the
 * repository.
 *
 * <pre>
 * SplitExport DATASET SEED DIR [random|time]
 * </pre>
 *
 * <ul>
 *   <li>{@code meta.tsv}: per field, in model order: name, slots (most values per example), rows of
 *       its table (row 0 = out-of-vocabulary, row 1 = missing).
 *   <li>{@code train.tsv}, {@code valid.tsv}, {@code test.tsv}: one example a line, the label (0/1)
 *       then per field its row ids, comma-separated (a multi-valued field's rows are averaged).
 * </ul>
 *
 * Only one-chunk categorical fields are exported (numeric fields carry a value the format lacks).
 */
public final class SplitExport {

  private SplitExport() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: SplitExport DATASET SEED DIR [random|time]");
      System.exit(2);
    }
    ModelConfig c = new ModelConfig();
    c.seed = Long.parseLong(args[1]);
    CtrBench.EncodedSplit s =
        CtrBench.encode(Datasets.get(args[0]).ctr(), c, args.length > 3 ? args[3] : "random");
    write(s, Path.of(args[2]));
  }

  /** Writes meta.tsv and the three parts into dir (created if absent). */
  public static void write(CtrBench.EncodedSplit s, Path dir) throws IOException {
    Files.createDirectories(dir);
    EmbeddingSchema schema = s.train().schema;
    StringBuilder meta = new StringBuilder();
    for (int f = 0; f < schema.fieldCount(); f++) {
      if (schema.chunks(f) != 1 || EmbeddingSchema.isNumericRows(schema.mapper(f))) {
        throw new IllegalArgumentException(
            "field " + schema.field(f).name() + ": only one-chunk categorical fields export");
      }
      meta.append(schema.field(f).name())
          .append('\t')
          .append(schema.field(f).maxValues())
          .append('\t')
          .append(schema.tableRows(schema.tableOf(f, 0)))
          .append('\n');
    }
    Files.writeString(dir.resolve("meta.tsv"), meta);
    part(s.train(), dir.resolve("train.tsv"));
    part(s.valid(), dir.resolve("valid.tsv"));
    part(s.test(), dir.resolve("test.tsv"));
  }

  private static void part(EncodedData d, Path file) throws IOException {
    EmbeddingSchema schema = d.schema;
    int fields = schema.fieldCount();
    int slots = schema.slotsPerExample();
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      StringBuilder line = new StringBuilder();
      for (int e = 0; e < d.size; e++) {
        line.setLength(0);
        line.append(d.labels[e] ? '1' : '0');
        for (int f = 0; f < fields; f++) {
          line.append('\t');
          int base = e * slots + schema.slotOffset(f);
          for (int v = 0; v < d.counts[e * fields + f]; v++) {
            if (v > 0) {
              line.append(',');
            }
            line.append(d.rows[base + v]);
          }
        }
        w.append(line).append('\n');
      }
    }
  }
}
