package fun.moonkey.logout;

import fun.moonkey.answer.LogoutSummary;
import fun.moonkey.event.BeforeLogout;
import fun.moonkey.event.LogoutEvents;
import fun.moonkey.event.Trigger;
import fun.moonkey.revocation.Budget;
import fun.moonkey.revocation.MoonKeyFailure;
import fun.moonkey.revocation.RevocationOutcome;
import fun.moonkey.security.LogSafe;
import fun.moonkey.store.Reach;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * An administrator ends every MoonKey session of a user named by MoonKey's user id (OWASP ASVS 5.0
 * 7.4.2 and 7.4.5): the same path as "log out everywhere" after its verify. The user goes on the
 * revoked list as a whole at once ({@code enforce-revocations}: their {@code HttpSession}s signed
 * in before this end at their next request, on every node), MoonKey lists the user's sessions
 * ({@code GET /v1/auth/sessions/list?user_id=}) and {@link LogoutCore} deletes each by id, queueing
 * what fails for now. A list that fails for now queues one durable item ({@link
 * Reach#EVERY_SESSION_OF_USER}) that the retrier lists and deletes when MoonKey is back. Nothing
 * local changes: there is no request. Thread-safe.
 */
final class UserSessionsEnd {

  /** The longest user id accepted, in characters; MoonKey's ids are far shorter. */
  static final int MAX_USER_ID = 256;

  private final LogoutCore core;
  private final LogoutEvents events;

  /**
   * @param core MoonKey's part, shared with the other triggers
   * @param events the listeners told before ({@link Trigger#ADMIN})
   */
  UserSessionsEnd(LogoutCore core, LogoutEvents events) {
    this.core = Objects.requireNonNull(core, "core");
    this.events = Objects.requireNonNull(events, "events");
  }

  /**
   * Checks a user id before anything is recorded or sent.
   *
   * @param userId MoonKey's id of a user
   * @return the id
   * @throws IllegalArgumentException when it is blank, longer than {@link #MAX_USER_ID} or holds a
   *     character outside printable ASCII (a space, a control character); the message says which,
   *     without echoing the id
   */
  static String checked(String userId) {
    Objects.requireNonNull(userId, "userId");
    if (userId.isBlank()) {
      throw new IllegalArgumentException("userId: expected MoonKey's user id, got a blank value");
    }
    if (userId.length() > MAX_USER_ID) {
      throw new IllegalArgumentException(
          "userId: expected at most " + MAX_USER_ID + " characters, got " + userId.length());
    }
    for (int i = 0; i < userId.length(); i++) {
      char c = userId.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw new IllegalArgumentException(
            "userId: expected printable ASCII without spaces, got "
                + (Character.isISOControl(c)
                    ? "a control character"
                    : "'" + LogSafe.escape(String.valueOf(c)) + "'")
                + " at index "
                + i);
      }
    }
    return userId;
  }

  /**
   * @param userId MoonKey's id of the user, already {@link #checked}
   * @return the summary; never completes exceptionally
   */
  CompletionStage<LogoutSummary> end(String userId) {
    List<String> names = List.of(Reach.userHash(userId));
    events.before(new BeforeLogout(Trigger.ADMIN, names, name -> Optional.empty()));
    // Every HttpSession of the user signed in before now ends at its next request, on every node,
    // whatever MoonKey answers (enforce-revocations).
    core.recordOwner(userId, null);
    Budget budget = core.budget();
    return core.revoker()
        .sessionsOf(userId, budget)
        .thenCompose(ids -> core.logout(Trigger.ADMIN, names, EverywhereLogout.byId(ids), budget))
        .exceptionallyCompose(failure -> unlisted(failure, userId, names, budget));
  }

  /** The list gave no answer: a refused key or a refusal for good fails, else it is queued. */
  private CompletionStage<LogoutSummary> unlisted(
      Throwable failure, String userId, List<String> names, Budget budget) {
    RevocationOutcome outcome = MoonKeyFailure.outcomeOf(failure);
    if (outcome.isRetryable()) {
      return core.queueUser(names, userId, outcome, budget);
    }
    LogoutLog.listFailed(names.get(0), outcome);
    return core.tell(Trigger.ADMIN, names, LogoutSummary.failed(1), budget);
  }
}
