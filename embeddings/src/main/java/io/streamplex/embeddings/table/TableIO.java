package io.streamplex.embeddings.table;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

  private TableIO() {}

  public static void write(DenseEmbeddingTable table, Path file) throws IOException {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("format", FORMAT);
    meta.put("format_version", FORMAT_VERSION);
    meta.put("name", table.name());
    for (Map.Entry<String, String> e : table.metadata().entrySet()) {
      meta.put(META_PREFIX + e.getKey(), e.getValue());
    }
    List<float[]> weights = new ArrayList<>();
    List<float[]> slots = new ArrayList<>();
    for (int s = 0; s < table.segments(); s++) {
      weights.add(table.weightSegment(s));
      if (table.slotsPerWeight() > 0) {
        slots.add(table.slotSegment(s));
      }
    }
    List<SafeTensors.Tensor> tensors = new ArrayList<>();
    tensors.add(new SafeTensors.Tensor("weight", new long[] {table.rows(), table.dim()}, weights));
    if (table.slotsPerWeight() > 0) {
      tensors.add(
          new SafeTensors.Tensor(
              "slots",
              new long[] {table.rows(), (long) table.dim() * table.slotsPerWeight()},
              slots));
    }
    SafeTensors.write(file, meta, tensors);
  }

  public static DenseEmbeddingTable read(Path file) throws IOException {
    try (SafeTensors.Reader in = SafeTensors.open(file)) {
      Map<String, String> meta = in.metadata();
      if (!FORMAT.equals(meta.get("format"))) {
        throw new IOException(file + ": not a " + FORMAT + " file");
      }
      if (!FORMAT_VERSION.equals(meta.get("format_version"))) {
        throw new IOException(file + ": unsupported format version " + meta.get("format_version"));
      }
      Map<String, String> metadata = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : meta.entrySet()) {
        if (e.getKey().startsWith(META_PREFIX)) {
          metadata.put(e.getKey().substring(META_PREFIX.length()), e.getValue());
        }
      }
      SafeTensors.Info w = in.tensors().get("weight");
      if (w == null) {
        throw new IOException(file + ": no tensor weight");
      }
      long rows = shape(file, w, 0);
      long dim = shape(file, w, 1);
      SafeTensors.Info sl = in.tensors().get("slots");
      int slotsPerWeight = sl == null ? 0 : (int) (shape(file, sl, 1) / dim);
      if (rows > Integer.MAX_VALUE || dim > Integer.MAX_VALUE) {
        throw new IOException(file + ": table shape [" + rows + ", " + dim + "] too large");
      }
      DenseEmbeddingTable table =
          new DenseEmbeddingTable(
              meta.getOrDefault("name", ""), (int) rows, (int) dim, slotsPerWeight, metadata);
      float[][] ws = new float[table.segments()][];
      for (int s = 0; s < ws.length; s++) {
        ws[s] = table.weightSegment(s);
      }
      in.read("weight", ws);
      if (slotsPerWeight > 0) {
        float[][] ss = new float[table.segments()][];
        for (int s = 0; s < ss.length; s++) {
          ss[s] = table.slotSegment(s);
        }
        in.read("slots", ss);
      }
      return table;
    }
  }

  private static long shape(Path file, SafeTensors.Info tensor, int axis) throws IOException {
    if (!"F32".equals(tensor.dtype()) || tensor.shape().length != 2) {
      throw new IOException(
          file
              + ": tensor "
              + tensor.name()
              + " must be a 2-D F32 tensor, got "
              + tensor.dtype()
              + " "
              + tensor.shapeString());
    }
    return tensor.shape()[axis];
  }
}
