package fun.moonkey.config;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How one cookie was set, so that its deletion repeats it: a browser drops a cookie only for a
 * {@code Set-Cookie} with the same name, Path and Domain (or host-only), per RFC 6265bis.
 *
 * @param name the cookie name, case-sensitive
 * @param path the Path, or null for the application's context path ({@code /} for the root)
 * @param domain the Domain, or null for a host-only cookie
 * @param secure true when the original carried {@code Secure}; a deletion carries {@code Secure}
 *     also whenever the request itself is secure
 * @param httpOnly whether the deletion carries {@code HttpOnly}
 * @param sameSite {@code Strict}, {@code Lax}, {@code None}, or null for none
 * @param partitioned true when the original was {@code Partitioned} (CHIPS)
 */
public record CookieSpec(
    String name,
    String path,
    String domain,
    boolean secure,
    boolean httpOnly,
    String sameSite,
    boolean partitioned) {

  /** Name prefix whose cookies must be Secure, Path=/ and host-only. */
  public static final String HOST_PREFIX = "__Host-";

  /** Name prefix whose cookies must be Secure. */
  public static final String SECURE_PREFIX = "__Secure-";

  /** Checks the invariants of RFC 6265bis; see {@link CookieSpecParser} for the messages. */
  public CookieSpec {
    Objects.requireNonNull(name, "name");
  }

  /**
   * A cookie set with the defaults: context path, host-only, {@code HttpOnly}, {@code
   * SameSite=Lax}.
   *
   * @param name the cookie name
   */
  public static CookieSpec defaults(String name) {
    return new CookieSpec(name, null, null, false, true, "Lax", false);
  }

  /**
   * @return true when the deletion must carry {@code Secure} whatever the request: a prefixed name,
   *     {@code SameSite=None}, {@code Partitioned}, or an original that was {@code Secure}
   */
  public boolean requiresSecure() {
    return secure
        || partitioned
        || name.startsWith(HOST_PREFIX)
        || name.startsWith(SECURE_PREFIX)
        || "none".equals(sameSite == null ? null : sameSite.toLowerCase(Locale.ROOT));
  }

  /**
   * @param contextPath the application's context path, {@code ""} for the root
   * @return the Path of the deletion
   */
  public String effectivePath(String contextPath) {
    if (name.startsWith(HOST_PREFIX)) {
      return "/";
    }
    if (path != null) {
      return path;
    }
    return contextPath == null || contextPath.isEmpty() ? "/" : contextPath;
  }

  /**
   * @return the Domain of the deletion, empty for host-only
   */
  public Optional<String> effectiveDomain() {
    return name.startsWith(HOST_PREFIX) ? Optional.empty() : Optional.ofNullable(domain);
  }
}
