package fun.moonkey.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunsTest {

  private static final Meter.Warmup WARMUP = new Meter.Warmup(Duration.ofSeconds(30), true, 0.1);

  /** A run of {@code contender} in {@code pair} whose one window at C = 200 did this many. */
  private static Run<String> run(String contender, int pair, long logouts) {
    Wrk.Result load = new Wrk.Result(logouts, 10, new Latencies(1, 2, 3, 4), 0, 0, 0, -1, 0);
    return new Run<>(
        contender, pair, WARMUP, List.of(new Window(pair, 200, load, null, 0, 1, 1, 0.5, 0)));
  }

  @Test
  void ratioIsTakenWithinEachPairBeforeItsMedian() {
    Runs<String> runs =
        new Runs<>(
            List.of(
                run("a", 0, 1000), run("c", 0, 500),
                run("c", 1, 400), run("a", 1, 1200),
                run("a", 2, 900), run("c", 2, 1000)));

    // Pair ratios 2.0, 3.0 and 0.9; the medians of each contender alone would give 1000 / 500.
    assertEquals(
        new Spread(2.0, 0.9, 3.0, 3), runs.ratio("a", "c", 200, Window::logoutsPerSecond).get());
  }

  @Test
  void noRatioWithoutAPairThatMeasuredBoth() {
    Runs<String> runs = new Runs<>(List.of(run("a", 0, 1000), run("c", 1, 500)));

    assertTrue(runs.ratio("a", "c", 200, Window::logoutsPerSecond).isEmpty());
    assertTrue(runs.ratio("a", "c", 50, Window::logoutsPerSecond).isEmpty());
  }

  @Test
  void medianIsOverThePairsOfOneContender() {
    Runs<String> runs =
        new Runs<>(List.of(run("a", 0, 1000), run("a", 1, 3000), run("a", 2, 2000)));

    assertEquals(200.0, runs.median("a", 200, Window::logoutsPerSecond));
    assertTrue(Double.isNaN(runs.median("c", 200, Window::logoutsPerSecond)));
  }
}
