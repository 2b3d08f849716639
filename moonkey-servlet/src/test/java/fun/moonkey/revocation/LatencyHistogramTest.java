package fun.moonkey.revocation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void callsFallIntoTheFirstBucketThatHoldsThemAndTheSlowestIntoTheLast() {
    LatencyHistogram histogram = new LatencyHistogram();
    assertEquals(0, histogram.meanMillis());
    histogram.record(5_000_000); // 5 ms: le_5ms
    histogram.record(5_999_999); // still 5 ms in whole milliseconds
    histogram.record(6_000_000); // le_10ms
    histogram.record(5_001_000_000L); // gt_5000ms

    assertArrayEquals(new long[] {2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1}, histogram.counts());
    assertEquals(4, histogram.count());
    assertEquals((5 + 5.999999 + 6 + 5001) / 4, histogram.meanMillis(), 1e-9);
  }
}
