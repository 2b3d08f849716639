package fun.moonkey.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The runs of one section, read across pairs: a figure's median and range over the pairs, and the
 * ratio of two contenders taken pair by pair (each pair's two runs were measured one after the
 * other) before its median and range.
 *
 * @param <K> the section's kind of contender
 */
final class Runs<K> {

  private final List<Run<K>> runs;

  Runs(List<Run<K>> runs) {
    this.runs = List.copyOf(runs);
  }

  List<Run<K>> all() {
    return runs;
  }

  /** The measured runs of {@code contender} at {@code connections}, in pair order. */
  List<Window> windows(K contender, int connections) {
    List<Window> windows = new ArrayList<>();
    for (Run<K> run : runs) {
      if (run.contender().equals(contender)) {
        run.at(connections).ifPresent(windows::add);
      }
    }
    return windows;
  }

  /** The figure's spread over the pairs; empty if the contender was not measured there. */
  Optional<Spread> spread(K contender, int connections, ToDoubleFunction<Window> figure) {
    List<Double> values = new ArrayList<>();
    for (Window window : windows(contender, connections)) {
      values.add(figure.applyAsDouble(window));
    }
    return values.isEmpty() ? Optional.empty() : Optional.of(Spread.of(values));
  }

  /** The figure's median over the pairs, NaN if the contender was not measured there. */
  double median(K contender, int connections, ToDoubleFunction<Window> figure) {
    return spread(contender, connections, figure).map(Spread::median).orElse(Double.NaN);
  }

  /**
   * {@code figure(a) / figure(b)} in each pair where both were measured at {@code connections},
   * then its spread; empty if there is no such pair.
   */
  Optional<Spread> ratio(K a, K b, int connections, ToDoubleFunction<Window> figure) {
    List<Double> ratios = new ArrayList<>();
    for (Window wa : windows(a, connections)) {
      for (Window wb : windows(b, connections)) {
        if (wa.pair() == wb.pair()) {
          ratios.add(figure.applyAsDouble(wa) / figure.applyAsDouble(wb));
        }
      }
    }
    return ratios.isEmpty() ? Optional.empty() : Optional.of(Spread.of(ratios));
  }

  /** The median latency percentiles of {@code contender} at {@code connections}, each alone. */
  Latencies latencies(K contender, int connections) {
    return new Latencies(
        median(contender, connections, w -> w.load().latencies().p50Millis()),
        median(contender, connections, w -> w.load().latencies().p90Millis()),
        median(contender, connections, w -> w.load().latencies().p99Millis()),
        median(contender, connections, w -> w.load().latencies().p999Millis()));
  }
}
