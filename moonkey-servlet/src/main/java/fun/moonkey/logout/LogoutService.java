package fun.moonkey.logout;

import fun.moonkey.answer.LogoutResponder;
import fun.moonkey.answer.LogoutResult;
import fun.moonkey.answer.LogoutSummary;
import fun.moonkey.answer.SessionEnd;
import fun.moonkey.answer.SessionList;
import fun.moonkey.answer.SessionsResponder;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.config.Scope;
import fun.moonkey.config.SecuritySettings;
import fun.moonkey.credential.Credential;
import fun.moonkey.event.BeforeLogout;
import fun.moonkey.event.LogoutEvents;
import fun.moonkey.event.Trigger;
import fun.moonkey.local.LocalLogout;
import fun.moonkey.local.LogoutRequest;
import fun.moonkey.metrics.LogoutMetrics;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.security.CsrfPolicy;
import fun.moonkey.security.ForwardedProto;
import fun.moonkey.security.LogoutGuard;
import fun.moonkey.security.ReturnTargetPolicy;
import fun.moonkey.store.RevocationRetrier;
import fun.moonkey.store.RevokedLists;
import fun.moonkey.store.RevokedSessions;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * One configured MoonKey client and what it serves, built once and shared by every entry point of
 * an application. Callers see what they need: the user's logout ({@link #endpoint()} for an HTTP
 * entry point, {@link #logout} in code), a session that ended ({@link #sessionEnded}), enforcement
 * ({@link #revoked()}, {@link #endRevoked}), the listeners ({@link #events()}) and the metrics; the
 * guard, the flows and the responder it builds stay inside. Thread-safe. {@link #close()} drains
 * the retrier for {@code shutdown-grace}, then releases the client and every thread.
 */
public final class LogoutService implements AutoCloseable {

  private final MoonKeyConfig config;
  private final SessionRevoker revoker;
  private final RevocationRetrier retrier;
  private final LogoutCore core;
  private final LogoutFlow flow;
  private final EverywhereLogout everywhere;
  private final UserSessionsEnd userSessions;
  private final LogoutGuard guard;
  private final LogoutResponder responder;
  private final LogoutMetrics metrics;
  private final LogoutEvents events;
  private final RevokedLists.Member revoked;
  private final LocalLogout local;
  private final LogoutEndpoint endpoint;
  private final UserSessions sessions;
  private final SessionsEndpoint sessionsEndpoint;

  private LogoutService(
      MoonKeyConfig config,
      SSLContext sslContext,
      LogoutEvents events,
      Path workDirectory,
      RevokedLists revokedLists) {
    Objects.requireNonNull(events, "events");
    this.config = Objects.requireNonNull(config, "config");
    this.revoker = new SessionRevoker(config, sslContext);
    RevocationRetrier startedRetrier = null;
    RevokedLists.Member joined = null;
    try {
      joined = revokedLists.join(config);
      // A pending "log out everywhere" records the sessions it finds, as a logout does.
      startedRetrier = RevocationRetrier.start(config, revoker, workDirectory, joined::record);
    } catch (RuntimeException e) {
      if (joined != null) {
        joined.close();
      }
      revoker.close();
      throw e;
    }
    this.revoked = joined;
    this.retrier = startedRetrier;
    this.metrics = new LogoutMetrics(revoker, retrier);
    this.events = events.with(metrics);
    this.core = new LogoutCore(revoker, retrier, this.events, revoked);
    this.local = new LocalLogout(config);
    this.flow = new LogoutFlow(config, core, this.events);
    this.everywhere = new EverywhereLogout(config, core, this.events);
    this.userSessions = new UserSessionsEnd(core, this.events);
    SecuritySettings security = config.security();
    this.guard =
        new LogoutGuard(
            config.methods(),
            new ForwardedProto(security.trustedProxies()),
            new CsrfPolicy(security.allowedOrigins(), security.allowSameSite()));
    this.responder =
        new LogoutResponder(
            config,
            new ReturnTargetPolicy(security.returnToParameter(), security.returnToOrigins()));
    this.endpoint = new LogoutEndpoint(config, guard, this, responder);
    this.sessions = new UserSessions(config, core, this.events);
    ForwardedProto proxies = new ForwardedProto(security.trustedProxies());
    CsrfPolicy csrf = new CsrfPolicy(security.allowedOrigins(), security.allowSameSite());
    this.sessionsEndpoint =
        new SessionsEndpoint(
            new LogoutGuard(Set.of("GET"), proxies, csrf),
            new LogoutGuard(Set.of("POST"), proxies, csrf),
            this,
            responder,
            new SessionsResponder(config.onRevocationFailure()));
  }

  /**
   * @param config a validated configuration
   * @return a started service; close it when the application stops
   */
  public static LogoutService start(MoonKeyConfig config) {
    return start(config, null);
  }

  /**
   * @param config a validated configuration
   * @param sslContext the TLS context for MoonKey (to trust a private CA), or null for the JVM's
   * @return a started service; close it when the application stops
   */
  public static LogoutService start(MoonKeyConfig config, SSLContext sslContext) {
    return start(
        config, sslContext, LogoutEvents.discover(Thread.currentThread().getContextClassLoader()));
  }

  /**
   * @param config a validated configuration
   * @param sslContext the TLS context for MoonKey, or null for the JVM's
   * @param events the logout listeners (see {@link LogoutEvents#discover})
   * @return a started service; close it when the application stops
   */
  public static LogoutService start(
      MoonKeyConfig config, SSLContext sslContext, LogoutEvents events) {
    return start(config, sslContext, events, null);
  }

  /**
   * @param config a validated configuration
   * @param sslContext the TLS context for MoonKey, or null for the JVM's
   * @param events the logout listeners (see {@link LogoutEvents#discover})
   * @param workDirectory the application's work directory ({@code ServletContext.TEMPDIR}), where
   *     pending revocations are journalled when {@code pending-store} is unset; null for none
   * @return a started service; close it when the application stops
   */
  public static LogoutService start(
      MoonKeyConfig config, SSLContext sslContext, LogoutEvents events, Path workDirectory) {
    return new LogoutService(config, sslContext, events, workDirectory, new RevokedLists());
  }

  /**
   * {@link #start(MoonKeyConfig, SSLContext, LogoutEvents, Path)} for a service of an application
   * whose services share one revoked list per MoonKey project ({@link ServiceRegistry}).
   */
  static LogoutService start(
      MoonKeyConfig config,
      SSLContext sslContext,
      LogoutEvents events,
      Path workDirectory,
      RevokedLists revokedLists) {
    return new LogoutService(config, sslContext, events, workDirectory, revokedLists);
  }

  /** The configuration. */
  public MoonKeyConfig config() {
    return config;
  }

  /** The MoonKey client. */
  public SessionRevoker revoker() {
    return revoker;
  }

  /** The background retrier of pending revocations. */
  public RevocationRetrier retrier() {
    return retrier;
  }

  /** The counters and timings of this client; see {@link LogoutMetrics#register} for JMX. */
  public LogoutMetrics metrics() {
    return metrics;
  }

  /**
   * This service's logout listeners (its metrics first, then those it was started with): register
   * more with {@link LogoutEvents#register}.
   */
  public LogoutEvents events() {
    return events;
  }

  /** A user's logout of this session; {@link #logout} with {@link Scope#SESSION} uses it. */
  LogoutFlow flow() {
    return flow;
  }

  /** The user's logout as an entry point runs it: guard, scope, logout, answer. */
  public LogoutEndpoint endpoint() {
    return endpoint;
  }

  /**
   * "Your devices" as an HTTP entry point runs it, when {@code sessions-api} is on: the list of the
   * user's sessions and the end of one of them, each behind the logout's guard.
   */
  public SessionsEndpoint sessions() {
    return sessionsEndpoint;
  }

  /**
   * The signed-in user's MoonKey sessions, fetched afresh from MoonKey, the request's own marked
   * current (OWASP ASVS 5.0, 7.5.2). Whatever {@code sessions-api} says: that setting is about the
   * HTTP endpoints. Nothing local changes.
   *
   * @param request the request of the signed-in user (its token, JWT or session attributes)
   * @return the list, or why there is none; never completes exceptionally, within {@code timeout}
   */
  public CompletionStage<SessionList> sessionsOf(LogoutRequest request) {
    return sessions.list(Objects.requireNonNull(request, "request"));
  }

  /**
   * Ends one of the signed-in user's other MoonKey sessions: only an id on the user's own list,
   * fetched afresh, and never the request's own session (that is a {@link #logout}). The revocation
   * is a logout's: retries, the pending store when MoonKey fails, the revoked list with {@code
   * enforce-revocations}, the listeners ({@link Trigger#SESSION_LIST}). Whatever {@code
   * sessions-api} says.
   *
   * @param request the request of the signed-in user
   * @param sessionId the id of the session to end, as {@link #sessionsOf} gave it
   * @return what came of it; never completes exceptionally, within {@code timeout}
   */
  public CompletionStage<SessionEnd> endSession(LogoutRequest request, String sessionId) {
    return sessions.end(
        Objects.requireNonNull(request, "request"), Objects.requireNonNull(sessionId, "sessionId"));
  }

  /**
   * Logs a request out of its own session: the local steps, then MoonKey ({@link Scope#SESSION}).
   *
   * @return the result; never completes exceptionally
   */
  public CompletionStage<LogoutResult> logout(LogoutRequest request) {
    return flow.logout(request);
  }

  /**
   * Revokes at MoonKey the credentials of an {@code HttpSession} that ended without a logout
   * ({@code revoke-on-session-end}), telling the listeners ({@link Trigger#SESSION_EXPIRED}) before
   * and after.
   *
   * @param credentials what the ended session held
   * @param sessionAttribute the ending session's attributes, for the listeners told before
   * @return the summary; never completes exceptionally
   */
  public CompletionStage<LogoutSummary> sessionEnded(
      List<Credential> credentials, Function<String, Optional<Object>> sessionAttribute) {
    List<String> names = LogoutFlow.names(credentials);
    events.before(new BeforeLogout(Trigger.SESSION_EXPIRED, names, sessionAttribute::apply));
    return core.logout(Trigger.SESSION_EXPIRED, names, credentials, revoker.budget());
  }

  /**
   * Logs a request out of the sessions {@code scope} names: this one ({@link Scope#SESSION}), every
   * one of the user, or every other one.
   *
   * @param request the request
   * @param scope from {@link #scope(String)}
   * @return the result; never completes exceptionally
   */
  public CompletionStage<LogoutResult> logout(LogoutRequest request, Scope scope) {
    return scope == Scope.SESSION ? flow.logout(request) : everywhere.logout(request, scope);
  }

  /**
   * Ends every MoonKey session of a user, for an administrator (OWASP ASVS 5.0 7.4.2, 7.4.5): lists
   * the user's sessions ({@code GET /v1/auth/sessions/list?user_id=}) and deletes each by id, as
   * "log out everywhere" does. With {@code enforce-revocations}, the user's {@code HttpSession}s
   * signed in before this call end at their next request, on every node (a sign-in after it is left
   * alone). When MoonKey cannot list them now, one durable item goes to the retrier's pending-store
   * and is delivered (listed, then deleted) when MoonKey is back; the summary says pending. The
   * listeners hear {@link Trigger#ADMIN}; the one log line names the user by a short hash only.
   *
   * @param userId MoonKey's id of the user
   * @return the summary: {@code REVOKED} (every listed session revoked or already gone), {@code
   *     NO_SESSION} (the user has none), {@code PENDING} (queued for the retrier, {@link
   *     LogoutSummary#othersPending()} when the list itself is), or {@code FAILED} (MoonKey refused
   *     for good, a refused secret key, a full retrier); never completes exceptionally
   * @throws IllegalArgumentException when {@code userId} is blank, longer than 256 characters or
   *     holds anything but printable ASCII without spaces; nothing is recorded or sent then
   */
  public CompletionStage<LogoutSummary> endAllSessionsOf(String userId) {
    return userSessions.end(UserSessionsEnd.checked(userId));
  }

  /**
   * The scope a request asks for with its {@code scope} parameter, when {@code scopes} allows it;
   * {@link Scope#SESSION} otherwise (absent, unknown or not allowed).
   *
   * @param parameter the {@code scope} parameter's value, or null
   */
  Scope scope(String parameter) {
    return Scope.of(parameter).filter(config.scopes()::contains).orElse(Scope.SESSION);
  }

  /**
   * Drains the retrier for {@code shutdown-grace} (what remains is kept in the pending-store or
   * logged), then closes the MoonKey client. Idempotent.
   */
  @Override
  public void close() {
    try {
      retrier.close();
    } finally {
      try {
        revoker.close();
      } finally {
        revoked.close();
      }
    }
  }

  /**
   * Ends a request's {@code HttpSession} whose MoonKey session a logout revoked, and answers as
   * signed out ({@link LogoutResponder#revoked}). MoonKey is not called: the logout that recorded
   * the revocation did.
   */
  public LogoutResponder.Answer endRevoked(LogoutExchange exchange) {
    LogoutRequest request = exchange.request(guard.check(exchange.facts()).secure());
    LocalLogout.Done done = local.run(request);
    return responder.revoked(exchange.mode(), done.setCookies(), exchange.contextPath());
  }

  /**
   * The revoked credentials the filter enforces ({@code enforce-revocations}): the list of the
   * application's MoonKey project, which every logout service of the application records into;
   * empty when off.
   */
  public Optional<RevokedSessions> revoked() {
    return revoked.enforced();
  }

  @Override
  public String toString() {
    return "LogoutService[" + config + "]";
  }
}
