package fun.moonkey.logout;

import fun.moonkey.answer.SessionEnd;
import fun.moonkey.answer.SessionList;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialLookup;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.event.BeforeLogout;
import fun.moonkey.event.LogoutEvents;
import fun.moonkey.event.Trigger;
import fun.moonkey.local.LogoutRequest;
import fun.moonkey.revocation.Budget;
import fun.moonkey.revocation.MoonKeyFailure;
import fun.moonkey.revocation.MoonKeySession;
import fun.moonkey.revocation.RevocationOutcome;
import fun.moonkey.revocation.SessionOwner;
import fun.moonkey.revocation.SessionRevoker;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A user's view of their MoonKey sessions (OWASP ASVS 5.0, 7.5.2): list them, and end one of the
 * others. The user is who MoonKey's verify says owns this request's token or JWT; without one, the
 * session's {@code session-id-attribute} and {@code user-id-attribute}, taken only when MoonKey's
 * list still holds that session. Their sessions come from {@code GET /v1/auth/sessions/list},
 * afresh for every call, so an id is ended only when it is on the user's own list now. The end goes
 * through {@link LogoutCore} as a logout's revocation does: the revoked list ({@code
 * enforce-revocations}), retries, the pending store, the listeners ({@link Trigger#SESSION_LIST}).
 * One {@code timeout} budget covers verify, list and the delete. Thread-safe.
 */
final class UserSessions {

  private static final Logger LOG = System.getLogger(UserSessions.class.getName());

  /** Where the id of a session from MoonKey's list comes from, in logs and events. */
  private static final String FROM_LIST = "the user's session list";

  private final MoonKeyConfig config;
  private final CredentialLookup lookup;
  private final LogoutCore core;
  private final LogoutEvents events;

  UserSessions(MoonKeyConfig config, LogoutCore core, LogoutEvents events) {
    this.config = Objects.requireNonNull(config, "config");
    this.lookup = new CredentialLookup(config);
    this.core = Objects.requireNonNull(core, "core");
    this.events = Objects.requireNonNull(events, "events");
  }

  /**
   * @param request the request of the signed-in user
   * @return the list; never completes exceptionally
   */
  CompletionStage<SessionList> list(LogoutRequest request) {
    return snapshot(request, core.budget())
        .handle(
            (found, failure) -> {
              if (failure != null) {
                return new SessionList.Unavailable(outcome(failure));
              }
              if (found.isEmpty()) {
                return new SessionList.NotSignedIn();
              }
              String current = found.get().owner().sessionId();
              return new SessionList.Listed(
                  found.get().sessions().stream()
                      .map(s -> new SessionList.Entry(s, s.id().equals(current)))
                      .toList());
            });
  }

  /**
   * @param request the request of the signed-in user
   * @param sessionId the id of one of the user's other sessions
   * @return what came of it; never completes exceptionally
   */
  CompletionStage<SessionEnd> end(LogoutRequest request, String sessionId) {
    Objects.requireNonNull(sessionId, "sessionId");
    Budget budget = core.budget();
    return snapshot(request, budget)
        .handle(
            (found, failure) -> {
              if (failure != null) {
                return done(new SessionEnd.Unavailable(outcome(failure)));
              }
              if (found.isEmpty()) {
                return done(new SessionEnd.NotSignedIn());
              }
              Snapshot user = found.get();
              if (user.owner().sessionId().equals(sessionId)) {
                return done(new SessionEnd.Current());
              }
              if (user.sessions().stream().noneMatch(s -> s.id().equals(sessionId))) {
                LOG.log(
                    Level.INFO,
                    "Refused to end session {0}: not on the list of the signed-in user''s sessions",
                    Credential.isAcceptable(sessionId)
                        ? new Credential(CredentialType.SESSION_ID, sessionId, FROM_LIST).hash()
                        : "(malformed)");
                return done(new SessionEnd.NotFound());
              }
              return revoke(request, sessionId, budget);
            })
        .thenCompose(stage -> stage);
  }

  private CompletionStage<SessionEnd> revoke(
      LogoutRequest request, String sessionId, Budget budget) {
    Credential credential = new Credential(CredentialType.SESSION_ID, sessionId, FROM_LIST);
    List<String> names = List.of(credential.hash());
    if (events.isEmpty()) {
      return core.logout(Trigger.SESSION_LIST, names, List.of(credential), budget)
          .thenApply(summary -> new SessionEnd.Ended(sessionId, summary));
    }
    // Listeners are user code: never on the HTTP client's I/O thread that read the list.
    return CompletableFuture.supplyAsync(
            () -> {
              events.before(
                  new BeforeLogout(Trigger.SESSION_LIST, names, request::sessionAttribute));
              return core.logout(Trigger.SESSION_LIST, names, List.of(credential), budget);
            },
            core.revoker().workers())
        .thenCompose(stage -> stage)
        .thenApply(summary -> new SessionEnd.Ended(sessionId, summary));
  }

  /** The user and their sessions now; empty when nobody is signed in; fails with MoonKey. */
  private CompletionStage<Optional<Snapshot>> snapshot(LogoutRequest request, Budget budget) {
    SessionRevoker revoker = core.revoker();
    Optional<Credential> verifiable =
        EverywhereLogout.verifiable(config, request, lookup.find(request));
    if (verifiable.isPresent()) {
      return revoker
          .owner(verifiable.get(), budget)
          .thenCompose(
              owner ->
                  owner.isEmpty()
                      ? CompletableFuture.completedFuture(Optional.<Snapshot>empty())
                      : revoker
                          .listSessions(owner.get().userId(), budget)
                          .thenApply(sessions -> Optional.of(new Snapshot(owner.get(), sessions))));
    }
    Optional<String> id = stringAttribute(request, config.sessionIdAttribute());
    Optional<String> user = stringAttribute(request, config.userIdAttribute());
    if (id.isEmpty() || user.isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    // Without a token MoonKey cannot vouch for the session: its list must still hold it.
    return revoker
        .listSessions(user.get(), budget)
        .thenApply(
            sessions ->
                sessions.stream().anyMatch(s -> s.id().equals(id.get()))
                    ? Optional.of(new Snapshot(new SessionOwner(id.get(), user.get()), sessions))
                    : Optional.empty());
  }

  private static Optional<String> stringAttribute(LogoutRequest request, String name) {
    return request
        .sessionAttribute(name)
        .filter(String.class::isInstance)
        .map(String.class::cast)
        .filter(value -> !value.isEmpty());
  }

  /** What failed, a refused secret key logged at ERROR naming the setting. */
  private static RevocationOutcome outcome(Throwable failure) {
    RevocationOutcome outcome = MoonKeyFailure.outcomeOf(failure);
    LogoutLog.listFailed("a user", outcome);
    return outcome;
  }

  private static CompletionStage<SessionEnd> done(SessionEnd end) {
    return CompletableFuture.completedFuture(end);
  }

  /** The signed-in user's session and their sessions, as MoonKey listed them. */
  private record Snapshot(SessionOwner owner, List<MoonKeySession> sessions) {}
}
