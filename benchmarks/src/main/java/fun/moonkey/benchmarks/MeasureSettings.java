package fun.moonkey.benchmarks;

import java.time.Duration;

/**
 * How each server JVM of sections 2 and 3 is measured.
 *
 * @param warmup the least warm-up of each new set of JVMs
 * @param warmupMax the longest warm-up, when the JIT compilers do not go quiet before
 * @param jitQuietPercent the warm-up ends (after {@code warmup}) once the JIT compiler threads of
 *     the JVMs under load used less than this share of one core over the last warm-up step
 * @param settle the uncounted wrk run before each measured one, at its number of connections
 * @param measure each measured run
 * @param pairs how many times each contender is measured, in alternating order
 */
record MeasureSettings(
    Duration warmup,
    Duration warmupMax,
    double jitQuietPercent,
    Duration settle,
    Duration measure,
    int pairs) {

  /** The length of one warm-up step: wrk runs this long, then the JIT is read. */
  static final Duration WARMUP_STEP = Duration.ofSeconds(5);

  /** Checks the values. */
  MeasureSettings {
    if (pairs < 1) {
      throw new IllegalArgumentException("bench.pairs: expected at least 1, got " + pairs);
    }
    if (warmupMax.compareTo(warmup) < 0) {
      throw new IllegalArgumentException(
          "bench.warmupMaxSeconds: expected at least bench.warmupSeconds ("
              + warmup.toSeconds()
              + "), got "
              + warmupMax.toSeconds());
    }
    if (measure.isZero() || measure.isNegative()) {
      throw new IllegalArgumentException(
          "bench.measureSeconds: expected at least 1, got " + measure.toSeconds());
    }
  }
}
