package fun.moonkey.answer;

import fun.moonkey.config.Scope;
import fun.moonkey.credential.Credential;
import fun.moonkey.local.LocalLogout;
import fun.moonkey.revocation.RevocationOutcome;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of one logout: what happened at MoonKey, and what the local logout did (done whatever
 * the status; nothing for {@code others}, which keeps this session).
 *
 * @param scope which sessions the logout was for
 * @param summary what MoonKey's part came to
 * @param local what the local logout did: the session, the cookie deletions, Clear-Site-Data
 */
public record LogoutResult(Scope scope, LogoutSummary summary, LocalLogout.Done local) {

  /** The summary of a logout. */
  public enum Status {
    /** Every credential was revoked, or was already gone. */
    REVOKED,
    /** The request carried no MoonKey credential. */
    NO_SESSION,
    /** At least one revocation failed in a way that may succeed later, and is queued. */
    PENDING,
    /** At least one revocation was refused for good (bad request, bad key, redirect). */
    FAILED
  }

  /** Checks for nulls. */
  public LogoutResult {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(local, "local");
  }

  /** The {@code Set-Cookie} header values that expire the auth cookies. */
  public List<String> setCookies() {
    return local.setCookies();
  }

  /** The status the answer is built from. */
  public Status status() {
    return summary.status();
  }

  /** Each credential revoked and what MoonKey answered for it. */
  public Map<Credential, RevocationOutcome> outcomes() {
    return summary.outcomes();
  }
}
