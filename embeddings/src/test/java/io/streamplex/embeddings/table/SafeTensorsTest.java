package io.streamplex.embeddings.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

  @TempDir Path dir;

  @Test
  void segmentedTensorsRoundTripWithAnAlignedLittleEndianLayout() throws IOException {
    Path f = dir.resolve("t.safetensors");
    float[] a = {1f, -2f, 3.5f};
    float[] b = {4f, 5f, 6f};
    SafeTensors.write(
        f,
        Map.of("format", "x"),
        List.of(
            new SafeTensors.Tensor("w", new long[] {2, 3}, List.of(a, b)),
            new SafeTensors.Tensor("bias", new long[] {1}, new float[] {0.25f})));
    byte[] bytes = Files.readAllBytes(f);
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long headerLen = buf.getLong();
    assertEquals(0, headerLen % 8);
    // the first value of w is the first data float, little-endian
    assertEquals(1f, buf.getFloat((int) (8 + headerLen)));
    try (SafeTensors.Reader in = SafeTensors.open(f)) {
      assertEquals("x", in.metadata().get("format"));
      assertEquals(List.of("w", "bias"), List.copyOf(in.tensors().keySet()));
      assertArrayEquals(new long[] {2, 3}, in.tensors().get("w").shape());
      float[] x = new float[2];
      float[] y = new float[4];
      in.read("w", x, y);
      assertArrayEquals(new float[] {1f, -2f}, x);
      assertArrayEquals(new float[] {3.5f, 4f, 5f, 6f}, y);
      float[] bias = new float[1];
      in.read("bias", bias);
      assertEquals(0.25f, bias[0]);
    }
  }

  @Test
  void aShapeThatDoesNotMatchTheValuesIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SafeTensors.write(
                    dir.resolve("bad"),
                    Map.of(),
                    List.of(new SafeTensors.Tensor("w", new long[] {2, 2}, new float[3]))));
    assertTrue(e.getMessage().contains("tensor w: shape [2, 2] needs 4 values, got 3"));
  }

  @Test
  void anotherDtypeIsNamedOnRead() throws IOException {
    // as PyTorch writes a half-precision tensor
    byte[] header =
        "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}  "
            .getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.allocate(8 + header.length + 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(header.length).put(header).putInt(0);
    Path f = dir.resolve("f16.safetensors");
    Files.write(f, buf.array());
    try (SafeTensors.Reader in = SafeTensors.open(f)) {
      assertEquals("F16", in.tensors().get("h").dtype());
      IOException e = assertThrows(IOException.class, () -> in.read("h", new float[2]));
      assertTrue(e.getMessage().contains("tensor h has dtype F16, expected F32"), e.getMessage());
    }
  }
}
