package fun.moonkey.benchmarks;

import java.time.Duration;
import java.util.List;

/**
 * The settings of section 2.
 *
 * @param connections the numbers C of wrk connections, one measured run each per contender and pair
 * @param latency the MoonKey emulator's latency L
 * @param containerThreads the Jetty pool of the server under test
 * @param maxConcurrency the filter's {@code max-concurrency}
 */
record WrkSettings(
    List<Integer> connections, Duration latency, int containerThreads, int maxConcurrency) {

  /** Copies the list. */
  WrkSettings {
    connections = List.copyOf(connections);
  }
}
