package fun.moonkey.logout;

import fun.moonkey.answer.LogoutResult;
import fun.moonkey.answer.LogoutSummary;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.config.Scope;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialLookup;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.event.BeforeLogout;
import fun.moonkey.event.LogoutEvents;
import fun.moonkey.event.Trigger;
import fun.moonkey.local.LocalLogout;
import fun.moonkey.local.LogoutRequest;
import fun.moonkey.revocation.Budget;
import fun.moonkey.revocation.MoonKeyFailure;
import fun.moonkey.revocation.RevocationOutcome;
import fun.moonkey.revocation.SessionOwner;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.security.LogSafe;
import fun.moonkey.store.Reach;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Logs a user out of every MoonKey session ({@link Scope#ALL}) or of every session but this one
 * ({@link Scope#OTHERS}). MoonKey has no "revoke all" endpoint: the user comes from {@code POST
 * /v1/auth/sessions/verify} with this request's token or JWT, their sessions from {@code GET
 * /v1/auth/sessions/list?user_id=}, and each is deleted by {@code session_id} through {@link
 * LogoutCore}. One {@code timeout} budget covers verify, list and every delete. Thread-safe.
 *
 * <p>With {@code all} the local logout happens at once, as for a single logout. With {@code others}
 * nothing local changes: this session stays signed in. When verify or list fail for now (an outage,
 * the breaker open, the budget's end), the intent is kept: one durable item, "every session (or
 * every other session) of the user of this token", goes to the retrier's pending-store ({@link
 * Reach}), which verifies, lists and deletes when MoonKey is back; the answer says the others are
 * pending. When the user cannot be found at all (only a session id is known, or MoonKey refuses
 * verify or list for good), {@code all} falls back to revoking this request's own credentials and
 * {@code others} fails. A refused secret key is logged at ERROR and fails the request: it never
 * reads as a user without sessions.
 *
 * <p>With {@code enforce-revocations}, the user (from {@code user-id-attribute}, else from verify)
 * goes on the revoked list as a whole: every node ends the sessions it knows to be theirs at their
 * next request, without waiting for MoonKey's list.
 */
final class EverywhereLogout {

  private static final Logger LOG = System.getLogger(EverywhereLogout.class.getName());

  private final MoonKeyConfig config;
  private final CredentialLookup lookup;
  private final LocalLogout local;
  private final LogoutCore core;
  private final LogoutEvents events;

  /**
   * @param config the configuration
   * @param core MoonKey's part, shared with the other triggers
   * @param events the listeners told before each logout ({@link Trigger#EVERYWHERE})
   */
  EverywhereLogout(MoonKeyConfig config, LogoutCore core, LogoutEvents events) {
    this.config = Objects.requireNonNull(config, "config");
    this.lookup = new CredentialLookup(config);
    this.local = new LocalLogout(config);
    this.core = Objects.requireNonNull(core, "core");
    this.events = Objects.requireNonNull(events, "events");
  }

  /**
   * @param request the request
   * @param scope {@link Scope#ALL} or {@link Scope#OTHERS}
   * @return the result; never completes exceptionally
   */
  public CompletionStage<LogoutResult> logout(LogoutRequest request, Scope scope) {
    if (scope == Scope.SESSION) {
      throw new IllegalArgumentException("not a scope of every session: " + scope);
    }
    boolean others = scope == Scope.OTHERS;
    List<Credential> credentials = lookup.find(request);
    List<String> names = LogoutFlow.names(credentials);
    events.before(new BeforeLogout(Trigger.EVERYWHERE, names, request::sessionAttribute));
    // Read before the session is invalidated.
    Optional<Credential> verifiable = verifiable(config, request, credentials);
    String kept = others ? keptCredential(verifiable, credentials) : null;
    // "Others" from a session without a credential has no session to keep: nothing is recorded.
    boolean recordsUser = !others || kept != null;
    Optional<String> knownUser = recordsUser ? knownUser(request) : Optional.empty();
    // The user's sessions that this application knows end at their next request, on every node,
    // whatever MoonKey answers now (enforce-revocations).
    knownUser.ifPresent(user -> core.recordOwner(user, kept));
    LocalLogout.Done localDone = LocalLogout.Done.NOTHING;
    if (!others) {
      localDone = local.run(request);
      // This session's own credentials (a token, where the listed ids cannot be matched).
      core.recordRevoked(credentials);
      verifiable.ifPresent(credential -> core.recordRevoked(List.of(credential)));
    }
    Budget budget = core.budget();
    SessionRevoker revoker = core.revoker();
    CompletionStage<LogoutSummary> summary;
    if (credentials.isEmpty()) {
      summary =
          CompletableFuture.completedFuture(
              core.told(Trigger.EVERYWHERE, names, LogoutSummary.none(), budget));
    } else if (verifiable.isEmpty()) {
      summary = fallback(credentials, names, others, budget);
    } else {
      summary =
          revoker
              .owner(verifiable.get(), budget)
              .thenCompose(
                  owner -> {
                    if (owner.isEmpty()) {
                      return CompletableFuture.completedFuture(List.<String>of());
                    }
                    String user = owner.get().userId();
                    if (recordsUser && !knownUser.equals(Optional.of(user))) {
                      core.recordOwner(user, kept);
                    }
                    return revoker
                        .sessionsOf(user, budget)
                        .thenApply(ids -> others ? without(ids, owner.get()) : ids);
                  })
              .thenCompose(ids -> core.logout(Trigger.EVERYWHERE, names, byId(ids), budget))
              .exceptionallyCompose(
                  failure ->
                      unlisted(failure, credentials, verifiable.get(), names, others, budget));
    }
    LocalLogout.Done localOutcome = localDone;
    return summary.thenApply(done -> new LogoutResult(scope, done, localOutcome));
  }

