package io.streamplex.operators.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Driven by a fake clock: the rate is arithmetic, not a timing measurement. */
class ThroughputMeterTest {

  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong now = new AtomicLong(5 * SECOND);
  private final ThroughputMeter meter = new ThroughputMeter(Duration.ofSeconds(4), 4, now::get);

  @Test
  void rateIsEventsOverElapsedTimeBeforeTheWindowFills() {
    assertEquals(0.0, meter.ratePerSecond());
    meter.mark(300);
    now.addAndGet(2 * SECOND);
    assertEquals(
        150.0, meter.ratePerSecond(), 1e-9, "300 events over 2 s, not over the 4 s window");
  }

  @Test
  void oldBucketsSlideOutOfTheWindow() {
    for (int s = 0; s < 8; s++) {
      meter.mark(s < 4 ? 1000 : 100); // 1000/s for 4 s, then 100/s
      now.addAndGet(SECOND);
    }
    // window = the last 3 full seconds and the current, empty, bucket start
    assertEquals(100.0, meter.ratePerSecond(), 1e-9);
    assertEquals(4400, meter.total());
    now.addAndGet(10 * SECOND);
    assertEquals(0.0, meter.ratePerSecond(), "an idle window reads zero");
    assertEquals("0 events/s (total 4,400)", meter.describe());
  }

  @Test
  void partOfTheCurrentBucketCounts() {
    now.addAndGet(4 * SECOND); // window now starts at bucket 1
    meter.mark(50);
    now.addAndGet(SECOND / 2);
    // covered: buckets 1..3 full (3 s) plus half of bucket 4
    assertEquals(50 / 3.5, meter.ratePerSecond(), 1e-9);
  }

  @Test
  void badArgumentsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new ThroughputMeter(Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ThroughputMeter(Duration.ofSeconds(1), 0, System::nanoTime));
    assertThrows(IllegalArgumentException.class, () -> meter.mark(-1));
  }
}
