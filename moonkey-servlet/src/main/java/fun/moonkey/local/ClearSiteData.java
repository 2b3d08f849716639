package fun.moonkey.local;

import fun.moonkey.config.ConfigKeys;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The local logout's step that clears what the browser keeps for the site: the {@code
 * Clear-Site-Data} header, off unless directives are configured, and sent only on a secure request
 * (browsers ignore it otherwise; a request proxied over HTTPS by a trusted proxy counts as secure).
 * Immutable and thread-safe.
 */
final class ClearSiteData implements LocalLogout.Step {

  private final Optional<String> header;

  /**
   * @param directives directives from {@link ConfigKeys#CLEAR_SITE_DATA_DIRECTIVES}; empty for off
   */
  ClearSiteData(List<String> directives) {
    for (String d : directives) {
      if (!ConfigKeys.CLEAR_SITE_DATA_DIRECTIVES.contains(d)) {
        throw new IllegalArgumentException("not a Clear-Site-Data directive: " + d);
      }
    }
    this.header =
        directives.isEmpty()
            ? Optional.empty()
            : Optional.of(
                directives.stream().map(d -> '"' + d + '"').collect(Collectors.joining(", ")));
  }

  /**
   * @param secure whether the request is secure, directly or through a trusted proxy
   * @return the header value to send, such as {@code "cookies", "storage"}
   */
  Optional<String> header(boolean secure) {
    return secure ? header : Optional.empty();
  }

  @Override
  public LocalLogout.Done run(LogoutRequest request, LocalLogout.Done done) {
    return new LocalLogout.Done(done.sessionEnded(), done.setCookies(), header(request.isSecure()));
  }
}
