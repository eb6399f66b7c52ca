package io.streamplex.operators.flink;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Events per second over a sliding window, for a demo or harness to print while it runs.
 *
 * <p>Flink's {@code MeterView} only moves when the metric registry updates it every 5 seconds, so
 * it cannot answer "how fast right now" from outside a job. This meter keeps the window as a ring
 * of fixed-width buckets: marking is O(1), reading sums the buckets, and memory does not grow with
 * the rate. Until one window has passed, the rate is over the time since the meter was created, not
 * diluted by the part of the window before it. Thread-safe: marks may come from a consumer thread
 * while another thread prints.
 */
public final class ThroughputMeter {

  private final long bucketNanos;
  private final long[] counts;
  private final long[] bucketOf;
  private final LongSupplier nanoClock;
  private final long start;
  private long total;

  /** A meter over {@code window}, in 10 buckets, on {@link System#nanoTime()}. */
  public ThroughputMeter(Duration window) {
    this(window, 10, System::nanoTime);
  }

  /**
   * @param window how far back the rate looks
   * @param buckets resolution: the window slides by {@code window / buckets} at a time
   * @param nanoClock monotonic time in nanoseconds
   */
  public ThroughputMeter(Duration window, int buckets, LongSupplier nanoClock) {
    if (window == null || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("throughput window must be positive, got " + window);
    }
    if (buckets < 1 || window.toNanos() / buckets < 1) {
      throw new IllegalArgumentException(
          "throughput buckets must be between 1 and the window in nanoseconds, got " + buckets);
    }
    this.bucketNanos = window.toNanos() / buckets;
    this.counts = new long[buckets];
    this.bucketOf = new long[buckets];
    Arrays.fill(bucketOf, -1);
    this.nanoClock = nanoClock;
    this.start = nanoClock.getAsLong();
  }

  /** Counts one event now. */
  public void mark() {
    mark(1);
  }

  /** Counts {@code events} events now. */
  public synchronized void mark(long events) {
    if (events < 0) {
      throw new IllegalArgumentException("cannot mark a negative number of events: " + events);
    }
    long bucket = currentBucket();
    int slot = (int) (bucket % counts.length);
    if (bucketOf[slot] != bucket) {
      bucketOf[slot] = bucket;
      counts[slot] = 0;
    }
    counts[slot] += events;
    total += events;
  }

  /** Events per second over the window (or since the meter started, if that is shorter). */
  public synchronized double ratePerSecond() {
    long elapsed = nanoClock.getAsLong() - start;
    long bucket = elapsed / bucketNanos;
    long oldest = bucket - counts.length + 1;
    long sum = 0;
    for (int i = 0; i < counts.length; i++) {
      if (bucketOf[i] >= oldest && bucketOf[i] <= bucket) {
        sum += counts[i];
      }
    }
    long covered = elapsed - Math.max(0, oldest) * bucketNanos;
    return covered <= 0 ? 0.0 : sum * 1e9 / covered;
  }

  /** Events counted since the meter started. */
  public synchronized long total() {
    return total;
  }

  /** For a status line, e.g. {@code "12,345 events/s (total 1,234,567)"}. */
  public String describe() {
    return String.format(Locale.ROOT, "%,.0f events/s (total %,d)", ratePerSecond(), total());
  }

  private long currentBucket() {
    return (nanoClock.getAsLong() - start) / bucketNanos;
  }
}
