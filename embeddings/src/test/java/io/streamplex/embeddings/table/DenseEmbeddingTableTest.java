package io.streamplex.embeddings.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DenseEmbeddingTableTest {

  @Test
  void lookupCopiesTheRowIntoTheCallersBuffer() {
    DenseEmbeddingTable t = new DenseEmbeddingTable("t", 5, 3);
    t.setRow(2, new float[] {9, 1, 2, 3, 9}, 1);
    float[] out = new float[7];
    t.lookup(2, out, 4);
    assertArrayEquals(new float[] {0, 0, 0, 0, 1, 2, 3}, out);
    t.accumulate(2, 0.5f, out, 4);
    assertArrayEquals(new float[] {0, 0, 0, 0, 1.5f, 3, 4.5f}, out);
    assertThrows(IndexOutOfBoundsException.class, () -> t.lookup(5, out, 0));
  }

  @Test
  void segmentedTableBehavesLikeOneArray() {
    // 4 floats per segment forces 1-row segments for dim 3: every row crosses a boundary.
    DenseEmbeddingTable small = new DenseEmbeddingTable("s", 7, 3, 1, Map.of(), 4);
    DenseEmbeddingTable big = new DenseEmbeddingTable("b", 7, 3, 1, Map.of());
    assertEquals(7, small.segments());
    assertEquals(1, big.segments());
    small.initNormal(11, 0.1f);
    big.initNormal(11, 0.1f);
    RowOptimizer adagrad = RowOptimizer.adagrad(0.1f, 1e-8f);
    float[] g = {1, -2, 3, 0.5f, 0.5f, 0.5f};
    int[] rows = {6, 3};
    small.applySparse(rows, 2, g, 0, adagrad);
    big.applySparse(rows, 2, g, 0, adagrad);
    float[] a = new float[3];
    float[] b = new float[3];
    for (int r = 0; r < 7; r++) {
      small.lookup(r, a, 0);
      big.lookup(r, b, 0);
      assertArrayEquals(b, a, "row " + r);
    }
  }

  @Test
  void initNormalIsSeededAndIndependentOfTableSize() {
    DenseEmbeddingTable a = new DenseEmbeddingTable("a", 2000, 16).initNormal(5, 0.01f);
    DenseEmbeddingTable b = new DenseEmbeddingTable("b", 10, 16).initNormal(5, 0.01f);
    DenseEmbeddingTable c = new DenseEmbeddingTable("c", 10, 16).initNormal(6, 0.01f);
    float[] x = new float[16];
    float[] y = new float[16];
    a.lookup(9, x, 0);
    b.lookup(9, y, 0);
    assertArrayEquals(x, y);
    c.lookup(9, y, 0);
    assertTrue(x[0] != y[0]);
    double sum = 0;
    double sq = 0;
    for (int r = 0; r < 2000; r++) {
      a.lookup(r, x, 0);
      for (float v : x) {
        sum += v;
        sq += v * v;
      }
    }
    double n = 2000 * 16;
    double std = Math.sqrt(sq / n - (sum / n) * (sum / n));
    assertEquals(0.01, std, 0.0005);
    assertEquals(0, sum / n, 0.0005);
  }

  @Test
  void sparseSgdAndAdagradUpdateOnlyTheGivenRows() {
    DenseEmbeddingTable t = new DenseEmbeddingTable("t", 4, 2, 1, Map.of());
    t.setRow(1, new float[] {1, 1}, 0);
    t.applySparse(new int[] {1}, 1, new float[] {0.5f, -1}, 0, RowOptimizer.sgd(0.1f));
    float[] out = new float[2];
    t.lookup(1, out, 0);
    assertArrayEquals(new float[] {0.95f, 1.1f}, out, 1e-6f);
    // Adagrad: acc = g², w -= lr g / sqrt(acc) = lr · sign(g) on the first step
    t.applyGradient(1, new float[] {2, -4}, 0, RowOptimizer.adagrad(0.1f, 0f));
    t.lookup(1, out, 0);
    assertArrayEquals(new float[] {0.85f, 1.2f}, out, 1e-6f);
    t.applyGradient(1, new float[] {2, 0}, 0, RowOptimizer.adagrad(0.1f, 0f));
    t.lookup(1, out, 0);
    assertArrayEquals(new float[] {0.85f - 0.1f * 2 / (float) Math.sqrt(8), 1.2f}, out, 1e-6f);
    t.lookup(0, out, 0);
    assertArrayEquals(new float[] {0, 0}, out);
    DenseEmbeddingTable noSlots = new DenseEmbeddingTable("n", 2, 2);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> noSlots.applyGradient(0, new float[2], 0, RowOptimizer.adagrad(0.1f, 0f)));
    assertTrue(e.getMessage().contains("'n'"), e.getMessage());
  }

  @Test
  void sparseGradientsSumRepeatedRowsInFirstTouchOrder() {
    SparseGradients g = new SparseGradients(2);
    for (int k = 0; k < 100; k++) {
      g.add(7, new float[] {1, 2}, 0, 1f);
      g.add(3, new float[] {0, 1, 1}, 1, 0.5f);
    }
    g.add(100, new float[] {4, 4}, 0, 1f);
    assertEquals(3, g.size());
    assertEquals(7, g.row(0));
    assertEquals(3, g.row(1));
    assertEquals(100, g.row(2));
    assertArrayEquals(
        new float[] {100, 200, 50, 50, 4, 4}, java.util.Arrays.copyOf(g.gradients(), 6), 1e-4f);
    DenseEmbeddingTable t = new DenseEmbeddingTable("t", 101, 2);
    g.applyTo(t, RowOptimizer.sgd(0.01f));
    float[] out = new float[2];
    t.lookup(7, out, 0);
    assertArrayEquals(new float[] {-1, -2}, out, 1e-5f);
    g.clear();
    assertEquals(0, g.size());
    g.add(5, new float[] {1, 1}, 0, 1f);
    assertArrayEquals(new float[] {1, 1}, java.util.Arrays.copyOf(g.gradients(), 2));
  }

  @Test
  void safetensorsRoundTripKeepsWeightsSlotsAndMetadata(@TempDir Path dir) throws IOException {
    DenseEmbeddingTable t =
        new DenseEmbeddingTable("ue", 33, 5, 2, Map.of("seed", "42", "strategy", "unified"));
    t.initNormal(3, 0.5f);
    t.applyGradient(4, new float[] {1, 2, 3, 4, 5}, 0, RowOptimizer.adagrad(0.1f, 1e-8f));
    Path f = dir.resolve("ue.safetensors");
    TableIO.write(t, f);
    DenseEmbeddingTable r = TableIO.read(f);
    assertEquals("ue", r.name());
    assertEquals(33, r.rows());
    assertEquals(5, r.dim());
    assertEquals(2, r.slotsPerWeight());
    assertEquals(Map.of("seed", "42", "strategy", "unified"), r.metadata());
    assertArrayEquals(t.weightSegment(0), r.weightSegment(0));
    assertArrayEquals(t.slotSegment(0), r.slotSegment(0));
    // safetensors layout: 8-byte LE header length, header padded to 8, then data
    byte[] bytes = java.nio.file.Files.readAllBytes(f);
    long headerLen =
        java.nio.ByteBuffer.wrap(bytes, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, headerLen % 8);
    assertEquals(8 + headerLen + 33L * 5 * 4 * 3, bytes.length);
  }
}
