package fun.moonkey.metrics;

/**
 * An administrator's operation on one MoonKey client, under {@code
 * fun.moonkey:type=SessionAdmin,context=…,id=…}, beside the client's {@link LogoutMetricsMXBean}:
 * kept apart so that a JMX tool can give monitoring the figures without this operation.
 */
public interface SessionAdminMXBean {

  /**
   * Ends every MoonKey session of a user ({@code LogoutService.endAllSessionsOf}) and waits for
   * MoonKey for at most the client's {@code timeout} and one second more.
   *
   * @param userId MoonKey's id of the user
   * @return one line: the outcome ({@code REVOKED}, {@code NO_SESSION}, {@code PENDING}, {@code
   *     FAILED}) and how many sessions, naming the user by a short hash only; for example {@code
   *     REVOKED: 2 session(s) of user_id#1a2b3c4d revoked (0 pending, 0 failed)}
   * @throws IllegalArgumentException for an id that is blank, too long or not printable ASCII
   */
  String endAllSessionsOf(String userId);
}
