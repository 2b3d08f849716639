package fun.moonkey.local;

import fun.moonkey.config.CookieSpec;
import fun.moonkey.credential.CredentialCarrier;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the logout flow needs from a request, whatever the entry point: a servlet request, a JAX-RS
 * request with or without a servlet layer.
 */
public interface LogoutRequest extends CredentialCarrier {

  /**
   * Invalidates the server-side session, if there is one. Tolerates a session already invalidated
   * and a runtime without sessions.
   *
   * @return true when a live session was invalidated
   */
  boolean invalidateSession();

  /**
   * @return true when the request reached the application over TLS
   */
  boolean isSecure();

  /**
   * @return the application's context path, {@code ""} for the root
   */
  String contextPath();

  /**
   * @return how the container sets its session cookie, when there is one; empty on a runtime
   *     without sessions
   */
  Optional<CookieSpec> sessionCookie();

  /**
   * A request with no server-side session and no context path: a JAX-RS request on a runtime
   * without a servlet layer (Jersey on Grizzly or the JDK HTTP server). Cookie deletions then
   * default to {@code Path=/}, and {@code expire-cookies} names others.
   *
   * @param cookies a cookie name to every value of it, in header order
   * @param headers a header name (case-insensitive) to its first value
   * @param secure whether the request reached the application over TLS, as the guard decided
   */
  static LogoutRequest withoutSession(
      Function<String, List<String>> cookies,
      Function<String, Optional<String>> headers,
      boolean secure) {
    return new SessionlessRequest(cookies, headers, secure);
  }
}
