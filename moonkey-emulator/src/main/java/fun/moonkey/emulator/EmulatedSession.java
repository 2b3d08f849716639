package fun.moonkey.emulator;

/**
 * A MoonKey session as the emulator holds it: one immutable snapshot, taken when it was returned.
 *
 * <p>A session is created active, by {@link MoonKeyEmulator#createSession(String, String)} or by
 * the emulator's {@code POST /_emulator/sessions} helper, and becomes revoked when a {@code DELETE
 * /v1/auth/sessions/delete} names it. Revocation is final. Sessions do not expire.
 *
 * @param id the session id, {@code sess_} followed by 20 hex digits
 * @param userId the id of the user the session belongs to
 * @param email the user's email address
 * @param token the opaque session token, {@code mk_sess_} followed by 43 URL-safe base64 characters
 * @param jwt a session JWT: three base64url parts that look like an RS256 token (the signature is
 *     random bytes, not verifiable)
 * @param active {@code true} until the session is revoked
 */
public record EmulatedSession(
    String id, String userId, String email, String token, String jwt, boolean active) {

  /** Returns a copy of this session marked revoked. */
  EmulatedSession revoked() {
    return new EmulatedSession(id, userId, email, token, jwt, false);
  }
}
