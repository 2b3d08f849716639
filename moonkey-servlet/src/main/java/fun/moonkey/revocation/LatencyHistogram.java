package fun.moonkey.revocation;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * How long MoonKey took to answer each HTTP call, in fixed millisecond buckets, cheap enough to
 * record on every call. Lock-free and thread-safe; values only grow.
 */
public final class LatencyHistogram {

  /** Upper bounds of the buckets, in milliseconds; a last bucket holds everything slower. */
  private static final long[] BOUNDS_MILLIS = {5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000};

  private final AtomicLongArray counts = new AtomicLongArray(BOUNDS_MILLIS.length + 1);
  private final LongAdder totalNanos = new LongAdder();

  /**
   * @param nanos how long one call took
   */
  public void record(long nanos) {
    long millis = nanos / 1_000_000;
    int i = 0;
    while (i < BOUNDS_MILLIS.length && millis > BOUNDS_MILLIS[i]) {
      i++;
    }
    counts.incrementAndGet(i);
    totalNanos.add(nanos);
  }

  /** Bucket labels, {@code le_5ms} … {@code le_5000ms}, {@code gt_5000ms}, in order. */
  public String[] labels() {
    String[] labels = new String[BOUNDS_MILLIS.length + 1];
    for (int i = 0; i < BOUNDS_MILLIS.length; i++) {
      labels[i] = "le_" + BOUNDS_MILLIS[i] + "ms";
    }
    labels[BOUNDS_MILLIS.length] = "gt_" + BOUNDS_MILLIS[BOUNDS_MILLIS.length - 1] + "ms";
    return labels;
  }

  /** The count of each bucket, in the order of {@link #labels()}. */
  public long[] counts() {
    long[] copy = new long[counts.length()];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = counts.get(i);
    }
    return copy;
  }

  /** How many calls were recorded. */
  public long count() {
    long n = 0;
    for (long c : counts()) {
      n += c;
    }
    return n;
  }

  /** The mean, in milliseconds; 0 before the first call. */
  public double meanMillis() {
    long n = count();
    return n == 0 ? 0 : totalNanos.sum() / 1e6 / n;
  }
}
