package fun.moonkey.benchmarks;

import java.util.Objects;

/**
 * One contender at one level of concurrency in a run: what the charts draw.
 *
 * @param contender the contender's name, as the legend shows it
 * @param concurrency the level of concurrency (wrk connections, concurrent clients)
 * @param perSecond completed operations per second
 * @param latencies the latency percentiles of those operations
 */
record Measurement(String contender, int concurrency, double perSecond, Latencies latencies) {

  /** Checks the values. */
  Measurement {
    Objects.requireNonNull(contender, "contender");
    Objects.requireNonNull(latencies, "latencies");
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
    }
  }
}
