package io.streamplex.ctr.eval;

import io.streamplex.ctr.data.EmbeddingSchema;
import io.streamplex.ctr.data.EncodedData;
import io.streamplex.ctr.data.FieldSpec;
import io.streamplex.ctr.data.Splits;
import io.streamplex.ctr.models.ModelConfig;
import io.streamplex.data.CtrDataset;
import java.util.List;

/**
 * A dataset's train / validation / test splits encoded for one model, with the split written as a
 * model artifact's provenance records it ("random 80/10/10", "time 80/10/10"), so that a later step
 * (compression, scoring) can draw exactly the same splits again from the provenance.
 */
public record SplitData(
    String dataset,
    String split,
    long seed,
    EncodedData train,
    EncodedData valid,
    EncodedData test) {

  /** "random 80/10/10" or "time 80/10/10". */
  public static String describe(String kind) {
    return kind(kind) + " 80/10/10";
  }

  private static String kind(String split) {
    String kind = split.trim().split("\\s+")[0];
    if (!kind.equals("random") && !kind.equals("time")) {
      throw new IllegalArgumentException("split must be random or time, was '" + split + "'");
    }
    if (split.trim().contains(" ") && !split.trim().endsWith(" 80/10/10")) {
      throw new IllegalArgumentException(
          "only 80/10/10 splits can be drawn again, not '" + split + "'");
    }
    return kind;
  }

  private static Splits.Split draw(CtrDataset data, String split, long seed) {
    return CtrBench.split(data, kind(split), seed);
  }

  /**
   * Splits by seed and fits the embedding schema (vocabularies, numeric bounds) on the training
   * split only, with the config's fields or the dataset's defaults.
   */
  public static SplitData fit(CtrDataset data, ModelConfig config, String split, long seed) {
    Splits.Split s = draw(data, split, seed);
    List<FieldSpec> fields =
        config.fields != null ? config.fields : CtrBench.fields(data, CtrBench.Protocol.DEFAULT);
    return encode(data, EmbeddingSchema.fit(fields, s.train()), s, split, seed);
  }

  /** Draws the splits again and encodes them with an existing model's schema. */
  public static SplitData encode(CtrDataset data, EmbeddingSchema schema, String split, long seed) {
    return encode(data, schema, draw(data, split, seed), split, seed);
  }

  private static SplitData encode(
      CtrDataset data, EmbeddingSchema schema, Splits.Split s, String split, long seed) {
    return new SplitData(
        data.name(),
        describe(split),
        seed,
        EncodedData.encode(schema, s.train()),
        EncodedData.encode(schema, s.valid()),
        EncodedData.encode(schema, s.test()));
  }
}
