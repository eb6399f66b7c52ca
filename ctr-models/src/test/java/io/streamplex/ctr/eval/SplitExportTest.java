package io.streamplex.ctr.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.ctr.data.EncodedData;
import io.streamplex.ctr.data.SyntheticCtr;
import io.streamplex.ctr.data.Vocabulary;
import io.streamplex.ctr.models.ModelConfig;
import io.streamplex.data.CtrDataset;
import io.streamplex.data.FieldSpec;
import io.streamplex.data.ReadReport;
import io.streamplex.schema.TrainingExample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitExportTest {

  @TempDir Path dir;

  /** The synthetic log without its numeric field, plus one user that only a late example has. */
  private static CtrDataset categorical() {
    List<TrainingExample> examples = new ArrayList<>();
    for (TrainingExample e : SyntheticCtr.generate(500, 3)) {
      TrainingExample c = TrainingExample.newBuilder(e).build();
      c.setFeatures(
          e.getFeatures().stream().filter(f -> !f.getName().toString().equals("price")).toList());
      examples.add(c);
    }
    return new CtrDataset(
        "syn",
        List.of(
            FieldSpec.categorical("user", FieldSpec.Side.USER),
            FieldSpec.categorical("item", FieldSpec.Side.ITEM),
            FieldSpec.categorical("device", FieldSpec.Side.CONTEXT),
            FieldSpec.multi("tags", FieldSpec.Side.ITEM)),
        examples,
        new ReadReport());
  }

  @Test
  void writesTheRowsAndLabelsTheBenchTrainsOn() throws Exception {
    ModelConfig c = new ModelConfig();
    c.seed = 4;
    CtrBench.EncodedSplit s = CtrBench.encode(categorical(), c, "random");
    SplitExport.write(s, dir);
    List<String> meta = Files.readAllLines(dir.resolve("meta.tsv"));
    assertEquals(
        List.of("user", "item", "device", "tags"),
        meta.stream().map(m -> m.split("\t")[0]).toList());
    assertEquals("3", meta.get(3).split("\t")[1], "tags have up to 3 values");
    EncodedData test = s.test();
    List<String> lines = Files.readAllLines(dir.resolve("test.tsv"));
    assertEquals(test.size, lines.size());
    assertEquals(s.train().size, Files.readAllLines(dir.resolve("train.tsv")).size());
    int slots = test.schema.slotsPerExample();
    for (int e = 0; e < test.size; e++) {
      String[] cols = lines.get(e).split("\t", -1);
      assertEquals(test.labels[e] ? "1" : "0", cols[0]);
      for (int f = 0; f < 4; f++) {
        String[] ids = cols[1 + f].split(",");
        assertEquals(test.counts[e * 4 + f], ids.length, "example " + e + " field " + f);
        for (int v = 0; v < ids.length; v++) {
          int row = Integer.parseInt(ids[v]);
          assertEquals(test.rows[e * slots + test.schema.slotOffset(f) + v], row);
          assertTrue(row < Integer.parseInt(meta.get(f).split("\t")[2]));
        }
      }
    }
    // an example without tags looks up the missing row, written as such
    boolean sawMissing = false;
    for (String l : lines) {
      sawMissing |= l.split("\t", -1)[4].equals(Integer.toString(Vocabulary.MISSING_ROW));
    }
    assertTrue(sawMissing, "some test example has no tags");
  }

  @Test
  void refusesANumericField() {
    CtrDataset withPrice =
        new CtrDataset(
            "syn",
            List.of(
                FieldSpec.categorical("user", FieldSpec.Side.USER),
                FieldSpec.numeric("price", FieldSpec.Side.ITEM)),
            SyntheticCtr.generate(100, 1),
            new ReadReport());
    CtrBench.EncodedSplit s = CtrBench.encode(withPrice, new ModelConfig(), "random");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SplitExport.write(s, dir));
    assertTrue(e.getMessage().contains("price"), e.getMessage());
  }
}
