package fun.moonkey.security;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code Clear-Site-Data} header of a logout answer: off unless directives are configured, and
 * sent only on a secure request (browsers ignore it otherwise; a request proxied over HTTPS by a
 * trusted proxy counts as secure). Immutable and thread-safe.
 */
public final class ClearSiteData {

  /** The directives this library accepts, as the specification spells them. */
  public static final List<String> DIRECTIVES =
      List.of(
          "cache",
          "cookies",
          "storage",
          "executionContexts",
          "clientHints",
          "prefetchCache",
          "prerenderCache",
          "*");

  private final String header;

  /**
   * @param directives directives from {@link #DIRECTIVES}; empty for off
   */
  public ClearSiteData(List<String> directives) {
    for (String d : directives) {
      if (!DIRECTIVES.contains(d)) {
        throw new IllegalArgumentException("not a Clear-Site-Data directive: " + d);
      }
    }
    this.header =
        directives.isEmpty()
            ? null
            : directives.stream().map(d -> '"' + d + '"').collect(Collectors.joining(", "));
  }

  /**
   * @param secure whether the request is secure, directly or through a trusted proxy
   * @return the header value to send, such as {@code "cookies", "storage"}
   */
  public Optional<String> header(boolean secure) {
    return secure ? Optional.ofNullable(header) : Optional.empty();
  }
}
