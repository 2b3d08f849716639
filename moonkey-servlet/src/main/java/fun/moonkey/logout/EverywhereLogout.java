package fun.moonkey.logout;

import fun.moonkey.config.FailurePolicy;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialLookup;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.event.AfterLogout;
import fun.moonkey.event.BeforeLogout;
import fun.moonkey.event.LogoutEvents;
import fun.moonkey.event.LogoutOutcome;
import fun.moonkey.event.Trigger;
import fun.moonkey.pending.RevocationRetrier;
import fun.moonkey.revocation.RevocationOutcome;
import fun.moonkey.revocation.SessionOwner;
import fun.moonkey.revocation.SessionRevoker;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Logs a user out of every MoonKey session ({@code scope=all}) or of every session but this one
 * ({@code scope=others}). MoonKey has no "revoke all" endpoint: the user comes from {@code POST
 * /v1/auth/sessions/verify} with this request's token or JWT, their sessions from {@code GET
 * /v1/auth/sessions/list?user_id=}, and each is deleted by {@code session_id} through the same
 * revoker (its bulkhead bounds the calls in flight, {@code max-concurrency}; each deletion has the
 * {@code timeout} budget, retries and breaker of a single logout; transient failures go to the
 * retrier and count as pending). Thread-safe.
 *
 * <p>With {@code all} the local logout happens at once, as for a single logout. With {@code others}
 * nothing local changes: this session stays signed in. When the user cannot be found (only a
 * session id is known, or verify or list fail), {@code all} falls back to revoking this request's
 * own credentials and {@code others} fails.
 */
public final class EverywhereLogout {

  private static final Logger LOG = System.getLogger(EverywhereLogout.class.getName());

  /** The scope that logs out every session of the user. */
  public static final String ALL = "all";

  /** The scope that logs out every session of the user but this one. */
  public static final String OTHERS = "others";

  private final MoonKeyConfig config;
  private final CredentialLookup lookup;
  private final SessionRevoker revoker;
  private final RevocationRetrier retrier;
  private final CookieExpiry cookies;
  private final LogoutEvents events;

  /**
   * What a logout everywhere did.
   *
   * @param status the summary: {@code REVOKED}, {@code PENDING}, {@code FAILED} or {@code
   *     NO_SESSION}
   * @param revoked sessions MoonKey deleted (or already had)
   * @param pending sessions queued for retry
   * @param setCookies the cookie deletions to send (none for {@code others})
   */
  public record Result(
      LogoutResult.Status status, int revoked, int pending, List<String> setCookies) {
    /** Copies the list. */
    public Result {
      Objects.requireNonNull(status, "status");
      setCookies = List.copyOf(setCookies);
    }

    /** The success body: {@code {"success": true, "revoked": n, "pending": m}}. */
    public String json() {
      return "{\"success\": true, \"revoked\": " + revoked + ", \"pending\": " + pending + "}";
    }

    /**
     * The JSON answer, the same from every entry point: {@link #json()} with 200, except where a
     * single logout would answer an error (400 without a credential, 500 under {@code
     * on-revocation-failure=fail}), which is answered the same way.
     *
     * @param policy {@code on-revocation-failure}
     * @return status and body
     */
    public LogoutAnswer answer(FailurePolicy policy) {
      LogoutAnswer standard = LogoutAnswer.of(status, policy);
      return standard.status() >= 400 ? standard : new LogoutAnswer(200, json());
    }
  }

  /**
   * @param config the configuration
   * @param revoker the MoonKey client
   * @param retrier where transient failures go
   * @param events the listeners ({@link Trigger#EVERYWHERE})
   */
  public EverywhereLogout(
      MoonKeyConfig config,
      SessionRevoker revoker,
      RevocationRetrier retrier,
      LogoutEvents events) {
    this.config = Objects.requireNonNull(config, "config");
    this.lookup = new CredentialLookup(config);
    this.revoker = Objects.requireNonNull(revoker, "revoker");
    this.retrier = Objects.requireNonNull(retrier, "retrier");
    this.cookies = new CookieExpiry(config);
    this.events = Objects.requireNonNull(events, "events");
  }

