package fun.moonkey.event;

import fun.moonkey.logout.LogoutResult;
import fun.moonkey.revocation.RevocationOutcome;
import java.util.Collection;

/** What became of the MoonKey side of a logout, as listeners see it. */
public enum LogoutOutcome {
  /** MoonKey deleted every session named. */
  REVOKED,
  /** MoonKey no longer knew any session named (404): revoked before. */
  ALREADY_GONE,
  /** At least one revocation failed transiently and is queued for retry. */
  PENDING,
  /** At least one revocation was refused for good, or could not be queued. */
  FAILED,
  /** There was no MoonKey credential to revoke. */
  NO_SESSION;

  /**
   * @param status the flow's summary
   * @param outcomes what MoonKey answered for each credential
   * @return the outcome; {@link #ALREADY_GONE} only when every credential was already gone
   */
  public static LogoutOutcome of(
      LogoutResult.Status status, Collection<RevocationOutcome> outcomes) {
    return switch (status) {
      case NO_SESSION -> NO_SESSION;
      case PENDING -> PENDING;
      case FAILED -> FAILED;
      case REVOKED ->
          !outcomes.isEmpty()
                  && outcomes.stream().allMatch(RevocationOutcome.AlreadyGone.class::isInstance)
              ? ALREADY_GONE
              : REVOKED;
    };
  }
}
