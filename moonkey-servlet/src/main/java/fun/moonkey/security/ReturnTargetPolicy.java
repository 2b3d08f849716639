package fun.moonkey.security;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a redirect target chosen by the request (a parameter such as {@code returnTo})
 * may be followed. Off unless a parameter name is configured. A target passes only when a browser
 * would read it (see {@link BrowserUrl}) as a path on the request's own origin or as a URL whose
 * origin is on the allow-list; anything else is ignored, silently for the user and with a DEBUG
 * line, and the configured redirect is used. Immutable and thread-safe.
 */
public final class ReturnTargetPolicy {

  private static final Logger LOG = System.getLogger(ReturnTargetPolicy.class.getName());

  /** The base of a request whose own origin is unknown: it matches no real origin. */
  private static final WebOrigin UNKNOWN = new WebOrigin("https", "invalid", 443);

  private final String parameter;
  private final Set<WebOrigin> allowedOrigins;

  /**
   * @param parameter the request parameter that carries the target, or null for off
   * @param allowedOrigins origins other than the request's own that targets may lead to
   */
  public ReturnTargetPolicy(String parameter, Set<WebOrigin> allowedOrigins) {
    this.parameter = parameter;
    this.allowedOrigins = Set.copyOf(allowedOrigins);
  }

  /**
   * @return the parameter name, empty when request-chosen targets are off
   */
  public Optional<String> parameter() {
    return Optional.ofNullable(parameter);
  }

  /**
   * @param requested the parameter's value, or null when absent
   * @param own the request's own origin, or empty when unknown (then only allow-listed absolute
   *     URLs pass)
   * @return the {@code Location} to send (a path for the request's own origin, else an absolute
   *     URL), or empty to use the configured redirect
   */
  public Optional<String> choose(String requested, Optional<WebOrigin> own) {
    if (parameter == null || requested == null) {
      return Optional.empty();
    }
    WebOrigin base = own.orElse(UNKNOWN);
    Optional<BrowserUrl.Target> target = BrowserUrl.parse(requested, base);
    if (target.isPresent()) {
      BrowserUrl.Target t = target.get();
      if ((t.relative() && own.isPresent()) || own.filter(t.origin()::equals).isPresent()) {
        return Optional.of(t.pathAndAfter());
      }
      if (!t.relative() && allowedOrigins.contains(t.origin())) {
        return Optional.of(t.absolute());
      }
    }
    LOG.log(
        Level.DEBUG,
        () ->
            "Ignoring "
                + parameter
                + "="
                + LogSafe.escape(requested)
                + ": not a path on this origin nor an allowed origin; using the configured"
                + " redirect");
    return Optional.empty();
  }
}
