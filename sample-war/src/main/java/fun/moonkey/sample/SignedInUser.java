package fun.moonkey.sample;

import jakarta.servlet.http.HttpSession;
import java.util.Objects;
import java.util.Optional;

/**
 * The user this {@code HttpSession} belongs to, and where the sample keeps them in the session.
 *
 * <p>The MoonKey session token and session id go under the library's default attribute names
 * ({@code moonkey.session_token}, {@code moonkey.session_id}), so that the {@code LogoutFilter}
 * finds them without configuration; the user's id and email go under the sample's own names.
 *
 * @param id the MoonKey user id
 * @param email the user's email address, or {@code null} when MoonKey did not say
 */
public record SignedInUser(String id, String email) {

  /** Session attribute of the MoonKey session token (the library's default name). */
  public static final String TOKEN_ATTRIBUTE = "moonkey.session_token";

  /** Session attribute of the MoonKey session id (the library's default name). */
  public static final String SESSION_ID_ATTRIBUTE = "moonkey.session_id";

  static final String USER_ID_ATTRIBUTE = "sample.user_id";
  static final String EMAIL_ATTRIBUTE = "sample.email";

  /** Requires an id. */
  public SignedInUser {
    Objects.requireNonNull(id, "id");
  }

  /**
   * The user of {@code session}, if someone signed in on it.
   *
   * @param session the session, or {@code null} when the request has none
   * @return the user, or empty
   */
  static Optional<SignedInUser> of(HttpSession session) {
    if (session == null) {
      return Optional.empty();
    }
    try {
      Object id = session.getAttribute(USER_ID_ATTRIBUTE);
      Object email = session.getAttribute(EMAIL_ATTRIBUTE);
      return id instanceof String userId
          ? Optional.of(new SignedInUser(userId, email instanceof String s ? s : null))
          : Optional.empty();
    } catch (IllegalStateException invalidated) {
      return Optional.empty();
    }
  }

  /** Stores this user and their MoonKey session in {@code session}. */
  void store(HttpSession session, VerifiedSession verified, String token) {
    session.setAttribute(TOKEN_ATTRIBUTE, token);
    session.setAttribute(SESSION_ID_ATTRIBUTE, verified.sessionId());
    session.setAttribute(USER_ID_ATTRIBUTE, id);
    if (email != null) {
      session.setAttribute(EMAIL_ATTRIBUTE, email);
    }
  }
}
