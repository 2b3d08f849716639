package fun.moonkey.revocation;

/**
 * Who a MoonKey session belongs to, as {@code POST /v1/auth/sessions/verify} answers.
 *
 * @param sessionId the session's id
 * @param userId the id of its user
 */
public record SessionOwner(String sessionId, String userId) {}
