package io.streamplex.embeddings.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamplex.embeddings.hash.CanonicalValue;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2LongOpenHashMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Distinct values of a field, ranked by count (most frequent first, ties by value) or by value, so
 * the rank of a value does not depend on the order the data arrived in. Missing values are never
 * counted. The one collisionless vocabulary: the {@link Collisionless} strategy and the CTR
 * trainer's per-field vocabulary ({@code io.streamplex.ctr.data.Vocabulary}) both rank with it.
 */
public final class Vocabulary {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> values;
  private final long[] counts;
  private final Object2IntOpenHashMap<String> index = new Object2IntOpenHashMap<>();
  private final Long2IntOpenHashMap longIndex = new Long2IntOpenHashMap();

  private Vocabulary(List<String> values, long[] counts) {
    this.values = List.copyOf(values);
    this.counts = counts;
    index.defaultReturnValue(-1);
    longIndex.defaultReturnValue(-1);
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      if (index.put(v, i) != -1) {
        throw new IllegalArgumentException("duplicate vocabulary value '" + v + "'");
      }
      long asLong = canonicalLong(v);
      if (asLong != NOT_A_LONG || "-1".equals(v)) {
        longIndex.put(asLong, i);
      }
    }
  }

  private static final long NOT_A_LONG = -1;

  /** The long whose {@link Long#toString} is {@code v}, or {@link #NOT_A_LONG}. */
  static long canonicalLong(String v) {
    try {
      long x = Long.parseLong(v);
      return Long.toString(x).equals(v) ? x : NOT_A_LONG;
    } catch (NumberFormatException e) {
      return NOT_A_LONG;
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public int size() {
    return values.size();
  }

  public String value(int rank) {
    return values.get(rank);
  }

  public long count(int rank) {
    return counts[rank];
  }

  /** Rank of {@code value}, or -1. */
  public int rank(String value) {
    return index.getInt(value);
  }

  public int rank(long value) {
    return longIndex.get(value);
  }

  /** The {@code k} most frequent values. */
  public Vocabulary top(int k) {
    int n = Math.min(k, values.size());
    return new Vocabulary(values.subList(0, n), java.util.Arrays.copyOf(counts, n));
  }

  /** The vocabulary whose ranks are the positions in {@code values}, with their counts. */
  public static Vocabulary of(List<String> values, long[] counts) {
    if (values.size() != counts.length) {
      throw new IllegalArgumentException(
          values.size() + " vocabulary values but " + counts.length + " counts");
    }
    return new Vocabulary(values, counts.clone());
  }

  /** The values in rank order. */
  public List<String> values() {
    return values;
  }

  public ObjectNode toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", "streamplex.vocabulary");
    root.put("format_version", 1);
    var vs = root.putArray("values");
    var cs = root.putArray("counts");
    for (int i = 0; i < values.size(); i++) {
      vs.add(values.get(i));
      cs.add(counts[i]);
    }
    return root;
  }

  public static Vocabulary fromJson(JsonNode root) {
    if (!"streamplex.vocabulary".equals(root.path("format").asText())) {
      throw new IllegalArgumentException("not a streamplex vocabulary");
    }
    JsonNode vs = root.path("values");
    JsonNode cs = root.path("counts");
    if (cs.size() != vs.size()) {
      throw new IllegalArgumentException(
          "vocabulary has " + vs.size() + " values but " + cs.size() + " counts");
    }
    List<String> values = new ArrayList<>();
    long[] counts = new long[vs.size()];
    for (int i = 0; i < vs.size(); i++) {
      values.add(vs.get(i).asText());
      counts[i] = cs.get(i).asLong();
    }
    return new Vocabulary(values, counts);
  }

  public void write(Path file) throws IOException {
    JSON.writeValue(file.toFile(), toJson());
  }

  public static Vocabulary read(Path file) throws IOException {
    try {
      return fromJson(JSON.readTree(Files.readAllBytes(file)));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Vocabulary v
        && v.values.equals(values)
        && java.util.Arrays.equals(v.counts, counts);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  /** How {@link Builder#build(long, Order)} ranks the kept values. */
  public enum Order {
    /** Most frequent first, ties by value: the frequency strategies' top-k. */
    BY_COUNT,
    /** By value ({@link String#compareTo}): ranks that counts cannot reorder. */
    BY_VALUE
  }

  /** Counts values; {@link #build} keeps those seen at least {@code minCount} times. */
  public static final class Builder {
    private final Object2LongOpenHashMap<String> counts = new Object2LongOpenHashMap<>();

    public Builder add(String value) {
      return add(value, 1);
    }

    public Builder add(long value) {
      return add(Long.toString(value), 1);
    }

    public Builder add(String value, long count) {
      if (!CanonicalValue.isMissing(value)) {
        counts.addTo(value, count);
      }
      return this;
    }

    public Vocabulary build(long minCount) {
      return build(minCount, Order.BY_COUNT);
    }

    /** Keeps the values seen at least {@code minCount} times, ranked in {@code order}. */
    public Vocabulary build(long minCount, Order order) {
      List<Map.Entry<String, Long>> kept = new ArrayList<>();
      for (var e : counts.object2LongEntrySet()) {
        if (e.getLongValue() >= minCount) {
          kept.add(Map.entry(e.getKey(), e.getLongValue()));
        }
      }
      kept.sort(
          order == Order.BY_VALUE
              ? Map.Entry.comparingByKey()
              : Comparator.<Map.Entry<String, Long>>comparingLong(e -> -e.getValue())
                  .thenComparing(Map.Entry::getKey));
      List<String> vs = new ArrayList<>(kept.size());
      long[] cs = new long[kept.size()];
      for (int i = 0; i < kept.size(); i++) {
        vs.add(kept.get(i).getKey());
        cs[i] = kept.get(i).getValue();
      }
      return new Vocabulary(vs, cs);
    }
  }
}
