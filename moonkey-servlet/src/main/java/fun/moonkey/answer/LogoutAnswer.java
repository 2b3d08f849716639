package fun.moonkey.answer;

import fun.moonkey.config.FailurePolicy;
import fun.moonkey.security.LogoutGuard;

/**
 * The JSON answer for a logout result (as the README lists the answers), shared by the filter and
 * the resource so that both say the same thing.
 *
 * @param status the HTTP status
 * @param json the body, or null for none
 */
record LogoutAnswer(int status, String json) {

  /** The {@code Content-Type} of every JSON answer. */
  public static final String CONTENT_TYPE = "application/json;charset=UTF-8";

  /**
   * The {@code Cache-Control} of every logout answer: a logout must never be served from a cache.
   */
  public static final String CACHE_CONTROL = "no-store";

  /** Body of a successful logout. */
  public static final String SUCCESS = "{\"success\": true}";

  /** Body when MoonKey's part is queued for retry. */
  public static final String PENDING = "{\"success\": true, \"revocation\": \"pending\"}";

  /** Body when MoonKey refused the revocation for good, under the {@code pending} policy. */
  public static final String FAILED_REPORTED = "{\"success\": true, \"revocation\": \"failed\"}";

  /** Body when the request had no MoonKey credential. */
  public static final String NO_SESSION = "{\"error\": \"No session found\"}";

  /** Body when revocation failed under the {@code fail} policy. */
  public static final String LOGOUT_FAILED = "{\"error\": \"Logout failed\"}";

  /**
   * The answer to a request the guard refused; nothing has changed.
   *
   * @param outcome the guard's decision, anything but {@code LOGOUT}
   * @return 204 for a preflight, 405, or 403 with a JSON reason; {@link #json()} is null when the
   *     answer has no body
   */
  public static LogoutAnswer refused(LogoutGuard.Outcome outcome) {
    return switch (outcome) {
      case PREFLIGHT -> new LogoutAnswer(204, null);
      case METHOD_NOT_ALLOWED -> new LogoutAnswer(405, null);
      case PREFETCH -> new LogoutAnswer(403, LogoutGuard.PREFETCH_REFUSED);
      case CROSS_SITE -> new LogoutAnswer(403, LogoutGuard.CROSS_SITE_REFUSED);
      case LOGOUT -> throw new IllegalArgumentException("a logout is not a refusal");
    };
  }

  /**
   * @param status the logout's summary
   * @param policy what to tell callers when revocation failed
   * @return the JSON answer
   */
  public static LogoutAnswer of(LogoutResult.Status status, FailurePolicy policy) {
    return switch (status) {
      case REVOKED -> new LogoutAnswer(200, SUCCESS);
      case NO_SESSION -> new LogoutAnswer(400, NO_SESSION);
      case PENDING ->
          policy == FailurePolicy.FAIL
              ? new LogoutAnswer(500, LOGOUT_FAILED)
              : new LogoutAnswer(200, PENDING);
      case FAILED ->
          policy == FailurePolicy.FAIL
              ? new LogoutAnswer(500, LOGOUT_FAILED)
              : new LogoutAnswer(200, FAILED_REPORTED);
    };
  }
}
