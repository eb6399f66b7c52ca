package io.streamplex.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadReportTest {
  @TempDir Path tmp;

  @Test
  void badLinesAreCountedPerReasonAndTheFirstTwentyKeptWithFileAndLine() throws IOException {
    StringBuilder sb = new StringBuilder("a,b\n");
    for (int i = 0; i < 30; i++) {
      sb.append(i % 3 == 0 ? "x\n" : i + "," + (i * 2) + "\n");
    }
    sb.append("7,notanumber\n");
    Path file = tmp.resolve("pairs.csv");
    Files.writeString(file, sb);
    // a few bytes that are not UTF-8 must not stop the read either
    Files.write(
        file,
        new byte[] {(byte) 0xC3, (byte) 0x28, ',', '1', '\n'},
        java.nio.file.StandardOpenOption.APPEND);
    ReadReport report = new ReadReport();
    List<long[]> out = new ArrayList<>();
    Lines.forEach(
        file,
        1,
        report,
        (line, n) -> {
          String[] f = Lines.splitCsv(line, 2);
          out.add(new long[] {Lines.parseLong(f[0], "a"), Lines.parseLong(f[1], "b")});
          report.recordEmitted();
        });
    assertEquals(33, report.linesRead());
    assertEquals(20, out.size());
    assertEquals(20, report.recordsEmitted());
    assertEquals(12, report.malformedCount());
    assertEquals(10L, report.malformedByReason().get("expected 2 fields"));
    assertEquals(1L, report.malformedByReason().get("b not an integer"));
    assertEquals(1L, report.malformedByReason().get("a not an integer"));
    assertEquals(
        new ReadReport.Problem("pairs.csv", 2, "expected 2 fields", "x"), report.problems().get(0));
    assertTrue(report.summary().contains("pairs.csv:32: b not an integer"), report.summary());
  }

  @Test
  void problemsAreCappedButAllCounted() {
    ReadReport r = new ReadReport();
    for (int i = 1; i <= 50; i++) {
      r.malformed("f", i, "bad", "line " + i);
    }
    assertEquals(ReadReport.MAX_PROBLEMS, r.problems().size());
    assertEquals(50, r.malformedCount());
    assertTrue(r.summary().contains("and 30 more malformed lines"), r.summary());
    ReadReport total = new ReadReport();
    total.filtered("neutral");
    total.addAll(r);
    assertEquals(50, total.malformedCount());
    assertEquals(1, total.filteredCount());
  }

  @Test
  void csvSplitterHandlesQuotesAndRejectsBrokenOnes() {
    assertArrayEquals(
        new String[] {"11", "American President, The (1995)", "Comedy|Drama"},
        Lines.splitCsv("11,\"American President, The (1995)\",Comedy|Drama", 3));
    assertArrayEquals(new String[] {"a \"b\"", ""}, Lines.splitCsv("\"a \"\"b\"\"\",", 2));
    assertEquals(
        "unterminated quoted field",
        assertThrows(MalformedLineException.class, () -> Lines.splitCsv("1,\"abc", 2))
            .getMessage());
    assertEquals(
        "text after closing quote",
        assertThrows(MalformedLineException.class, () -> Lines.splitCsv("\"a\"b,c", 2))
            .getMessage());
    assertArrayEquals(new String[] {"", "", ""}, Lines.split("\t\t", '\t'));
  }

  @Test
  void missingFileIsAClearErrorNamingThePath() {
    Path nope = tmp.resolve("nope.csv");
    var e =
        assertThrows(
            NoSuchFileException.class,
            () -> Lines.forEach(nope, 0, new ReadReport(), (l, n) -> {}));
    assertTrue(e.getMessage().contains(nope.toString()), e.getMessage());
  }
}
