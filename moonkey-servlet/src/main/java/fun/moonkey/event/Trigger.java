package fun.moonkey.event;

/** What started a logout. */
public enum Trigger {
  /** The user asked: a request to the filter's logout path or to {@code LogoutResource}. */
  USER,
  /** The {@code HttpSession} timed out or other code invalidated it, without a logout. */
  SESSION_EXPIRED,
  /** The user asked to end every session of theirs ({@code scope=all} or {@code others}). */
  EVERYWHERE,
  /**
   * The user ended one of their other sessions from the list of their sessions ({@code
   * sessions-api}).
   */
  SESSION_LIST
}
