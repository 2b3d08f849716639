package fun.moonkey.answer;

import fun.moonkey.credential.Credential;
import fun.moonkey.event.LogoutOutcome;
import fun.moonkey.revocation.RevocationOutcome;
import java.util.Map;
import java.util.Objects;

/**
 * What MoonKey's part of one logout came to, whatever triggered it: each credential's outcome, how
 * many were revoked, queued for retry or failed, and the one status the answer and the events are
 * built from.
 *
 * @param status the summary: {@code NO_SESSION} without credentials, else {@code FAILED} when any
 *     failed, else {@code PENDING} when any is queued, else {@code REVOKED}
 * @param outcomes each credential and what MoonKey answered for it
 * @param revoked credentials MoonKey revoked now, or had already
 * @param pending credentials queued for the background retrier
 * @param failed credentials MoonKey refused for good, or that could not be queued
 * @param othersPending true when a "log out everywhere" could not list the user's sessions now and
 *     queued their revocation for the background retrier (counted in {@code pending}; its one
 *     outcome is the verify's or list's failure, under the credential whose owner it is)
 */
public record LogoutSummary(
    LogoutResult.Status status,
    Map<Credential, RevocationOutcome> outcomes,
    int revoked,
    int pending,
    int failed,
    boolean othersPending) {

  /** Copies the map. */
  public LogoutSummary {
    Objects.requireNonNull(status, "status");
    outcomes = Map.copyOf(outcomes);
  }

  /** A summary of sessions named one by one ({@code othersPending} false). */
  public LogoutSummary(
      LogoutResult.Status status,
      Map<Credential, RevocationOutcome> outcomes,
      int revoked,
      int pending,
      int failed) {
    this(status, outcomes, revoked, pending, failed, false);
  }

  /**
   * A "log out everywhere" whose user's sessions are queued for the retrier, as one item named by
   * the credential whose owner they are.
   *
   * @param failure why the sessions could not be listed now
   */
  public static LogoutSummary othersQueued(Credential credential, RevocationOutcome failure) {
    return new LogoutSummary(
        LogoutResult.Status.PENDING, Map.of(credential, failure), 0, 1, 0, true);
  }

  /** Nothing to revoke. */
  public static LogoutSummary none() {
    return new LogoutSummary(LogoutResult.Status.NO_SESSION, Map.of(), 0, 0, 0);
  }

  /**
   * A logout that could not reach its credentials' sessions for good (a refused secret key): each
   * of them failed.
   */
  public static LogoutSummary failed(int credentials) {
    return new LogoutSummary(LogoutResult.Status.FAILED, Map.of(), 0, 0, credentials);
  }

  /** The summary of counted outcomes, by the one rule above. */
  public static LogoutSummary of(
      Map<Credential, RevocationOutcome> outcomes, int revoked, int pending, int failed) {
    LogoutResult.Status status;
    if (revoked + pending + failed == 0) {
      status = LogoutResult.Status.NO_SESSION;
    } else if (failed > 0) {
      status = LogoutResult.Status.FAILED;
    } else if (pending > 0) {
      status = LogoutResult.Status.PENDING;
    } else {
      status = LogoutResult.Status.REVOKED;
    }
    return new LogoutSummary(status, outcomes, revoked, pending, failed);
  }

  /** The outcome listeners hear: {@link LogoutOutcome#ALREADY_GONE} when every one was gone. */
  public LogoutOutcome eventOutcome() {
    return switch (status) {
      case NO_SESSION -> LogoutOutcome.NO_SESSION;
      case PENDING -> LogoutOutcome.PENDING;
      case FAILED -> LogoutOutcome.FAILED;
      case REVOKED ->
          !outcomes.isEmpty()
                  && outcomes.values().stream()
                      .allMatch(RevocationOutcome.AlreadyGone.class::isInstance)
              ? LogoutOutcome.ALREADY_GONE
              : LogoutOutcome.REVOKED;
    };
  }
}
