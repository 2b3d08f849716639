package fun.moonkey.logout;

import fun.moonkey.credential.Credential;
import fun.moonkey.revocation.RevocationOutcome;
import java.util.List;
import java.util.Map;

/**
 * The result of one logout: what happened at MoonKey, and the cookie deletions to send. The local
 * logout (session invalidated) has been done whatever the status.
 *
 * @param status the summary the answer is built from
 * @param outcomes each credential found and what MoonKey answered for it
 * @param setCookies the {@code Set-Cookie} header values that expire the auth cookies
 */
public record LogoutResult(
    Status status, Map<Credential, RevocationOutcome> outcomes, List<String> setCookies) {

  /** The summary of a logout. */
  public enum Status {
    /** Every credential was revoked, or was already gone. */
    REVOKED,
    /** The request carried no MoonKey credential. */
    NO_SESSION,
    /** At least one revocation failed in a way that may succeed later. */
    PENDING,
    /** At least one revocation was refused for good (bad request, bad key, redirect). */
    FAILED
  }

  /** Copies the collections. */
  public LogoutResult {
    outcomes = Map.copyOf(outcomes);
    setCookies = List.copyOf(setCookies);
  }
}
