package fun.moonkey.servlet;

import fun.moonkey.config.ConfigKeys;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.logout.LogoutService;
import fun.moonkey.revocation.SessionOwner;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.store.RevokedSessions;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.Serializable;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code enforce-revocations} on the requests the filter lets through: whether the request's {@code
 * HttpSession} holds a MoonKey credential (the token or id attribute) that a logout revoked, here
 * or on another node. The credentials' fingerprints are computed once per session and kept in it
 * beside them, so a request whose session is not revoked costs a few attribute reads and two
 * lock-free lookups, and allocates nothing. Re-verification with MoonKey ({@code
 * reverify-interval}) runs in the background: a request is answered from what is known.
 */
final class RevokedSessionCheck {

  /** The session attribute that caches the fingerprints of the session's credentials. */
  static final String CACHE = "moonkey.revocation-check";

  /**
   * The session attribute holding when the filter last asked MoonKey about the session's token
   * (epoch ms), or {@link #UNANSWERED}.
   */
  static final String VERIFIED_AT = "moonkey.verified-at";

  /** {@link #VERIFIED_AT} of a session whose re-verification got no answer, with fail-closed. */
  static final long UNANSWERED = Long.MIN_VALUE;

  private static final Logger LOG = System.getLogger(RevokedSessionCheck.class.getName());

  private final LogoutService service;
  private final RevokedSessions revoked;
  private final String tokenAttribute;
  private final String idAttribute;
  private final String userAttribute;
  private final long reverifyMillis;
  private final boolean failClosed;

  RevokedSessionCheck(LogoutService service, RevokedSessions revoked) {
    this.service = Objects.requireNonNull(service, "service");
    this.revoked = Objects.requireNonNull(revoked, "revoked");
    this.tokenAttribute = service.config().tokenAttribute();
    this.idAttribute = service.config().sessionIdAttribute();
    this.userAttribute = service.config().userIdAttribute();
    this.reverifyMillis = service.config().reverifyInterval().map(Duration::toMillis).orElse(0L);
    this.failClosed = service.config().reverifyFailClosed();
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
   * Passes a request that is not a logout down the chain: through the check when there is one (a
   * revoked session is ended and answered here instead), learning the session's credentials when
   * the request signed in.
   *
   * @param check the filter's check, or null when enforce-revocations is off
   */
  static void passDown(
      RevokedSessionCheck check,
      HttpServletRequest request,
      HttpServletResponse response,
      FilterChain chain)
      throws IOException, ServletException {
    if (check == null) {
      chain.doFilter(request, response);
      return;
    }
    Verdict verdict = check.check(request, response);
    if (verdict != Verdict.ENDED) {
      chain.doFilter(request, response);
    }
    if (verdict == Verdict.SIGNED_OUT) {
      check.afterSignedOut(request);
    }
  }

  /** What {@link #check} did with a request. */
  enum Verdict {
    /** Its session held a revoked credential: ended, and the request answered as signed out. */
    ENDED,
    /** Its session holds a credential that is not revoked: let through. */
    SIGNED_IN,
    /** No session, or one without a credential: let through; a sign-in may happen in it. */
    SIGNED_OUT
  }

  /** Ends the request's session if it holds a revoked credential, answering as signed out. */
  Verdict check(HttpServletRequest request, HttpServletResponse response) throws IOException {
    HttpSession session = request.getSession(false);
    Verdict verdict = session == null ? Verdict.SIGNED_OUT : verdict(session);
    if (verdict != Verdict.ENDED) {
      return verdict;
    }
    LOG.log(Level.DEBUG, "Ending an HttpSession whose MoonKey session a logout revoked");
    ServletAnswer.write(response, service.endRevoked(new ServletLogoutExchange(request)));
    return Verdict.ENDED;
  }

  /**
   * After a request that came {@link Verdict#SIGNED_OUT}: when it signed in, the session's
   * credentials and user are learnt now, so that a "log out everywhere" from the next moment on
   * ends it ({@link RevokedSessions#endsOwner}).
   */
  void afterSignedOut(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null) {
      return;
    }
    try {
      Object token = session.getAttribute(tokenAttribute);
      Object id = session.getAttribute(idAttribute);
      if (token != null || id != null) {
        remember(session, token, id, session.getAttribute(userAttribute));
      }
    } catch (IllegalStateException invalidated) {
      // Ended by the request itself.
    }
  }

