package io.streamplex.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.schema.TrainingExample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Criteo, Avazu and Frappe CTR views against the staged files and against broken lines. */
class CtrSamplesTest {
  private static List<String> values(TrainingExample e, String field) {
    return Features.find(e.getFeatures(), field).getValues();
  }

  private static Double number(TrainingExample e, String field) {
    return Features.find(e.getFeatures(), field).getNumber();
  }

  private static void assertEveryExampleHoldsTheFields(CtrDataset ctr) {
    for (TrainingExample e : ctr.examples()) {
      assertEquals(ctr.fieldNames(), e.getFeatures().stream().map(f -> f.getName()).toList());
    }
  }

  @Test
  void criteo() throws IOException {
    CtrDataset c = Criteo.read(DatasetAssumptions.assumeDataset("criteo-kaggle-dac-first10k"));
    assertEquals(0, c.report().malformedCount(), c.report().summary());
    assertEquals(10_000, c.size());
    assertEquals(2_182, c.positives());
    assertEquals(39, c.fields().size());
    assertEquals(13, c.fieldNames(FieldSpec.Kind.NUMERIC).size());
    assertEveryExampleHoldsTheFields(c);
    TrainingExample first = c.examples().get(0);
    assertEquals("criteo-10k:train_examples.txt:1", first.getRequestId());
    assertEquals(false, first.getLabel());
    assertEquals(1382.0, number(first, "I5"));
    assertNull(number(first, "I12"), "empty I12 is missing");
    assertEquals(List.of("68fd1e64"), values(first, "C1"));
    assertEquals(List.of(), values(first, "C22"), "empty C22 is missing");
    assertEquals(List.of("9727dd16"), values(first, "C26"));
    // distinct values per column as counted when staging (PROVENANCE.md), where "empty" counted
    // as one value: C1 has no empty field, C3 has some
    assertEquals(175, distinct(c, "C1"));
    assertEquals(5_521 - 1, distinct(c, "C3"));
    assertTrue(c.examples().stream().anyMatch(e -> values(e, "C3").isEmpty()));
  }

  private static long distinct(CtrDataset c, String field) {
    return c.examples().stream().flatMap(e -> values(e, field).stream()).distinct().count();
  }

  @Test
  void avazu() throws IOException {
    CtrDataset a = Avazu.read(DatasetAssumptions.assumeDataset("avazu-ctr-first10k"));
    assertEquals(0, a.report().malformedCount(), a.report().summary());
    assertEquals(9_999, a.size());
    assertEquals(1_706, a.positives());
    assertEquals(23, a.fields().size());
    assertEquals("hour_of_day", a.fieldNames().get(1));
    assertEveryExampleHoldsTheFields(a);
    TrainingExample first = a.examples().get(0);
    assertEquals("1000009418151094273", first.getItemId());
    assertEquals("ip:ddd2926e/44956a24", first.getUserId(), "placeholder device id");
    assertEquals(1_413_849_600_000L, first.getEventTime().toEpochMilli()); // 2014-10-21T00Z
    assertEquals(List.of("00"), values(first, "hour_of_day"));
    assertEquals(List.of("-1"), values(first, "C20"));
    assertEquals(List.of("100084"), values(a.examples().get(1), "C20"));
  }

  @Test
  void frappe() throws IOException {
    Path dir = DatasetAssumptions.assumeDataset("frappe-afn-split-partial");
    CtrDataset valid = Frappe.read(dir, Frappe.Split.VALID);
    CtrDataset test = Frappe.read(dir, Frappe.Split.TEST);
    assertEquals(0, valid.report().malformedCount() + test.report().malformedCount());
    assertEquals(57_722, valid.size());
    assertEquals(19_063, valid.positives());
    assertEquals(28_860, test.size());
    assertEquals(9_536, test.positives());
    assertEveryExampleHoldsTheFields(test);
    // test line 1: 0 204:1 4798:1 5041:1 5046:1 5053:1 5055:1 5058:1 5060:1 5073:1 5183:1
    TrainingExample first = test.examples().get(0);
    assertEquals(
        List.of("204", "3841", "2", "0", "0", "0", "0", "0", "4", "34"),
        first.getFeatures().stream().map(f -> f.getValues().get(0)).toList());
    assertEquals("204", first.getUserId());
    assertEquals(86_582, Frappe.read(dir).size());
  }

  @Test
  void brokenLinesAreCountedPerReader(@TempDir Path dir) throws IOException {
    String good = "1\t" + "3\t".repeat(13) + "aa\t".repeat(25) + "bb";
    Files.writeString(
        dir.resolve(Criteo.FILE), good + "\n2" + good.substring(1) + "\n" + "1\tx\n" + good + "\n");
    CtrDataset c = Criteo.read(dir);
    assertEquals(2, c.size());
    assertEquals(
        Map.of("label not 0/1", 1L, "expected 40 fields", 1L), c.report().malformedByReason());

    String row = "1,0,14102100,1005,0,s,s,s,a,a,a,d,ip,m,1,2,15706,320,50,1722,0,35,-1,79";
    Files.writeString(
        dir.resolve(Avazu.FILE),
        Avazu.HEADER + "\n" + row + "\n" + row.replace("14102100", "14139900") + "\n" + "x,y\n");
    CtrDataset a = Avazu.read(dir);
    assertEquals(1, a.size());
    assertEquals("d", a.examples().get(0).getUserId());
    assertEquals(
        Map.of("hour not YYMMDDHH", 1L, "expected 24 fields", 1L), a.report().malformedByReason());

    Files.writeString(
        dir.resolve("valid.libsvm"),
        "1 0:1 957:1 5039:1 5046:1 5053:1 5055:1 5058:1 5060:1 5069:1 5149:1\n"
            + "1 957:1 0:1 5039:1 5046:1 5053:1 5055:1 5058:1 5060:1 5069:1 5149:1\n"
            + "0 0:1 957:1 5039:1 5046:1 5053:1 5055:1 5058:1 5060:1 5069:1\n"
            + "0 0:1 957:1 5039:1 5046:1 5053:1 5055:1 5058:1 5060:1 5069:1 5149:0.5\n");
    CtrDataset f = Frappe.read(dir, Frappe.Split.VALID);
    assertEquals(1, f.size());
    assertEquals(3, f.report().malformedCount());
    assertTrue(f.report().malformedByReason().containsKey("index outside the user block"));
  }
}
