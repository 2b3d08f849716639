package fun.moonkey.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The median of a few figures of the same kind (one per pair of runs) with their smallest and
 * largest: the report prints the median and, beside it, the range the pairs spanned.
 */
record Spread(double median, double min, double max, int count) {

  /**
   * The spread of {@code values}; the median of an even count is the mean of the middle two.
   *
   * @throws IllegalArgumentException if there are none
   */
  static Spread of(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values to take the median of");
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    double median =
        n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    return new Spread(median, sorted.get(0), sorted.get(n - 1), n);
  }

  /** For example {@code **1.12** (0.98–1.30)}, or the median alone for a single value. */
  String bold(String format) {
    String m = "**" + String.format(Locale.ROOT, format, median) + "**";
    return count == 1 ? m : m + " (" + range(format) + ")";
  }

  /** For example {@code 0.98–1.30}. */
  String range(String format) {
    return String.format(Locale.ROOT, format, min) + "–" + String.format(Locale.ROOT, format, max);
  }
}
