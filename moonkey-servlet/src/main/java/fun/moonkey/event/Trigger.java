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
   * An administrator ended every session of a user ({@code LogoutService.endAllSessionsOf}: in
   * code, through the JMX operation or the JAX-RS {@code SessionAdminResource}). There is no
   * request session: {@link BeforeLogout#sessionAttribute} is always empty, and the events name the
   * user as {@code user_id#1a2b3c4d} (a short hash), never the id.
   */
  ADMIN,
  /**
   * The user ended one of their other sessions from the list of their sessions ({@code
   * sessions-api}).
   */
  SESSION_LIST
}
