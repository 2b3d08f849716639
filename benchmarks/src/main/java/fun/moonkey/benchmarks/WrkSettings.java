package fun.moonkey.benchmarks;

import java.time.Duration;
import java.util.List;

/**
 * The settings of one wrk run.
 *
 * @param connections the numbers C of wrk connections, one measured run each per contender
 * @param latency the MoonKey emulator's latency L
 * @param containerThreads the Jetty pool of the server under test
 * @param maxConcurrency the filter's {@code max-concurrency}
 * @param warmup the uncounted run before each measured one
 * @param measure each measured run
 */
record WrkSettings(
    List<Integer> connections,
    Duration latency,
    int containerThreads,
    int maxConcurrency,
    Duration warmup,
    Duration measure) {

  /** Copies the list. */
  WrkSettings {
    connections = List.copyOf(connections);
  }
}
