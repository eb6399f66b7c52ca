package io.streamplex.embeddings.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format for F32 tensors, shared by embedding tables and model artifacts so that
 * PyTorch reads and writes the same files: an 8-byte little-endian header length, a compact JSON
 * header padded with spaces to a multiple of 8 ({@code dtype}, {@code shape}, {@code data_offsets}
 * counted from the end of the header; {@code __metadata__} values are strings), then raw
 * little-endian buffers. A tensor's values may come in several arrays (segments) so tables larger
 * than one Java array stream through.
 */
public final class SafeTensors {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String METADATA = "__metadata__";
  private static final int IO_FLOATS = 1 << 16;

  private SafeTensors() {}

  /** A tensor to write: its values are the segments concatenated, row-major. */
  public record Tensor(String name, long[] shape, List<float[]> segments) {
    public Tensor(String name, long[] shape, float[] values) {
      this(name, shape, List.of(values));
    }

    long bytes() {
      long n = 0;
      for (float[] s : segments) {
        n += s.length;
      }
      return n * Float.BYTES;
    }
  }

  /** A tensor's header entry; begin and end count bytes from the end of the header. */
  public record Info(String name, String dtype, long[] shape, long begin, long end) {
    public long elements() {
      long n = 1;
      for (long s : shape) {
        n *= s;
      }
      return n;
    }

    public String shapeString() {
      return Arrays.toString(shape);
    }
  }

  /** Writes the tensors in the order given. */
  public static void write(Path file, Map<String, String> metadata, List<Tensor> tensors)
      throws IOException {
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject(METADATA);
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (Tensor t : tensors) {
      long elements = 1;
      for (long s : t.shape()) {
        elements *= s;
      }
      if (elements * Float.BYTES != t.bytes()) {
        throw new IllegalArgumentException(
            "tensor "
                + t.name()
                + ": shape "
                + Arrays.toString(t.shape())
                + " needs "
                + elements
                + " values, got "
                + t.bytes() / Float.BYTES);
      }
      ObjectNode n = header.putObject(t.name());
      n.put("dtype", "F32");
      var shape = n.putArray("shape");
      for (long s : t.shape()) {
        shape.add(s);
      }
      n.putArray("data_offsets").add(offset).add(offset + t.bytes());
      offset += t.bytes();
    }
    byte[] json = JSON.writeValueAsBytes(header);
    int padded = (json.length + 7) & ~7;
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(json);
    while (head.hasRemaining()) {
      head.put((byte) ' ');
    }
    head.flip();
    try (FileChannel ch =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      writeFully(ch, head);
      for (Tensor t : tensors) {
        for (float[] s : t.segments()) {
          writeFloats(ch, s);
        }
      }
    }
  }

  /** Opens a file, parses and checks its header; tensor values are read on demand. */
  public static Reader open(Path file) throws IOException {
    return new Reader(file);
  }

  /** An open safetensors file. */
  public static final class Reader implements Closeable {
    private final Path file;
    private final FileChannel ch;
    private final long dataStart;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final Map<String, Info> tensors = new LinkedHashMap<>();

    private Reader(Path file) throws IOException {
      this.file = file;
      this.ch = FileChannel.open(file, StandardOpenOption.READ);
      try {
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, len);
        long headerLen = len.flip().getLong();
        if (headerLen <= 0 || headerLen > 100_000_000 || 8 + headerLen > ch.size()) {
          throw new IOException(
              file + ": not a safetensors file (header length " + headerLen + ")");
        }
        ByteBuffer head = ByteBuffer.allocate((int) headerLen);
        readFully(ch, head);
        this.dataStart = 8 + headerLen;
        JsonNode header =
            JSON.readTree(new String(head.array(), StandardCharsets.UTF_8).stripTrailing());
        long dataBytes = ch.size() - dataStart;
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (e.getKey().equals(METADATA)) {
            e.getValue()
                .fields()
                .forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
            continue;
          }
          tensors.put(e.getKey(), info(e.getKey(), e.getValue(), dataBytes));
        }
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
    }

    private Info info(String name, JsonNode n, long dataBytes) throws IOException {
      JsonNode shapeNode = n.path("shape");
      JsonNode off = n.path("data_offsets");
      if (!shapeNode.isArray() || !off.isArray() || off.size() != 2) {
        throw new IOException(file + ": tensor " + name + " has a malformed header entry " + n);
      }
      long[] shape = new long[shapeNode.size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = shapeNode.get(i).asLong();
      }
      Info info =
          new Info(name, n.path("dtype").asText(), shape, off.get(0).asLong(), off.get(1).asLong());
      if (info.dtype().equals("F32")
          && (info.end() - info.begin() != info.elements() * Float.BYTES
              || info.begin() < 0
              || info.end() > dataBytes)) {
        throw new IOException(
            file
                + ": tensor "
                + name
                + " of shape "
                + info.shapeString()
                + " needs "
                + info.elements() * Float.BYTES
                + " bytes but its data_offsets ["
                + info.begin()
                + ", "
                + info.end()
                + ") cover "
                + (info.end() - info.begin())
                + " of the "
                + dataBytes
                + " data bytes");
      }
      return info;
    }

    public Path file() {
      return file;
    }

    public Map<String, String> metadata() {
      return Collections.unmodifiableMap(metadata);
    }

    /** Header entries by name, in file order. */
    public Map<String, Info> tensors() {
      return Collections.unmodifiableMap(tensors);
    }

    /** Reads an F32 tensor's values into the segments, which together must hold all of them. */
    public void read(String name, float[]... segments) throws IOException {
      Info info = tensors.get(name);
      if (info == null) {
        throw new IOException(file + ": no tensor " + name);
      }
      if (!info.dtype().equals("F32")) {
        throw new IOException(
            file + ": tensor " + name + " has dtype " + info.dtype() + ", expected F32");
      }
      long n = 0;
      for (float[] s : segments) {
        n += s.length;
      }
      if (n != info.elements()) {
        throw new IOException(
            file + ": tensor " + name + " has " + info.elements() + " values, expected " + n);
      }
      ch.position(dataStart + info.begin());
      for (float[] s : segments) {
        readFloats(ch, s);
      }
    }

    @Override
    public void close() throws IOException {
      ch.close();
    }
  }

  private static void writeFloats(FileChannel ch, float[] data) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(IO_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int from = 0; from < data.length; from += IO_FLOATS) {
      int n = Math.min(IO_FLOATS, data.length - from);
      buf.clear();
      buf.asFloatBuffer().put(data, from, n);
      buf.limit(n * Float.BYTES);
      writeFully(ch, buf);
    }
  }

  private static void readFloats(FileChannel ch, float[] data) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(IO_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int from = 0; from < data.length; from += IO_FLOATS) {
      int n = Math.min(IO_FLOATS, data.length - from);
      buf.clear().limit(n * Float.BYTES);
      readFully(ch, buf);
      buf.flip();
      buf.asFloatBuffer().get(data, from, n);
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      if (ch.read(buf) < 0) {
        throw new IOException("unexpected end of file");
      }
    }
  }
}
