package fun.moonkey.servlet;

import fun.moonkey.config.ConfigKeys;
import fun.moonkey.logout.LogoutService;
import fun.moonkey.logout.ResponseMode;
import fun.moonkey.revoked.RevokedSessions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.Serializable;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code enforce-revocations} on the requests the filter lets through: whether the request's {@code
 * HttpSession} holds a MoonKey credential (the token or id attribute) that a logout revoked, here
 * or on another node. The credentials' fingerprints are computed once per session and kept in it
 * beside them, so a request whose session is not revoked costs a few attribute reads and two
 * lock-free lookups, and allocates nothing.
 */
final class RevokedSessionCheck {

  /** The session attribute that caches the fingerprints of the session's credentials. */
  static final String CACHE = "moonkey.revocation-check";

  private static final Logger LOG = System.getLogger(RevokedSessionCheck.class.getName());

  private final LogoutService service;
  private final RevokedSessions revoked;
  private final String tokenAttribute;
  private final String idAttribute;

  RevokedSessionCheck(LogoutService service, RevokedSessions revoked) {
    this.service = Objects.requireNonNull(service, "service");
    this.revoked = Objects.requireNonNull(revoked, "revoked");
    this.tokenAttribute = service.config().tokenAttribute();
    this.idAttribute = service.config().sessionIdAttribute();
  }

  /**
   * The check of a filter, when {@code enforce-revocations} is on; it needs the filter to see the
   * application's other requests, which it does not without {@code logout-path} (warned).
   */
  static Optional<RevokedSessionCheck> of(LogoutService service, String logoutPath) {
    Optional<RevokedSessionCheck> check =
        service.revoked().map(revoked -> new RevokedSessionCheck(service, revoked));
    if (check.isPresent() && logoutPath == null) {
      LOG.log(
          Level.WARNING,
          "{0} is on, but without {1} every request mapped to the filter is a logout: map the"
              + " filter to /* and set {1} for it to end revoked sessions",
          ConfigKeys.ENFORCE_REVOCATIONS,
          ConfigKeys.LOGOUT_PATH);
    }
    return check;
  }

  /**
   * Ends the request's session if it holds a revoked credential, answering as signed out.
   *
   * @return true when it did, and the request is answered
   */
  boolean ended(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!isRevoked(request)) {
      return false;
    }
    boolean secure = service.guard().check(ServletRequestFacts.of(request)).secure();
    ResponseMode mode =
        ResponseMode.of(request.getHeader("Accept"), request.getHeader("X-Requested-With"));
    LOG.log(Level.DEBUG, "Ending an HttpSession whose MoonKey session a logout revoked");
    ServletAnswer.write(
        response, service.endRevoked(new ServletLogoutRequest(request, secure), mode));
    return true;
  }

  /** Whether the request's session holds a revoked credential. */
  boolean isRevoked(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    return session != null && isRevoked(session);
  }

  boolean isRevoked(HttpSession session) {
    Object token;
    Object id;
    Object cached;
    try {
      token = session.getAttribute(tokenAttribute);
      id = session.getAttribute(idAttribute);
      if (token == null && id == null) {
        return false;
      }
      cached = session.getAttribute(CACHE);
    } catch (IllegalStateException invalidated) {
      return false;
    }
    Fingerprints prints =
        cached instanceof Fingerprints known && known.token == token && known.id == id
            ? known
            : remember(session, token, id);
    return (prints.tokenPrint != 0 && revoked.isRevoked(prints.tokenPrint))
        || (prints.idPrint != 0 && revoked.isRevoked(prints.idPrint));
  }

  private static Fingerprints remember(HttpSession session, Object token, Object id) {
    Fingerprints prints = new Fingerprints(token, id, print(token), print(id));
    try {
      session.setAttribute(CACHE, prints);
    } catch (IllegalStateException invalidated) {
      // Ended meanwhile: nothing to keep.
    }
    return prints;
  }

  private static long print(Object value) {
    return value instanceof String text ? RevokedSessions.fingerprint(text) : 0;
  }

  /**
   * The fingerprints of the session's credentials, with the values they were computed from (to
   * notice a new sign-in in the same session). Serializable, for sessions that are replicated or
   * persisted; after that the identity check fails once and the prints are computed again.
   */
  private record Fingerprints(Object token, Object id, long tokenPrint, long idPrint)
      implements Serializable {}
}
