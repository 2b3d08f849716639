package fun.moonkey.logout;

import fun.moonkey.config.ConfigKeys;
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
import fun.moonkey.revocation.Budget;
import fun.moonkey.revocation.MoonKeyFailure;
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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Logs a user out of every MoonKey session ({@code scope=all}) or of every session but this one
 * ({@code scope=others}). MoonKey has no "revoke all" endpoint: the user comes from {@code POST
 * /v1/auth/sessions/verify} with this request's token or JWT, their sessions from {@code GET
 * /v1/auth/sessions/list?user_id=}, and each is deleted by {@code session_id} through the same
 * revoker. Thread-safe.
 *
 * <p>One {@code timeout} covers the whole request: verify, list and every delete share one {@link
 * Budget}, so the answer comes within it however many sessions the user has. At most {@link
 * #PARALLEL_DELETES} deletes of one request are in flight at once (the revoker's bulkhead bounds
 * all requests together); a session whose delete failed for now, or that the budget left no time
 * for, goes to the retrier and counts as pending.
 *
 * <p>With {@code all} the local logout happens at once, as for a single logout. With {@code others}
 * nothing local changes: this session stays signed in. When the user cannot be found (only a
 * session id is known, or verify or list fail for now), {@code all} falls back to revoking this
 * request's own credentials and {@code others} fails. A refused secret key is logged at ERROR and
 * fails the request: it never reads as a user without sessions.
 */
public final class EverywhereLogout {

  private static final Logger LOG = System.getLogger(EverywhereLogout.class.getName());

  /** The scope that logs out every session of the user. */
  public static final String ALL = "all";

  /** The scope that logs out every session of the user but this one. */
  public static final String OTHERS = "others";

  /** The most deletes of one request in flight at once. */
  public static final int PARALLEL_DELETES = 8;

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
   * @param failed sessions MoonKey refused to revoke for good (a refused secret key, a bad
   *     request), or that could not be queued
   * @param setCookies the cookie deletions to send (none for {@code others})
   */
  public record Result(
      LogoutResult.Status status, int revoked, int pending, int failed, List<String> setCookies) {
    /** Copies the list. */
    public Result {
      Objects.requireNonNull(status, "status");
      setCookies = List.copyOf(setCookies);
    }

    /** The body: {@code {"success": true, "revoked": n, "pending": m, "failed": f}}. */
    public String json() {
      return "{\"success\": true, \"revoked\": "
          + revoked
          + ", \"pending\": "
          + pending
          + ", \"failed\": "
          + failed
          + "}";
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
    Budget budget = revoker.budget();
    CompletionStage<Result> result;
    if (credentials.isEmpty()) {
      result =
          CompletableFuture.completedFuture(
              new Result(LogoutResult.Status.NO_SESSION, 0, 0, 0, deletions));
    } else if (verifiable.isEmpty()) {
      result = fallback(credentials, others, budget, deletions);
    } else {
      result =
          revoker
              .owner(verifiable.get(), budget)
              .thenCompose(
                  owner ->
                      owner.isEmpty()
                          ? CompletableFuture.completedFuture(List.<String>of())
                          : revoker
                              .sessionsOf(owner.get().userId(), budget)
                              .thenApply(ids -> others ? without(ids, owner.get()) : ids))
              .thenCompose(ids -> revokeAll(byId(ids), budget, deletions))
              .exceptionallyCompose(
                  failure -> {
                    Throwable cause = failure.getCause() == null ? failure : failure.getCause();
                    if (cause instanceof MoonKeyFailure refused
                        && refused.outcome() instanceof RevocationOutcome.Unauthorised status) {
                      LOG.log(
                          Level.ERROR,
                          "MoonKey refused the secret key (HTTP {0}) while listing the sessions of"
                              + " a user: check the setting {1} (environment variable {2})",
                          status.status(),
                          ConfigKeys.PREFIX + ConfigKeys.SECRET_KEY,
                          ConfigKeys.envName(ConfigKeys.SECRET_KEY));
                      return CompletableFuture.completedFuture(
                          new Result(
                              LogoutResult.Status.FAILED, 0, 0, credentials.size(), deletions));
                    }
                    LOG.log(
                        Level.WARNING,
                        "Could not list the sessions of the user: {0}",
                        cause instanceof MoonKeyFailure
                            ? cause.getMessage()
                            : String.valueOf(cause));
                    return fallback(credentials, others, budget, deletions);
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
      List<Credential> credentials, boolean others, Budget budget, List<String> deletions) {
    if (others) {
      return CompletableFuture.completedFuture(
          new Result(LogoutResult.Status.FAILED, 0, 0, 0, deletions));
    }
    return revokeAll(credentials, budget, deletions);
  }

  private static List<Credential> byId(List<String> ids) {
    List<Credential> credentials = new ArrayList<>(ids.size());
    for (String id : ids) {
      credentials.add(new Credential(CredentialType.SESSION_ID, id, "MoonKey's session list"));
    }
    return credentials;
  }

  /**
   * Revokes every credential within the budget, {@link #PARALLEL_DELETES} at a time; what the
   * budget leaves no time for is queued for the retrier without a call.
   */
  private CompletionStage<Result> revokeAll(
      List<Credential> credentials, Budget budget, List<String> deletions) {
    Tally tally = new Tally(credentials, budget, deletions);
    for (int i = 0; i < Math.min(PARALLEL_DELETES, credentials.size()); i++) {
      tally.next();
    }
    if (credentials.isEmpty()) {
      tally.done.complete(tally.result());
    }
    return tally.done;
  }

  /** The deletes of one request: which is next, and what each gave. */
  private final class Tally {
    final CompletableFuture<Result> done = new CompletableFuture<>();
    private final List<Credential> credentials;
    private final Budget budget;
    private final List<String> deletions;
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicInteger revoked = new AtomicInteger();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    Tally(List<Credential> credentials, Budget budget, List<String> deletions) {
      this.credentials = credentials;
      this.budget = budget;
      this.deletions = deletions;
    }

    /** Starts the next delete; queues without a call those the budget leaves no time for. */
    void next() {
      while (true) {
        int index = started.getAndIncrement();
        if (index >= credentials.size()) {
          return;
        }
        Credential credential = credentials.get(index);
        if (!budget.remaining().isZero()) {
          revoker
              .revoke(credential, budget)
              .whenComplete(
                  (outcome, ignored) -> {
                    if (count(credential, outcome)) {
                      next();
                    }
                  });
          return;
        }
        if (!count(credential, null)) {
          return;
        }
      }
    }

    /** Counts one credential's outcome (null: not sent); true while some are left to finish. */
    private boolean count(Credential credential, RevocationOutcome outcome) {
      if (outcome != null && outcome.isRevoked()) {
        revoked.incrementAndGet();
      } else if ((outcome == null || outcome.isRetryable()) && retrier.enqueue(credential)) {
        pending.incrementAndGet();
      } else {
        failed.incrementAndGet();
      }
      if (finished.incrementAndGet() == credentials.size()) {
        done.complete(result());
        return false;
      }
      return true;
    }

    Result result() {
      LogoutResult.Status status =
          failed.get() > 0
              ? LogoutResult.Status.FAILED
              : pending.get() > 0 ? LogoutResult.Status.PENDING : LogoutResult.Status.REVOKED;
      return new Result(status, revoked.get(), pending.get(), failed.get(), deletions);
    }
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
