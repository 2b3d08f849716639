package fun.moonkey.config;

import java.util.Comparator;
import java.util.Optional;

/**
 * The known key a misspelt one most likely meant: the nearest by edit distance (Levenshtein), when
 * it is near enough to be a typo (at most 2 edits, 1 for short keys).
 */
final class KeySuggestion {

  private KeySuggestion() {}

  /**
   * @param entry an unknown entry as the sources name it: {@code filter init-param 'logout-pth'} or
   *     {@code context-param 'moonkey.timout'}
   * @return the known short key it most likely meant
   */
  static Optional<String> forEntry(String entry) {
    int open = entry.indexOf('\'');
    int close = entry.lastIndexOf('\'');
    if (open < 0 || close <= open) {
      return Optional.empty();
    }
    String name = entry.substring(open + 1, close);
    if (name.startsWith(ConfigKeys.PREFIX)) {
      name = name.substring(ConfigKeys.PREFIX.length());
    }
    return nearest(name);
  }

  static Optional<String> nearest(String name) {
    Comparator<String> byDistance = Comparator.comparingInt(key -> distance(name, key));
    String best = ConfigKeys.ALL.stream().min(byDistance).orElseThrow();
    int d = distance(name, best);
    return d > 0 && d <= (name.length() <= 5 ? 1 : 2) ? Optional.of(best) : Optional.empty();
  }

  /** The Levenshtein distance: insertions, deletions and substitutions. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      int[] current = new int[b.length() + 1];
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      previous = current;
    }
    return previous[b.length()];
  }
}