  /**
   * @param request the request
   * @param scope {@link #ALL} or {@link #OTHERS}
   * @return the result; never completes exceptionally
   */
  public CompletionStage<Result> logout(LogoutRequest request, String scope) {
    boolean others = OTHERS.equals(scope);
    if (!others && !ALL.equals(scope)) {
      throw new IllegalArgumentException("not a scope: " + scope);
    }
    List<Credential> credentials = lookup.find(request);
    List<String> names = LogoutFlow.names(credentials);
    events.before(new BeforeLogout(Trigger.EVERYWHERE, names, request::sessionAttribute));
    // Read before the session is invalidated.
    Optional<Credential> verifiable = verifiable(request, credentials);
    List<String> setCookies = List.of();
    if (!others) {
      request.invalidateSession();
      setCookies = cookies.headers(request);
    }
    List<String> deletions = setCookies;
    CompletionStage<Result> result;
    if (credentials.isEmpty()) {
      result =
          CompletableFuture.completedFuture(
              new Result(LogoutResult.Status.NO_SESSION, 0, 0, deletions));
    } else if (verifiable.isEmpty()) {
      result = fallback(credentials, others, deletions);
    } else {
      result =
          revoker
              .owner(verifiable.get())
              .thenCompose(
                  owner ->
                      owner.isEmpty()
                          ? CompletableFuture.completedFuture(List.<String>of())
                          : revoker
                              .sessionsOf(owner.get().userId())
                              .thenApply(ids -> others ? without(ids, owner.get()) : ids))
              .thenCompose(ids -> revokeIds(ids, deletions))
              .exceptionallyCompose(
                  failure -> {
                    LOG.log(
                        Level.WARNING,
                        "Could not list the sessions of the user: {0}",
                        String.valueOf(failure.getCause() == null ? failure : failure.getCause()));
                    return fallback(credentials, others, deletions);
                  });
    }
    return result.thenApply(
        done -> {
          events.after(new AfterLogout(Trigger.EVERYWHERE, outcome(done), names));
          return done;
        });
  }

  /**
   * A token or JWT to ask MoonKey about: among the credentials found, else the session's token
   * attribute, which the lookup leaves out when the session also holds the id.
   */
  private Optional<Credential> verifiable(LogoutRequest request, List<Credential> credentials) {
    Optional<Credential> found =
        credentials.stream().filter(c -> c.type() != CredentialType.SESSION_ID).findFirst();
    if (found.isPresent()) {
      return found;
    }
    return request
        .sessionAttribute(config.tokenAttribute())
        .filter(String.class::isInstance)
        .map(String.class::cast)
        .filter(Credential::isAcceptable)
        .map(
            token ->
                new Credential(
                    CredentialType.SESSION_TOKEN,
                    token,
                    "session attribute '" + config.tokenAttribute() + "'"));
  }

  private static List<String> without(List<String> ids, SessionOwner owner) {
    return ids.stream().filter(id -> !id.equals(owner.sessionId())).toList();
  }

  private CompletionStage<Result> fallback(
      List<Credential> credentials, boolean others, List<String> deletions) {
    if (others) {
      return CompletableFuture.completedFuture(
          new Result(LogoutResult.Status.FAILED, 0, 0, deletions));
    }
    return revokeAll(credentials, deletions);
  }

  private CompletionStage<Result> revokeIds(List<String> ids, List<String> deletions) {
    List<Credential> credentials = new ArrayList<>(ids.size());
    for (String id : ids) {
      credentials.add(new Credential(CredentialType.SESSION_ID, id, "MoonKey's session list"));
    }
    return revokeAll(credentials, deletions);
  }

  private CompletionStage<Result> revokeAll(List<Credential> credentials, List<String> deletions) {
    List<CompletableFuture<RevocationOutcome>> calls = new ArrayList<>();
    for (Credential credential : credentials) {
      calls.add(revoker.revoke(credential).toCompletableFuture());
    }
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
        .thenApply(
            all -> {
              int revoked = 0;
              int pending = 0;
              boolean failed = false;
              for (int i = 0; i < calls.size(); i++) {
                RevocationOutcome outcome = calls.get(i).join();
                if (outcome.isRevoked()) {
                  revoked++;
                } else if (outcome.isRetryable() && retrier.enqueue(credentials.get(i))) {
                  pending++;
                } else {
                  failed = true;
                }
              }
              LogoutResult.Status status =
                  failed
                      ? LogoutResult.Status.FAILED
                      : pending > 0 ? LogoutResult.Status.PENDING : LogoutResult.Status.REVOKED;
              return new Result(status, revoked, pending, deletions);
            });
  }

  private static LogoutOutcome outcome(Result result) {
    return switch (result.status()) {
      case REVOKED -> LogoutOutcome.REVOKED;
      case PENDING -> LogoutOutcome.PENDING;
      case FAILED -> LogoutOutcome.FAILED;
      case NO_SESSION -> LogoutOutcome.NO_SESSION;
    };
  }
}
