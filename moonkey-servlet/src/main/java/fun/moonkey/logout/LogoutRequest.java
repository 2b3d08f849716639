package fun.moonkey.logout;

import fun.moonkey.config.CookieSpec;
import fun.moonkey.credential.CredentialCarrier;
import java.util.Optional;

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
}
