package io.streamplex.embeddings.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Saves and loads tables as safetensors files, so PyTorch and the model artifact read them as they
 * are: an 8-byte little-endian header length, a JSON header padded with spaces to a multiple of 8,
 * then raw little-endian F32 buffers. Tensor {@code weight} is [rows, dim]; tensor {@code slots} is
 * [rows, dim × slotsPerWeight] when the table keeps optimizer slots. {@code __metadata__} holds the
 * format name and version, the table name and the table's metadata (seeds, strategy config), all as
 * strings, as safetensors requires.
 */
public final class TableIO {

  public static final String FORMAT = "streamplex.embedding-table";
  public static final String FORMAT_VERSION = "1";
  private static final String META_PREFIX = "meta.";
  private static final ObjectMapper JSON = new ObjectMapper();

  private TableIO() {}

  public static void write(DenseEmbeddingTable table, Path file) throws IOException {
    long weightBytes = (long) table.rows() * table.dim() * Float.BYTES;
    long slotBytes = weightBytes * table.slotsPerWeight();
    ObjectNode header = JSON.createObjectNode();
    ObjectNode meta = header.putObject("__metadata__");
    meta.put("format", FORMAT);
    meta.put("format_version", FORMAT_VERSION);
    meta.put("name", table.name());
    for (Map.Entry<String, String> e : table.metadata().entrySet()) {
      meta.put(META_PREFIX + e.getKey(), e.getValue());
    }
    tensor(header, "weight", table.rows(), table.dim(), 0, weightBytes);
    if (table.slotsPerWeight() > 0) {
      tensor(
          header,
          "slots",
          table.rows(),
          (long) table.dim() * table.slotsPerWeight(),
          weightBytes,
          weightBytes + slotBytes);
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
      for (int s = 0; s < table.segments(); s++) {
        writeFloats(ch, table.weightSegment(s));
      }
      for (int s = 0; s < table.segments() && table.slotsPerWeight() > 0; s++) {
        writeFloats(ch, table.slotSegment(s));
      }
    }
  }

  public static DenseEmbeddingTable read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, len);
      long headerLen = len.flip().getLong();
      if (headerLen <= 0 || headerLen > 100_000_000 || 8 + headerLen > ch.size()) {
        throw new IOException(file + ": not a safetensors file (header length " + headerLen + ")");
      }
      ByteBuffer head = ByteBuffer.allocate((int) headerLen);
      readFully(ch, head);
      JsonNode header =
          JSON.readTree(new String(head.array(), StandardCharsets.UTF_8).stripTrailing());
      JsonNode meta = header.path("__metadata__");
      if (!FORMAT.equals(meta.path("format").asText())) {
        throw new IOException(file + ": not a " + FORMAT + " file");
      }
      if (!FORMAT_VERSION.equals(meta.path("format_version").asText())) {
        throw new IOException(
            file + ": unsupported format version " + meta.path("format_version").asText());
      }
      Map<String, String> metadata = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = meta.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().startsWith(META_PREFIX)) {
          metadata.put(e.getKey().substring(META_PREFIX.length()), e.getValue().asText());
        }
      }
      JsonNode w = header.path("weight");
      long rows = shape(file, w, 0);
      long dim = shape(file, w, 1);
      JsonNode sl = header.path("slots");
      int slotsPerWeight = sl.isMissingNode() ? 0 : (int) (shape(file, sl, 1) / dim);
      if (rows > Integer.MAX_VALUE || dim > Integer.MAX_VALUE) {
        throw new IOException(file + ": table shape [" + rows + ", " + dim + "] too large");
      }
      DenseEmbeddingTable table =
          new DenseEmbeddingTable(
              meta.path("name").asText(), (int) rows, (int) dim, slotsPerWeight, metadata);
      long dataStart = 8 + headerLen;
      ch.position(dataStart + w.path("data_offsets").get(0).asLong());
      for (int s = 0; s < table.segments(); s++) {
        readFloats(ch, table.weightSegment(s));
      }
      if (slotsPerWeight > 0) {
        ch.position(dataStart + sl.path("data_offsets").get(0).asLong());
        for (int s = 0; s < table.segments(); s++) {
          readFloats(ch, table.slotSegment(s));
        }
      }
      return table;
    }
  }

  private static void tensor(
      ObjectNode header, String name, long rows, long cols, long from, long to) {
    ObjectNode t = header.putObject(name);
    t.put("dtype", "F32");
    t.putArray("shape").add(rows).add(cols);
    t.putArray("data_offsets").add(from).add(to);
  }

  private static long shape(Path file, JsonNode tensor, int axis) throws IOException {
    if (!"F32".equals(tensor.path("dtype").asText()) || tensor.path("shape").size() != 2) {
      throw new IOException(file + ": expected a 2-D F32 tensor, got " + tensor);
    }
    return tensor.path("shape").get(axis).asLong();
  }

  private static final int IO_FLOATS = 1 << 16;

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
