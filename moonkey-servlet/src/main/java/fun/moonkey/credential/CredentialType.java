package fun.moonkey.credential;

/** The three ways to name a MoonKey session, in order of preference. */
public enum CredentialType {
  /** The session's id: stable when MoonKey rotates the token, so preferred. */
  SESSION_ID("session_id"),
  /** The opaque session token. */
  SESSION_TOKEN("session_token"),
  /** The RS256 session JWT; still accepted by verifiers up to 5 minutes after revocation. */
  SESSION_JWT("session_jwt");

  private final String field;

  CredentialType(String field) {
    this.field = field;
  }

  /** The JSON field that carries it in MoonKey's API, such as {@code session_token}. */
  public String field() {
    return field;
  }
}
