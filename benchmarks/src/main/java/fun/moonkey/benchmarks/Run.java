package fun.moonkey.benchmarks;

import java.util.List;
import java.util.Optional;

/**
 * One contender's JVMs in one pair of runs: warmed up once, then measured at every number of
 * connections in turn.
 *
 * @param <K> the section's kind of contender
 * @param contender who was measured
 * @param pair the pair of runs, from 0
 * @param warmup how the warm-up went
 * @param windows the measured runs, one per number of connections
 */
record Run<K>(K contender, int pair, Meter.Warmup warmup, List<Window> windows) {

  /** Copies the list. */
  Run {
    windows = List.copyOf(windows);
  }

  /** The measured run at {@code connections}, if there is one. */
  Optional<Window> at(int connections) {
    return windows.stream().filter(w -> w.connections() == connections).findFirst();
  }
}
