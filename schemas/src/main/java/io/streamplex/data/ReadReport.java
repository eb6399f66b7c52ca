package io.streamplex.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a dataset reader saw: lines read, records emitted, lines rejected as malformed (counted per
 * reason, the first {@value #MAX_PROBLEMS} kept with file and line) and well-formed lines left out
 * on purpose (counted per reason, e.g. a neutral rating in a CTR view).
 *
 * <p>Readers never throw on a malformed line: they record it here and go on. Not thread-safe; one
 * report belongs to one read.
 */
public final class ReadReport {
  /** How many problems are kept verbatim; the rest are only counted. */
  public static final int MAX_PROBLEMS = 20;

  /** One malformed line: where it is, why it was rejected, and a short excerpt. */
  public record Problem(String file, long line, String reason, String detail) {
    @Override
    public String toString() {
      return file + ":" + line + ": " + reason + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
  }

  private long linesRead;
  private long recordsEmitted;
  private final Map<String, Long> malformedByReason = new TreeMap<>();
  private final Map<String, Long> filteredByReason = new TreeMap<>();
  private final List<Problem> problems = new ArrayList<>();

  /** Counts one line read from a file (header lines included). */
  public void lineRead() {
    linesRead++;
  }

  /** Counts one record handed to the caller. */
  public void recordEmitted() {
    recordsEmitted++;
  }

  /** Records a malformed line; {@code detail} is cut to 120 characters. */
  public void malformed(String file, long line, String reason, String detail) {
    malformedByReason.merge(reason, 1L, Long::sum);
    if (problems.size() < MAX_PROBLEMS) {
      String d = detail == null ? "" : detail;
      problems.add(new Problem(file, line, reason, d.length() > 120 ? d.substring(0, 120) : d));
    }
  }

  /** Counts a well-formed line that the view leaves out on purpose, e.g. a rating of 3. */
  public void filtered(String reason) {
    filteredByReason.merge(reason, 1L, Long::sum);
  }

  /** Adds another report's counts and problems to this one (problems stay capped). */
  public void addAll(ReadReport other) {
    linesRead += other.linesRead;
    recordsEmitted += other.recordsEmitted;
    other.malformedByReason.forEach((k, v) -> malformedByReason.merge(k, v, Long::sum));
    other.filteredByReason.forEach((k, v) -> filteredByReason.merge(k, v, Long::sum));
    for (Problem p : other.problems) {
      if (problems.size() < MAX_PROBLEMS) {
        problems.add(p);
      }
    }
  }

  public long linesRead() {
    return linesRead;
  }

  public long recordsEmitted() {
    return recordsEmitted;
  }

  public long malformedCount() {
    return malformedByReason.values().stream().mapToLong(Long::longValue).sum();
  }

  public long filteredCount() {
    return filteredByReason.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Malformed lines per reason, sorted by reason. */
  public Map<String, Long> malformedByReason() {
    return Collections.unmodifiableMap(malformedByReason);
  }

  /** Deliberately left-out lines per reason, sorted by reason. */
  public Map<String, Long> filteredByReason() {
    return Collections.unmodifiableMap(filteredByReason);
  }

  /** The first {@value #MAX_PROBLEMS} malformed lines, in the order met. */
  public List<Problem> problems() {
    return Collections.unmodifiableList(problems);
  }

  /** A few lines for a log or a CLI summary. */
  public String summary() {
    StringBuilder sb =
        new StringBuilder()
            .append(linesRead)
            .append(" lines read, ")
            .append(recordsEmitted)
            .append(" records emitted, ")
            .append(malformedCount())
            .append(" malformed");
    if (!malformedByReason.isEmpty()) {
      sb.append(' ').append(malformedByReason);
    }
    if (!filteredByReason.isEmpty()) {
      sb.append(", ").append(filteredCount()).append(" filtered ").append(filteredByReason);
    }
    for (Problem p : problems) {
      sb.append("\n  ").append(p);
    }
    long hidden = malformedCount() - problems.size();
    if (hidden > 0) {
      sb.append("\n  … and ").append(hidden).append(" more malformed lines");
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return summary();
  }
}