  /**
   * Verify or list gave no answer: a refused key fails the request, a failure for now queues the
   * user's sessions for the retrier, a refusal for good falls back.
   */
  private CompletionStage<LogoutSummary> unlisted(
      Throwable failure,
      List<Credential> credentials,
      Credential verifiable,
      List<String> names,
      boolean others,
      Budget budget) {
    RevocationOutcome outcome = MoonKeyFailure.outcomeOf(failure);
    if (outcome instanceof RevocationOutcome.Unauthorised) {
      LogoutLog.listFailed("a user", outcome);
      return core.tell(Trigger.EVERYWHERE, names, LogoutSummary.failed(credentials.size()), budget);
    }
    if (outcome.isRetryable()) {
      // Not revoked now, not even this session: the item's delivery verifies this credential,
      // which its own revocation would make impossible; it revokes this session last.
      return core.queueOwner(
          names,
          verifiable,
          others ? Reach.OTHER_SESSIONS_OF_OWNER : Reach.EVERY_SESSION_OF_OWNER,
          outcome,
          budget);
    }
    LOG.log(
        Level.WARNING,
        "Could not list the sessions of the user: {0}",
        LogSafe.escape(outcome.describe()));
    return fallback(credentials, names, others, budget);
  }

  /**
   * A token or JWT to ask MoonKey about: among the credentials found, else the session's token
   * attribute, which the lookup leaves out when the session also holds the id.
   */
  static Optional<Credential> verifiable(
      MoonKeyConfig config, LogoutRequest request, List<Credential> credentials) {
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

  /** MoonKey's id of the session's user, where the application keeps it. */
  private Optional<String> knownUser(LogoutRequest request) {
    return request
        .sessionAttribute(config.userIdAttribute())
        .filter(String.class::isInstance)
        .map(String.class::cast)
        .filter(user -> !user.isEmpty());
  }

  /** The credential of the session that "others" keeps: its token or JWT, else its id. */
  private static String keptCredential(
      Optional<Credential> verifiable, List<Credential> credentials) {
    return verifiable
        .or(() -> credentials.stream().findFirst())
        .map(Credential::value)
        .orElse(null);
  }

  private static List<String> without(List<String> ids, SessionOwner owner) {
    return ids.stream().filter(id -> !id.equals(owner.sessionId())).toList();
  }

  /** Session ids from MoonKey's list, as credentials to delete. */
  static List<Credential> byId(List<String> ids) {
    return ids.stream()
        .map(id -> new Credential(CredentialType.SESSION_ID, id, "MoonKey's session list"))
        .toList();
  }

  /**
   * The user is unknown: {@code all} revokes this request's own credentials, {@code others} fails.
   */
  private CompletionStage<LogoutSummary> fallback(
      List<Credential> credentials, List<String> names, boolean others, Budget budget) {
    if (others) {
      return core.tell(Trigger.EVERYWHERE, names, LogoutSummary.failed(0), budget);
    }
    return core.logout(Trigger.EVERYWHERE, names, credentials, budget);
  }
}
