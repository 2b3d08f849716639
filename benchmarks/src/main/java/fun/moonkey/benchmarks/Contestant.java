package fun.moonkey.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A contender's live JVMs during a section: started, checked and warmed up once, then measured in
 * every pair of runs, and closed at the end of the section.
 *
 * @param <K> the section's kind of contender
 */
final class Contestant<K> implements AutoCloseable {

  /** Checks one measured run; throws if its figures must not be reported. */
  @FunctionalInterface
  interface Check {
    void accept(Window window);
  }

  private final K contender;
  private final String label;
  private final ChildJvm server;
  private final ChildJvm emulator;
  private final WrkJob job;
  private final Check check;
  private Meter.Warmup warmup;

  /**
   * @param server the server under test; null when wrk calls the emulator directly
   * @param emulator the MoonKey emulator; null when there is none
   */
  Contestant(
      K contender, String label, ChildJvm server, ChildJvm emulator, WrkJob job, Check check) {
    this.contender = contender;
    this.label = label;
    this.server = server;
    this.emulator = emulator;
    this.job = job;
    this.check = check;
  }

  K contender() {
    return contender;
  }

  /** Warms up the JVMs under load (the server and the emulator) with the contender's requests. */
  void warmUp(Meter meter, List<Integer> connections) throws InterruptedException {
    System.out.println("warm-up: " + label);
    warmup = meter.warmUp(job, connections, server, emulator);
    System.out.printf(
        Locale.ROOT,
        "  warm-up %d s, JIT %s (%.1f %% of a core in the last step)%n",
        warmup.took().toSeconds(),
        warmup.quiet() ? "quiet" : "still busy at the cap",
        warmup.lastStepJitPercent());
  }

  /** Measures every number of connections in turn, as pair number {@code pair}. */
  Run<K> measure(Meter meter, int pair, List<Integer> connections) throws InterruptedException {
    if (warmup == null) {
      throw new IllegalStateException(label + " is measured before its warm-up");
    }
    System.out.printf("pair %d: %s%n", pair + 1, label);
    List<Window> windows = new ArrayList<>();
    for (int c : connections) {
      Window window = meter.measure(pair, job, c, server, emulator);
      check.accept(window);
      System.out.printf(
          Locale.ROOT,
          "  %d connections: %.0f logouts/s, p99 %.1f ms, server CPU %s µs/logout%n",
          c,
          window.logoutsPerSecond(),
          window.load().latencies().p99Millis(),
          window.server() == null ? "n/a" : MethodText.whole(window.server().cpuMicros()));
      windows.add(window);
    }
    return new Run<>(contender, pair, warmup, windows);
  }

  /**
   * Warms every contestant up in turn, then measures them in {@code pairs} pairs of runs, in
   * alternating order ({@link Alternation}).
   */
  static <K> List<Run<K>> measureAll(
      Meter meter, List<Contestant<K>> contestants, List<Integer> connections)
      throws InterruptedException {
    for (Contestant<K> contestant : contestants) {
      contestant.warmUp(meter, connections);
    }
    List<Run<K>> runs = new ArrayList<>();
    for (int pair = 0; pair < meter.settings().pairs(); pair++) {
      for (Contestant<K> contestant : Alternation.order(contestants, pair)) {
        runs.add(contestant.measure(meter, pair, connections));
      }
    }
    return runs;
  }

  /** Closes the server, then the emulator. */
  @Override
  public void close() {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      if (emulator != null) {
        emulator.close();
      }
    }
  }
}
