package fun.moonkey.benchmarks;

import java.util.Arrays;
import java.util.List;

/**
 * Latency percentiles of one measured run, in milliseconds: the figures the tables print and the
 * latency charts draw, in the order of {@link #LABELS}.
 */
record Latencies(double p50Millis, double p90Millis, double p99Millis, double p999Millis) {

  /** The percentiles' names, in the order of {@link #values()}. */
  static final List<String> LABELS = List.of("p50", "p90", "p99", "p99.9");

  /** The percentiles, in milliseconds, in the order of {@link #LABELS}. */
  List<Double> values() {
    return List.of(p50Millis, p90Millis, p99Millis, p999Millis);
  }

  /**
   * The percentiles (nearest rank) of {@code nanos}, latencies in nanoseconds, which this sorts in
   * place; all zero when it is empty.
   */
  static Latencies ofNanos(long[] nanos) {
    if (nanos.length == 0) {
      return new Latencies(0, 0, 0, 0);
    }
    Arrays.sort(nanos);
    return new Latencies(
        rank(nanos, 0.50), rank(nanos, 0.90), rank(nanos, 0.99), rank(nanos, 0.999));
  }

  private static double rank(long[] sorted, double quantile) {
    return sorted[Math.min(sorted.length - 1, (int) (sorted.length * quantile))] / 1e6;
  }
}
