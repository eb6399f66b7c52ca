package io.streamplex.embeddings.metrics;

import io.streamplex.embeddings.hash.CanonicalValue;
import io.streamplex.embeddings.strategy.EmbeddingStrategy;
import io.streamplex.embeddings.strategy.TableSpec;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How much a set of strategies compresses a vocabulary, per feature.
 *
 * <ul>
 *   <li><b>collision rate</b>: the share of a feature's distinct values that read at least one row
 *       that another value, of this or of any other feature, also reads (rows of a shared Unified
 *       Embedding table count across features);
 *   <li><b>indistinguishable rate</b>: the share whose whole row tuple equals another value's of
 *       the same feature (the model cannot tell them apart at all; UE's extra chunks lower it);
 *   <li><b>rows used</b> of the rows available in the feature's tables, and the tables' bytes.
 * </ul>
 *
 * Missing values are left out: they have their own reserved rows by design.
 */
public final class EmbeddingMetrics {

  private EmbeddingMetrics() {}

  public record FeatureMetrics(
      String field,
      String strategy,
      int values,
      double collisionRate,
      double indistinguishableRate,
      long rowsUsed,
      long rowsAvailable,
      long tableBytes,
      boolean sharedTable) {}

  /** {@code vocabularies}: each feature's distinct values (duplicates are ignored). */
  public static List<FeatureMetrics> compute(
      List<? extends EmbeddingStrategy> strategies,
      Map<String, ? extends Iterable<String>> vocabularies) {
    Map<String, Integer> tableIndex = new LinkedHashMap<>();
    Map<String, Integer> tableUsers = new HashMap<>();
    for (EmbeddingStrategy s : strategies) {
      for (TableSpec t : s.tables()) {
        tableIndex.putIfAbsent(t.id(), tableIndex.size());
        tableUsers.merge(t.id(), 1, Integer::sum);
      }
    }
    Map<String, List<long[]>> keysPerField = new LinkedHashMap<>();
    Long2IntOpenHashMap readers = new Long2IntOpenHashMap();
    for (EmbeddingStrategy s : strategies) {
      Iterable<String> vocab = vocabularies.get(s.field());
      List<long[]> keys = new ArrayList<>();
      if (vocab != null) {
        Set<String> seen = new HashSet<>();
        int[] rows = new int[s.lookups()];
        for (String v : vocab) {
          if (CanonicalValue.isMissing(v) || !seen.add(v)) {
            continue;
          }
          s.rows(v, rows, 0);
          long[] k = new long[rows.length];
          for (int i = 0; i < rows.length; i++) {
            k[i] = ((long) tableIndex.get(s.tableId(i)) << 32) | (rows[i] & 0xFFFFFFFFL);
          }
          keys.add(k);
          for (long key : Arrays.stream(k).distinct().toArray()) {
            readers.addTo(key, 1);
          }
        }
      }
      keysPerField.put(s.field(), keys);
    }
    List<FeatureMetrics> out = new ArrayList<>();
    for (EmbeddingStrategy s : strategies) {
      List<long[]> keys = keysPerField.get(s.field());
      int colliding = 0;
      LongOpenHashSet used = new LongOpenHashSet();
      Map<List<Long>, Integer> tuples = new HashMap<>();
      for (long[] k : keys) {
        boolean shares = false;
        for (long key : k) {
          used.add(key);
          shares |= readers.get(key) > 1;
        }
        colliding += shares ? 1 : 0;
        tuples.merge(Arrays.stream(k).boxed().toList(), 1, Integer::sum);
      }
      int indistinguishable = 0;
      for (int c : tuples.values()) {
        indistinguishable += c > 1 ? c : 0;
      }
      long available = 0;
      long bytes = 0;
      boolean shared = false;
      for (TableSpec t : s.tables()) {
        available += t.rows();
        bytes += t.bytes();
        shared |= tableUsers.get(t.id()) > 1;
      }
      int n = keys.size();
      out.add(
          new FeatureMetrics(
              s.field(),
              s.kind(),
              n,
              n == 0 ? 0 : (double) colliding / n,
              n == 0 ? 0 : (double) indistinguishable / n,
              used.size(),
              available,
              bytes,
              shared));
    }
    return out;
  }
}
