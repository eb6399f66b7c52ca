package io.streamplex.ctr.data;

import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.TrainingExample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The behaviour sequence of every example, as item-table rows, for a model's sequence field (SDIM,
 * target attention, mean pooling).
 *
 * <p><b>Rule.</b> An example's sequence is all of its user's behaviours with an event time
 * <em>strictly earlier</em> than the example's, oldest first; behaviours at the same millisecond as
 * the example (MovieLens rates many films in one second) are left out, so no behaviour recorded
 * with or after the label can leak into it. A model keeps the last L of them. Behaviour items are
 * mapped to rows of the candidate item field's table with that field's mapper, so an item unseen in
 * the training split takes the table's OOV row, exactly as a candidate would.
 *
 * <p>Each user's timeline is stored once ({@link Timelines}); an example holds only where its
 * sequence ends, so a data set of n examples costs 2n ints beyond the timelines whatever L is.
 */
public final class SequenceData {

  /** Every user's behaviours as item rows in time order, shared by the splits of one data set. */
  public static final class Timelines {
    private final Map<String, Integer> userIndex;
    private final int[] userStart;
    private final long[] times;
    private final int[] rows;

    private Timelines(Map<String, Integer> userIndex, int[] userStart, long[] times, int[] rows) {
      this.userIndex = userIndex;
      this.userStart = userStart;
      this.times = times;
      this.rows = rows;
    }

    /**
     * Maps the behaviours' items through the schema's mapper for {@code itemField}.
     *
     * @param behaviours in any order; each user's are sorted by event time (stably)
     * @throws IllegalArgumentException if the field is absent or looks up more than one row
     */
    public static Timelines of(
        EmbeddingSchema schema, String itemField, List<BehaviorEvent> behaviours) {
      int f = itemFieldIndex(schema, itemField);
      RowMapper mapper = schema.mapper(f);
      Map<String, List<BehaviorEvent>> byUser = new HashMap<>();
      for (BehaviorEvent e : behaviours) {
        byUser.computeIfAbsent(e.getUserId().toString(), k -> new ArrayList<>()).add(e);
      }
      Map<String, Integer> index = new HashMap<>();
      int[] start = new int[byUser.size() + 1];
      long[] times = new long[behaviours.size()];
      int[] rows = new int[behaviours.size()];
      int u = 0;
      int n = 0;
      for (Map.Entry<String, List<BehaviorEvent>> e : byUser.entrySet()) {
        List<BehaviorEvent> list = e.getValue();
        list.sort(java.util.Comparator.comparing(BehaviorEvent::getEventTime));
        index.put(e.getKey(), u);
        start[u] = n;
        for (BehaviorEvent b : list) {
          times[n] = b.getEventTime().toEpochMilli();
          rows[n] = mapper.row(b.getItemId().toString(), 0);
          n++;
        }
        u++;
      }
      start[u] = n;
      return new Timelines(index, start, times, rows);
    }

    /** The sequences of examples, in their order (users without behaviours get empty ones). */
    public SequenceData forExamples(List<TrainingExample> examples) {
      int[] begin = new int[examples.size()];
      int[] end = new int[examples.size()];
      for (int i = 0; i < examples.size(); i++) {
        TrainingExample x = examples.get(i);
        Integer u = userIndex.get(x.getUserId().toString());
        if (u == null) {
          continue;
        }
        long t = x.getEventTime().toEpochMilli();
        int lo = userStart[u];
        int hi = userStart[u + 1];
        begin[i] = lo;
        // first behaviour at or after t: everything before it is strictly earlier
        while (lo < hi) {
          int mid = (lo + hi) >>> 1;
          if (times[mid] < t) {
            lo = mid + 1;
          } else {
            hi = mid;
          }
        }
        end[i] = lo;
      }
      return new SequenceData(rows, begin, end);
    }
  }

  private final int[] rows;
  private final int[] begin;
  private final int[] end;

  private SequenceData(int[] rows, int[] begin, int[] end) {
    this.rows = rows;
    this.begin = begin;
    this.end = end;
  }

  /** Example e's sequence is {@code rows()[from(e, L) .. end(e))}. */
  public int[] rows() {
    return rows;
  }

  public int size() {
    return begin.length;
  }

  /** One past the last behaviour of example e's sequence in {@link #rows()}. */
  public int end(int e) {
    return end[e];
  }

  /** Start of the last {@code maxLength} behaviours of example e's sequence. */
  public int from(int e, int maxLength) {
    return Math.max(begin[e], end[e] - maxLength);
  }

  /** Length of example e's sequence before truncation. */
  public int fullLength(int e) {
    return end[e] - begin[e];
  }

  static int itemFieldIndex(EmbeddingSchema schema, String itemField) {
    for (int f = 0; f < schema.fieldCount(); f++) {
      if (schema.field(f).name().equals(itemField)) {
        if (schema.field(f).kind() != FieldSpec.Kind.CATEGORICAL || schema.chunks(f) != 1) {
          throw new IllegalArgumentException(
              "sequence item field "
                  + itemField
                  + " must be categorical with one chunk, so behaviours and candidates share its"
                  + " rows");
        }
        return f;
      }
    }
    List<String> names = new ArrayList<>();
    for (int f = 0; f < schema.fieldCount(); f++) {
      names.add(schema.field(f).name());
    }
    throw new IllegalArgumentException(
        "sequence item field '" + itemField + "' is not a model field; fields: " + names);
  }

  /** Index of the candidate item field in the schema (validated as for {@link Timelines#of}). */
  public static int itemField(EmbeddingSchema schema, String itemField) {
    return itemFieldIndex(schema, itemField);
  }
}
