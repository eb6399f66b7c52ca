package io.streamplex.ctr.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.ctr.data.EmbeddingSchema;
import io.streamplex.ctr.data.FieldSpec;
import io.streamplex.ctr.data.Splits;
import io.streamplex.ctr.data.SyntheticCtr;
import io.streamplex.ctr.data.Vocabulary;
import io.streamplex.data.CtrDataset;
import io.streamplex.data.Datasets;
import io.streamplex.data.Features;
import io.streamplex.data.ReadReport;
import io.streamplex.schema.Feature;
import io.streamplex.schema.TrainingExample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The data protocols of {@link CtrBench} on Criteo, Avazu and Frappe (AutoInt's preparation). */
class CtrProtocolTest {

  private static CtrDataset staged(String name, int size, long positives) throws IOException {
    Assumptions.assumeTrue(
        Datasets.get(name).available(), name + " is not staged under ../shared/datasets; skipping");
    CtrDataset d = Datasets.get(name).ctr();
    assertEquals(size, d.size());
    assertEquals(positives, d.positives());
    return d;
  }

  private static Set<String> ids(List<TrainingExample> l) {
    Set<String> s = new HashSet<>();
    l.forEach(e -> s.add(e.getRequestId()));
    return s;
  }

  private static long positives(List<TrainingExample> l) {
    return l.stream().filter(e -> Boolean.TRUE.equals(e.getLabel())).count();
  }

  private static int index(List<FieldSpec> fields, String name) {
    for (int f = 0; f < fields.size(); f++) {
      if (fields.get(f).name().equals(name)) {
        return f;
      }
    }
    throw new AssertionError("no field " + name);
  }

  private static Map<String, Integer> counts(List<TrainingExample> l, String field) {
    Map<String, Integer> c = new HashMap<>();
    for (TrainingExample e : l) {
      for (String v : Features.find(e.getFeatures(), field).getValues()) {
        c.merge(v, 1, Integer::sum);
      }
    }
    return c;
  }

  /**
   * Under a rare threshold r, exactly the values seen more than r times in the training split own a
   * row; a value seen exactly r times and one never seen fall to the OOV row.
   */
  private static void assertRareThreshold(
      CtrDataset d, String field, int rare, CtrBench.Protocol p) {
    Splits.Split s = CtrBench.split(d, p.split(), 1);
    List<FieldSpec> fields = CtrBench.fields(d, p);
    int f = index(fields, field);
    assertEquals(rare + 1, fields.get(f).minCount());
    EmbeddingSchema schema = EmbeddingSchema.fit(fields, s.train());
    Map<String, Integer> counts = counts(s.train(), field);
    long kept = counts.values().stream().filter(n -> n > rare).count();
    assertTrue(kept > 0 && kept < counts.size(), field + ": some values kept, some rare");
    assertEquals(kept + 2, schema.tableRows(schema.tableOf(f, 0)));
    boolean sawBoundary = false;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      int row = schema.mapper(f).row(e.getKey(), 0);
      assertEquals(e.getValue() > rare, row != Vocabulary.OOV_ROW, e.getKey() + " " + e.getValue());
      sawBoundary |= e.getValue() == rare;
    }
    assertTrue(sawBoundary, field + " has a value seen exactly " + rare + " times");
    assertEquals(Vocabulary.OOV_ROW, schema.mapper(f).row("never-seen", 0));
  }

  /** 80/10/10 parts that are disjoint, cover the sample, and change with the seed. */
  private static Splits.Split assertRandomPartition(CtrDataset d, long seed, int train) {
    Splits.Split s = CtrBench.split(d, "random", seed);
    assertEquals(train, s.train().size());
    assertEquals(1_000, s.valid().size());
    assertEquals(1_000, s.test().size());
    Set<String> all = ids(s.train());
    all.addAll(ids(s.valid()));
    all.addAll(ids(s.test()));
    assertEquals(d.size(), all.size(), "the three parts are disjoint and cover the sample");
    assertTrue(!ids(s.test()).equals(ids(CtrBench.split(d, "random", seed + 1).test())));
    return s;
  }

  @Test
  void criteoRandomSplitRareValuesAndLogSquaredNumbers() throws IOException {
    CtrDataset d = staged("criteo-10k", 10_000, 2_182);
    CtrBench.Protocol p = new CtrBench.Protocol("random", 10, FieldSpec.Transform.LOG_SQUARED);
    Splits.Split s = assertRandomPartition(d, 1, 8_000);
    assertRareThreshold(d, "C3", 10, p);

    List<FieldSpec> fields = CtrBench.fields(d, p);
    EmbeddingSchema schema = EmbeddingSchema.fit(fields, s.train());
    int i5 = index(fields, "I5");
    assertEquals(FieldSpec.Kind.NUMERIC, fields.get(i5).kind());
    // first row's I5 = 1382: (ln 1382)² = 7.2313² = 52.29 → 52; x ≤ 2 (I2 has negatives) stays
    assertEquals(52f, schema.numericValue(i5, 1382));
    assertEquals(1f, schema.numericValue(i5, 3));
    assertEquals(2f, schema.numericValue(i5, 2));
    assertEquals(-1f, schema.numericValue(i5, -1));
    Feature firstI5 = Features.find(d.examples().get(0).getFeatures(), "I5");
    assertEquals(52f, schema.numericValue(i5, firstI5.getNumber()));
  }

  @Test
  void avazuRareThresholdFour() throws IOException {
    CtrDataset d = staged("avazu-10k", 9_999, 1_706);
    CtrBench.Protocol p = new CtrBench.Protocol("random", 4, FieldSpec.Transform.MIN_MAX);
    assertRandomPartition(d, 3, 7_999);
    assertRareThreshold(d, "site_id", 4, p);
  }

  @Test
  void frappeTrainsOnTheValidFileAndTestsOnTheTestFile() throws IOException {
    CtrDataset d = staged("frappe", 86_582, 19_063 + 9_536);
    Splits.Split s = CtrBench.split(d, "given", 1);
    // valid.libsvm: 57,722 lines, 90 % train and 10 % held out; test.libsvm: 28,860 lines
    assertEquals(51_950, s.train().size());
    assertEquals(5_772, s.valid().size());
    assertEquals(28_860, s.test().size());
    assertEquals(19_063, positives(s.train()) + positives(s.valid()));
    assertEquals(9_536, positives(s.test()));
    Set<String> pool = ids(s.train());
    pool.addAll(ids(s.valid()));
    assertEquals(57_722, pool.size(), "train and held-out parts are disjoint");
    assertTrue(pool.stream().allMatch(id -> id.startsWith("frappe:valid.libsvm:")));
    assertTrue(ids(s.test()).stream().allMatch(id -> id.startsWith("frappe:test.libsvm:")));
    Splits.Split other = CtrBench.split(d, "given", 2);
    assertEquals(s.test(), other.test(), "the test file does not depend on the seed");
    assertTrue(!ids(s.valid()).equals(ids(other.valid())), "the held-out part does");
    assertEquals("frappe:test.libsvm:1", s.test().get(0).getRequestId(), "file order kept");
    assertEquals("204", s.test().get(0).getUserId());
  }

  @Test
  void givenSplitNeedsADatasetWithGivenFiles() {
    CtrDataset syn =
        new CtrDataset(
            "syn",
            List.of(
                io.streamplex.data.FieldSpec.categorical(
                    "user", io.streamplex.data.FieldSpec.Side.USER)),
            new ArrayList<>(SyntheticCtr.generate(50, 1)),
            new ReadReport());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CtrBench.split(syn, "given", 1));
    assertTrue(e.getMessage().contains("frappe") && e.getMessage().contains("syn"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CtrBench.Protocol("stratified", 0, FieldSpec.Transform.NONE));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CtrBench.Protocol("random", -1, FieldSpec.Transform.NONE));
    IllegalArgumentException numeric =
        assertThrows(
            IllegalArgumentException.class,
            () -> CtrBench.main(new String[] {"frappe", "lr", "--numeric", "log"}));
    assertTrue(numeric.getMessage().contains("log2"), numeric.getMessage());
  }
}
