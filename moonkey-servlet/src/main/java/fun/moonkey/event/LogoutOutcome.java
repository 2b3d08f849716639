package fun.moonkey.event;

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
}