  private Verdict verdict(HttpSession session) {
    Object token;
    Object id;
    Object user;
    Object cached;
    try {
      token = session.getAttribute(tokenAttribute);
      id = session.getAttribute(idAttribute);
      if (token == null && id == null) {
        return Verdict.SIGNED_OUT;
      }
      user = session.getAttribute(userAttribute);
      cached = session.getAttribute(CACHE);
      // A revocation is kept at least as long as a session that holds a credential may live.
      revoked.sessionSeen(session.getMaxInactiveInterval());
    } catch (IllegalStateException invalidated) {
      return Verdict.SIGNED_OUT;
    }
    Fingerprints prints =
        cached instanceof Fingerprints known
                && known.token == token
                && known.id == id
                && known.user == user
            ? known
            : remember(session, token, id, user);
    if ((prints.tokenPrint != 0 && revoked.isRevoked(prints.tokenPrint))
        || (prints.idPrint != 0 && revoked.isRevoked(prints.idPrint))
        || revoked.endsOwner(
            prints.ownerPrint, prints.learntAt, prints.tokenPrint, prints.idPrint)) {
      return Verdict.ENDED;
    }
    if (reverifyMillis > 0 && token instanceof String text && !stillValid(session, text)) {
      return Verdict.ENDED;
    }
    return Verdict.SIGNED_IN;
  }

  /**
   * Whether the session is still valid as far as this node knows, and, at most once per interval
   * per session, asks MoonKey in the background; the first sight of a token only starts the
   * interval (its sign-in has just verified it). The request never waits for MoonKey: its answer
   * ends the session at its next request (the credential goes on the list, or the session is marked
   * {@link #UNANSWERED} with {@code reverify-failure=closed}).
   */
  private boolean stillValid(HttpSession session, String token) {
    long now = System.currentTimeMillis();
    try {
      Object at = session.getAttribute(VERIFIED_AT);
      if (!(at instanceof Long last)) {
        session.setAttribute(VERIFIED_AT, now);
        return true;
      }
      if (last == UNANSWERED) {
        return false;
      }
      if (now - last < reverifyMillis) {
        return true;
      }
      session.setAttribute(VERIFIED_AT, now);
    } catch (IllegalStateException invalidated) {
      return true;
    }
    reverify(session, token);
    return true;
  }

  /** Asks MoonKey whether the token is still valid; the answer is applied on a worker. */
  private void reverify(HttpSession session, String token) {
    Credential credential =
        new Credential(CredentialType.SESSION_TOKEN, token, "session attribute " + tokenAttribute);
    SessionRevoker revoker = service.revoker();
    try {
      revoker
          .owner(credential, revoker.budget())
          .whenCompleteAsync(
              (owner, failure) -> settle(session, credential, owner, failure), revoker.workers());
    } catch (IllegalStateException closed) {
      // The application is stopping: nothing to ask.
    }
  }

  private void settle(
      HttpSession session, Credential credential, Optional<SessionOwner> owner, Throwable failure) {
    if (failure != null) {
      if (LOG.isLoggable(Level.DEBUG)) {
        LOG.log(
            Level.DEBUG,
            "Re-verification of {0} got no answer; the session is {1}",
            credential.hash(),
            failClosed
                ? "ended at its next request (reverify-failure=closed)"
                : "kept (reverify-failure=open)");
      }
      if (failClosed) {
        try {
          session.setAttribute(VERIFIED_AT, UNANSWERED);
        } catch (IllegalStateException invalidated) {
          // Ended meanwhile.
        }
      }
      return;
    }
    if (owner.isEmpty()) {
      // Ended at MoonKey, by whoever: the list learns it, for this node's other sessions too.
      revoked.record(List.of(credential));
    } else {
      learnt(session, credential.value(), owner.get().userId());
    }
  }

  /**
   * MoonKey named the user of the session's token: kept with the fingerprints when the application
   * keeps no user id, so that "every session of this user" ends this one from now on.
   */
  private void learnt(HttpSession session, String token, String userId) {
    try {
      if (session.getAttribute(CACHE) instanceof Fingerprints known
          && token.equals(known.token)
          && known.ownerPrint == 0) {
        session.setAttribute(
            CACHE,
            new Fingerprints(
                known.token,
                known.id,
                known.user,
                known.tokenPrint,
                known.idPrint,
                RevokedSessions.ownerFingerprint(userId),
                revoked.ownerEpoch()));
      }
    } catch (IllegalStateException invalidated) {
      // Ended meanwhile.
    }
  }

  private Fingerprints remember(HttpSession session, Object token, Object id, Object user) {
    long owner =
        user instanceof String userId && !userId.isEmpty()
            ? RevokedSessions.ownerFingerprint(userId)
            : 0;
    Fingerprints prints =
        new Fingerprints(token, id, user, print(token), print(id), owner, revoked.ownerEpoch());
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
   * The fingerprints of the session's credentials and of its user, with the values they were
   * computed from (to notice a new sign-in in the same session), and the epoch at which this node
   * learnt the user ({@link RevokedSessions#endsOwner}). Serializable, for sessions that are
   * replicated or persisted; after that the identity check fails once and the prints are computed
   * again, with this node's epoch: a revocation of the user that reached this node before is not
   * applied to it (MoonKey's revocation, and re-verification, still are).
   */
  record Fingerprints(
      Object token,
      Object id,
      Object user,
      long tokenPrint,
      long idPrint,
      long ownerPrint,
      long learntAt)
      implements Serializable {}
}
