package fun.moonkey.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The order of the contenders in each pair of runs: as given in even pairs, reversed in odd ones
 * (ABC CBA ABC …), so that no contender always runs first, on a machine whose other load drifts.
 */
final class Alternation {

  private Alternation() {}

  /** {@code contenders} in the order of pair number {@code pair} (from 0). */
  static <T> List<T> order(List<T> contenders, int pair) {
    List<T> order = new ArrayList<>(contenders);
    if (pair % 2 == 1) {
      Collections.reverse(order);
    }
    return order;
  }
}
