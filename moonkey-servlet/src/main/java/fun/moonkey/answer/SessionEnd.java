package fun.moonkey.answer;

import fun.moonkey.revocation.RevocationOutcome;
import java.util.Objects;

/**
 * What ending one of a user's MoonKey sessions came to ({@code sessions-api}, {@code
 * LogoutService.endSession}). Only {@link Ended} revoked anything.
 */
public sealed interface SessionEnd {

  /**
   * The session was one of the user's other sessions, and its revocation went the way of a
   * logout's: revoked, queued for the retrier (pending) or failed, as the summary says.
   *
   * @param sessionId the ended session's id
   * @param summary MoonKey's part, as for a logout
   */
  record Ended(String sessionId, LogoutSummary summary) implements SessionEnd {
    /** Requires both. */
    public Ended {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(summary, "summary");
    }
  }

  /** The request holds no MoonKey session that MoonKey knows. Nothing revoked. */
  record NotSignedIn() implements SessionEnd {}

  /**
   * The id is not on the user's own list, fetched afresh: another user's, or gone. Nothing revoked.
   */
  record NotFound() implements SessionEnd {}

  /**
   * The id is the requesting session's own: ending it is a logout, which the logout path does
   * (session invalidated, cookies expired). Nothing revoked.
   */
  record Current() implements SessionEnd {}

  /**
   * MoonKey gave no usable answer to verify or list, so the id could not be checked against the
   * user's list. Nothing revoked.
   *
   * @param cause what went wrong
   */
  record Unavailable(RevocationOutcome cause) implements SessionEnd {
    /** Requires the cause. */
    public Unavailable {
      Objects.requireNonNull(cause, "cause");
    }
  }
}
