package fun.moonkey.config;

import java.util.List;

/**
 * The names of every configuration key, in their short form.
 *
 * <p>A key {@code k} is looked up, first found wins, as the filter init-param {@code k}, the
 * context-param {@code moonkey.k}, the system property {@code moonkey.k} and the environment
 * variable {@code MOONKEY_K} (upper case, {@code -} and {@code .} as {@code _}). See {@link
 * ConfigSource}.
 */
public final class ConfigKeys {

  /** Prefix of context-params and system properties. */
  public static final String PREFIX = "moonkey.";

  /** Prefix of environment variables. */
  public static final String ENV_PREFIX = "MOONKEY_";

  /**
   * The MoonKey secret key ({@code sk_test_…} or {@code sk_live_…}). Required. Read it from the
   * environment ({@code MOONKEY_SECRET_KEY}) or a system property in production, never from a file
   * kept in version control.
   */
  public static final String SECRET_KEY = "secret-key";

  /**
   * Base URL of the MoonKey API. Absolute; {@code https}, or {@code http} for a loopback host only.
   * Default {@code https://api.moonkey.fun}.
   */
  public static final String API_URL = "api-url";

  /**
   * Context-relative path that logs out, such as {@code /logout}. Unset (the default): every
   * request mapped to the filter is a logout. Set: only requests to that path are, all others pass
   * down the chain untouched.
   */
  public static final String LOGOUT_PATH = "logout-path";

  /**
   * Comma-separated HTTP methods that log out. Default {@code POST}. Any other method on the logout
   * path gets {@code 405} with {@code Allow}.
   */
  public static final String METHODS = "methods";

  /** Name of the cookie that holds the MoonKey session token. Default {@code session_token}. */
  public static final String TOKEN_COOKIE = "token-cookie";

  /**
   * Name of the {@code HttpSession} attribute that holds the MoonKey session token. Default {@code
   * moonkey.session_token}.
   */
  public static final String TOKEN_ATTRIBUTE = "token-attribute";

  /**
   * Name of the {@code HttpSession} attribute that holds the MoonKey session id. Default {@code
   * moonkey.session_id}. When the app knows the id it is preferred: a session keeps its id when
   * MoonKey rotates its token.
   */
  public static final String SESSION_ID_ATTRIBUTE = "session-id-attribute";

  /**
   * Name of a request header that carries the MoonKey session token (a leading {@code Bearer } is
   * removed). Default unset: headers are not read.
   */
  public static final String TOKEN_HEADER = "token-header";

  /**
   * Name of a cookie that holds the MoonKey session JWT. Default unset. Used only when no session
   * id and no session token is found.
   */
  public static final String JWT_COOKIE = "jwt-cookie";

  /**
   * Where a browser goes after logout: a context-relative path ({@code /}, {@code /signed-out}) or
   * an absolute {@code http(s)} URL. Default {@code /}.
   */
  public static final String REDIRECT = "redirect";

  /**
   * The whole time budget for revoking at MoonKey before the response goes out, as a duration
   * ({@code 5s}, {@code 500ms}, {@code 1m}). Default {@code 5s}; between {@code 100ms} and {@code
   * 5m}.
   */
  public static final String TIMEOUT = "timeout";

  /**
   * Comma-separated cookies to expire on logout, each {@code name} followed by optional {@code
   * ;path=/p}, {@code ;domain=example.com}, {@code ;secure}, {@code ;partitioned}, {@code
   * ;samesite=Strict|Lax|None}, {@code ;httponly=false}. Default: the token cookie and the
   * container's session cookie, with the context path (or {@code /}) and no domain.
   */
  public static final String EXPIRE_COOKIES = "expire-cookies";

  /**
   * What a JSON caller is told when revocation failed: {@code pending} (default: {@code 200
   * {"success": true, "revocation": "pending"}}) or {@code fail} ({@code 500 {"error": "Logout
   * failed"}}). The local logout is done either way.
   */
  public static final String ON_REVOCATION_FAILURE = "on-revocation-failure";

  /**
   * Comma-separated origins ({@code https://app.example.com}) of cross-origin callers that may log
   * out, for example a single-page app on another host. Default none: a cross-site request gets
   * {@code 403}. A CORS preflight from one of these origins is answered with {@code
   * Access-Control-Allow-Origin} and {@code -Credentials}; from any other origin it is not.
   */
  public static final String ALLOWED_ORIGINS = "allowed-origins";

  /**
   * {@code true} or {@code false}: whether {@code Sec-Fetch-Site: same-site} (a sibling subdomain)
   * may log out without being on {@link #ALLOWED_ORIGINS}. Default {@code false}.
   */
  public static final String ALLOW_SAME_SITE = "allow-same-site";

  /**
   * Comma-separated IP addresses or CIDR blocks ({@code 10.0.0.0/8}, {@code ::1}) of reverse
   * proxies whose {@code Forwarded: proto=} and {@code X-Forwarded-Proto} are believed, when the
   * peer that connected is one of them. Default none: those headers are ignored.
   */
  public static final String TRUSTED_PROXIES = "trusted-proxies";

  /**
   * Name of a request parameter (such as {@code returnTo}) that may choose where a browser goes
   * after logout. Default unset: off. A target passes only when it is a path on the request's own
   * origin or an URL on {@link #RETURN_TO_ORIGINS}; otherwise {@link #REDIRECT} is used.
   */
  public static final String RETURN_TO_PARAMETER = "return-to-parameter";

  /**
   * Comma-separated origins, besides the request's own, that {@link #RETURN_TO_PARAMETER} may lead
   * to. Default none.
   */
  public static final String RETURN_TO_ORIGINS = "return-to-origins";

  /**
   * Comma-separated {@code Clear-Site-Data} directives sent with a logout answer on a secure
   * request: {@code cache}, {@code cookies}, {@code storage}, {@code executionContexts}, {@code
   * clientHints}, {@code prefetchCache}, {@code prerenderCache} or {@code *}. Default none: no
   * header.
   */
  public static final String CLEAR_SITE_DATA = "clear-site-data";

  /** Every key, in the order the start-up line shows them. */
  public static final List<String> ALL =
      List.of(
          SECRET_KEY,
          API_URL,
          LOGOUT_PATH,
          METHODS,
          TOKEN_COOKIE,
          TOKEN_ATTRIBUTE,
          SESSION_ID_ATTRIBUTE,
          TOKEN_HEADER,
          JWT_COOKIE,
          REDIRECT,
          TIMEOUT,
          EXPIRE_COOKIES,
          ON_REVOCATION_FAILURE,
          ALLOWED_ORIGINS,
          ALLOW_SAME_SITE,
          TRUSTED_PROXIES,
          RETURN_TO_PARAMETER,
          RETURN_TO_ORIGINS,
          CLEAR_SITE_DATA);

  private ConfigKeys() {}

  /**
   * The environment variable for a key: {@code api-url} gives {@code MOONKEY_API_URL}.
   *
   * @param key a short key
   * @return its environment variable name
   */
  public static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(java.util.Locale.ROOT).replace('-', '_').replace('.', '_');
  }
}
