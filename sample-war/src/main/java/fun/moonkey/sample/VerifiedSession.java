package fun.moonkey.sample;

import java.util.Objects;

/**
 * What MoonKey said about a valid session token.
 *
 * @param sessionId the MoonKey session id
 * @param userId the MoonKey user id
 * @param email the user's email, or {@code null} when the answer had none
 */
public record VerifiedSession(String sessionId, String userId, String email) {

  /** Requires the session and user ids. */
  public VerifiedSession {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(userId, "userId");
  }

  /** The signed-in user this session belongs to. */
  public SignedInUser user() {
    return new SignedInUser(userId, email);
  }
}
