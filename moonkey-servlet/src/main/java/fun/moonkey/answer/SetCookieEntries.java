package fun.moonkey.answer;

import java.util.List;
import java.util.Map;

/**
 * The {@code Set-Cookie} header entries of a list of cookie deletions, made once for the list that
 * the local logout hands every alike request, instead of once per answer. One entry is kept: the
 * last list seen, compared by identity. Thread-safe.
 */
final class SetCookieEntries {

  private record Last(List<String> values, List<Map.Entry<String, String>> entries) {}

  private volatile Last last;

  /**
   * @param values the {@code Set-Cookie} values
   * @return each as a header entry, in order; immutable
   */
  List<Map.Entry<String, String>> of(List<String> values) {
    Last seen = last;
    if (seen != null && seen.values() == values) {
      return seen.entries();
    }
    List<Map.Entry<String, String>> entries =
        values.stream().map(value -> Map.entry("Set-Cookie", value)).toList();
    last = new Last(values, entries);
    return entries;
  }
}
