package fun.moonkey.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

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
   * The secret key that {@link #SECRET_KEY} replaced, while a key rotation settles: the revocations
   * still pending under it (in the work directory's journal, a {@code pending-store} directory or
   * table) are taken over, opened with it, sealed anew with the new key and delivered with the new
   * key. Optional, a secret like {@link #SECRET_KEY}, and different from it. Default unset.
   */
  public static final String PREVIOUS_SECRET_KEY = "previous-secret-key";

  /**
   * Base URL of the MoonKey API. Absolute; {@code https}, or {@code http} for a loopback host only.
   * Default {@link #DEFAULT_API_URL}.
   */
  public static final String API_URL = "api-url";

  /** The default of {@link #API_URL}. */
  public static final URI DEFAULT_API_URL = URI.create("https://api.moonkey.fun");

  /**
   * The outbound HTTP proxy that calls to MoonKey go through: {@value #PROXY_NONE} (straight to
   * MoonKey) or {@code http://host:port} (that proxy; an {@code https} API URL is tunnelled with
   * {@code CONNECT}, so TLS stays end to end). Default unset: the JVM's proxy settings ({@code
   * https.proxyHost}, {@code https.proxyPort}, {@code http.proxyHost}, {@code http.proxyPort},
   * {@code http.nonProxyHosts}). A proxy that asks for credentials is not supported: a user or
   * password in the URL is refused at start-up. Not to be confused with {@link #TRUSTED_PROXIES},
   * the reverse proxies in front of the application.
   */
  public static final String PROXY = "proxy";

  /** The {@link #PROXY} value that sends calls to MoonKey directly, bypassing any JVM proxy. */
  public static final String PROXY_NONE = "none";

  /**
   * Context-relative path that logs out, such as {@code /logout}. Unset (the default): every
   * request mapped to the filter is a logout. Set: only requests to that path are, all others pass
   * down the chain untouched.
   */
  public static final String LOGOUT_PATH = "logout-path";

  /**
   * Comma-separated HTTP methods that log out. Default {@link #DEFAULT_METHODS}. Any other method
   * on the logout path gets {@code 405} with {@code Allow}.
   */
  public static final String METHODS = "methods";

  /** The default of {@link #METHODS}. */
  public static final Set<String> DEFAULT_METHODS = Set.of("POST");

  /**
   * Name of the cookie that holds the MoonKey session token. Default {@value
   * #DEFAULT_TOKEN_COOKIE}.
   */
  public static final String TOKEN_COOKIE = "token-cookie";

  /** The default of {@link #TOKEN_COOKIE}. */
  public static final String DEFAULT_TOKEN_COOKIE = "session_token";

  /**
   * Name of the {@code HttpSession} attribute that holds the MoonKey session token. Default {@value
   * #DEFAULT_TOKEN_ATTRIBUTE}.
   */
  public static final String TOKEN_ATTRIBUTE = "token-attribute";

  /** The default of {@link #TOKEN_ATTRIBUTE}. */
  public static final String DEFAULT_TOKEN_ATTRIBUTE = "moonkey.session_token";

  /**
   * Name of the {@code HttpSession} attribute that holds the MoonKey session id. Default {@value
   * #DEFAULT_SESSION_ID_ATTRIBUTE}. When the app knows the id it is preferred: a session keeps its
   * id when MoonKey rotates its token.
   */
  public static final String SESSION_ID_ATTRIBUTE = "session-id-attribute";

  /** The default of {@link #SESSION_ID_ATTRIBUTE}. */
  public static final String DEFAULT_SESSION_ID_ATTRIBUTE = "moonkey.session_id";

  /**
   * Name of the {@code HttpSession} attribute where the application keeps MoonKey's id of the
   * signed-in user, if it does. Default {@value #DEFAULT_USER_ID_ATTRIBUTE}. With {@link
   * #ENFORCE_REVOCATIONS}, "log out everywhere" ends at once the sessions whose user is known, even
   * when MoonKey cannot list them now.
   */
  public static final String USER_ID_ATTRIBUTE = "user-id-attribute";

  /** The default of {@link #USER_ID_ATTRIBUTE}. */
  public static final String DEFAULT_USER_ID_ATTRIBUTE = "moonkey.user_id";

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
   * an absolute {@code http(s)} URL. Default {@value #DEFAULT_REDIRECT}.
   */
  public static final String REDIRECT = "redirect";

  /** The default of {@link #REDIRECT}. */
  public static final String DEFAULT_REDIRECT = "/";

  /**
   * The whole time budget for revoking at MoonKey before the response goes out, as a duration
   * ({@code 5s}, {@code 500ms}, {@code 1m}). Default {@link #DEFAULT_TIMEOUT}; between {@code
   * 100ms} and {@code 5m}.
   */
  public static final String TIMEOUT = "timeout";

  /** The default of {@link #TIMEOUT}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

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

  /** The default of {@link #ON_REVOCATION_FAILURE}. */
  public static final FailurePolicy DEFAULT_ON_REVOCATION_FAILURE = FailurePolicy.PENDING;

  /**
   * How many calls to MoonKey one logout may make before it answers, the first included, as an
   * integer from 1 to 10. Default {@value #DEFAULT_MAX_ATTEMPTS}. Only transient failures (408,
   * 429, 5xx, connect and read failures) are retried, and never past {@link #TIMEOUT}.
   */
  public static final String MAX_ATTEMPTS = "max-attempts";

  /** The default of {@link #MAX_ATTEMPTS}. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  /**
   * The first retry delay, as a duration from {@code 10ms} to {@code 1m}. Default {@link
   * #DEFAULT_BACKOFF_INITIAL}. Attempt {@code n} waits a random time between zero and {@code
   * backoff-initial * 2^(n-1)} ("full jitter"), capped by {@link #BACKOFF_MAX}.
   */
  public static final String BACKOFF_INITIAL = "backoff-initial";

  /** The default of {@link #BACKOFF_INITIAL}. */
  public static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofMillis(200);

  /**
   * The longest delay between two attempts, as a duration from {@code backoff-initial} to {@code
   * 24h}. Default {@link #DEFAULT_BACKOFF_MAX}. Also caps a server's {@code Retry-After}.
   */
  public static final String BACKOFF_MAX = "backoff-max";

  /** The default of {@link #BACKOFF_MAX}. */
  public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofMinutes(5);

  /**
   * How long the background retrier keeps trying a pending revocation, counted from its first
   * failure, as a duration from {@code 1m} to {@code 720h}. Default {@link #DEFAULT_RETRY_HORIZON}.
   * After it the revocation is given up with one ERROR line naming the credential by its hash.
   */
  public static final String RETRY_HORIZON = "retry-horizon";

  /** The default of {@link #RETRY_HORIZON}. */
  public static final Duration DEFAULT_RETRY_HORIZON = Duration.ofHours(24);

  /**
   * The most pending revocations held at once, as an integer from 1 to 1000000. Default {@value
   * #DEFAULT_PENDING_CAPACITY}. When full, a new one is not queued: it is logged at ERROR by its
   * hash, counted, and the logout reports {@code "revocation": "failed"}.
   */
  public static final String PENDING_CAPACITY = "pending-capacity";

  /** The default of {@link #PENDING_CAPACITY}. */
  public static final int DEFAULT_PENDING_CAPACITY = 10_000;

  /**
   * Where pending revocations are kept, so that they survive a restart or a crash: an absolute
   * directory path (a journal of its own); {@value #PENDING_STORE_JDBC}{@code <JNDI name>}, such as
   * {@code jdbc:java:comp/env/jdbc/moonkey}, for a table in the application's database that every
   * node shares; or {@value #PENDING_STORE_MEMORY} for memory only (a restart or a crash loses
   * them). Default unset: a journal in the application's work directory ({@code
   * ServletContext.TEMPDIR}, which the container keeps across restarts), or memory where the
   * runtime has no servlet context (JAX-RS on Grizzly or the JDK HTTP server). A journal holds
   * credentials encrypted, and is created readable by its owner only; the table holds them
   * encrypted too.
   */
  public static final String PENDING_STORE = "pending-store";

  /** The {@link #PENDING_STORE} value that keeps pending revocations in memory only. */
  public static final String PENDING_STORE_MEMORY = "memory";

  /** The prefix of a {@link #PENDING_STORE} value that names a JNDI {@code DataSource}. */
  public static final String PENDING_STORE_JDBC = "jdbc:";

  /**
   * The most calls to MoonKey in flight at once, as an integer from 1 to 10000. Default {@value
   * #DEFAULT_MAX_CONCURRENCY}: a call in flight holds a connection but no thread, so the bound
   * protects MoonKey and the file descriptors, not the server. A logout beyond it waits within
   * {@link #TIMEOUT}, else its revocation goes to the retrier.
   */
  public static final String MAX_CONCURRENCY = "max-concurrency";

  /** The default of {@link #MAX_CONCURRENCY}. */
  public static final int DEFAULT_MAX_CONCURRENCY = 256;

  /**
   * How many transient failures in a row open the circuit breaker, as an integer from 1 to 1000.
   * Default {@value #DEFAULT_BREAKER_FAILURES}. While open, logouts do not call MoonKey: their
   * revocations go straight to the retrier. 404 and other 4xx answers never count.
   */
  public static final String BREAKER_FAILURES = "breaker-failures";

  /** The default of {@link #BREAKER_FAILURES}. */
  public static final int DEFAULT_BREAKER_FAILURES = 5;

  /**
   * How long an open circuit breaker stays open before one trial call decides, as a duration from
   * {@code 100ms} to {@code 1h}. Default {@link #DEFAULT_BREAKER_COOLDOWN}.
   */
  public static final String BREAKER_COOLDOWN = "breaker-cooldown";

  /** The default of {@link #BREAKER_COOLDOWN}. */
  public static final Duration DEFAULT_BREAKER_COOLDOWN = Duration.ofSeconds(30);

  /**
   * How long stopping the application waits for the retrier to deliver what is pending, as a
   * duration from {@code 0ms} to {@code 1m}. Default {@link #DEFAULT_SHUTDOWN_GRACE}. What remains
   * is then kept in {@link #PENDING_STORE}, or logged at ERROR by hash when there is none.
   */
  public static final String SHUTDOWN_GRACE = "shutdown-grace";

  /** The default of {@link #SHUTDOWN_GRACE}. */
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(2);

  /**
   * Comma-separated origins ({@code https://app.example.com}) of cross-origin callers that may log
   * out, for example a single-page app on another host. Default none: a cross-site request gets
   * {@code 403}. A CORS preflight from one of these origins is answered with {@code
   * Access-Control-Allow-Origin} and {@code -Credentials}; from any other origin it is not.
   */
  public static final String ALLOWED_ORIGINS = "allowed-origins";

  /**
   * {@code true} or {@code false}: whether {@code Sec-Fetch-Site: same-site} (a sibling subdomain)
   * may log out without being on {@link #ALLOWED_ORIGINS}. Default {@value
   * #DEFAULT_ALLOW_SAME_SITE}.
   */
  public static final String ALLOW_SAME_SITE = "allow-same-site";

  /** The default of {@link #ALLOW_SAME_SITE}. */
  public static final boolean DEFAULT_ALLOW_SAME_SITE = false;

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

  /**
   * {@code true} or {@code false}: whether the MoonKey session of an {@code HttpSession} that ends
   * without a logout (it times out, or other code invalidates it) is revoked too, through the same
   * client, retries and pending-store as a logout. Default {@value #DEFAULT_REVOKE_ON_SESSION_END}.
   * Needs the session listener that the library's {@code ServletContainerInitializer} registers.
   */
  public static final String REVOKE_ON_SESSION_END = "revoke-on-session-end";

  /** The default of {@link #REVOKE_ON_SESSION_END}. */
  public static final boolean DEFAULT_REVOKE_ON_SESSION_END = true;

  /**
   * Comma-separated logout scopes a request may ask for with the parameter {@code scope}: {@code
   * all} (every session of the user, this one included) and {@code others} (every session but this
   * one, which stays signed in). Default none: the parameter is ignored and only this session is
   * logged out.
   */
  public static final String SCOPES = "scopes";

  /**
   * Whether the filter ends an {@code HttpSession} whose MoonKey session a logout has revoked, here
   * or on another node ({@code true} or {@code false}), at that session's next request: "log out
   * everywhere" then signs the user's other devices out of the application too. The filter must see
   * those requests (mapped to {@code /*} with {@code logout-path}); the revoked credentials are
   * shared through a {@code jdbc:} {@link #PENDING_STORE}, else known on this node only. Default
   * {@value #DEFAULT_ENFORCE_REVOCATIONS}.
   */
  public static final String ENFORCE_REVOCATIONS = "enforce-revocations";

  /** The default of {@link #ENFORCE_REVOCATIONS}. */
  public static final boolean DEFAULT_ENFORCE_REVOCATIONS = false;

  /**
   * How often each node reads the revocations that other nodes recorded, with {@link
   * #ENFORCE_REVOCATIONS} and a {@code jdbc:} store, as a duration from {@code 100ms} to {@code
   * 1m}. Default {@link #DEFAULT_REVOCATION_REFRESH}.
   */
  public static final String REVOCATION_REFRESH = "revocation-refresh";

  /** The default of {@link #REVOCATION_REFRESH}. */
  public static final Duration DEFAULT_REVOCATION_REFRESH = Duration.ofSeconds(2);

  /**
   * With {@link #ENFORCE_REVOCATIONS}, how long a revocation is remembered at least, as a duration
   * from {@code 1m} to {@code 720h}; longer when the application's sessions live longer: at least
   * the longest {@code maxInactiveInterval} of the sessions the filter has checked (one that never
   * expires counts as 720h). Default {@link #DEFAULT_REVOKED_RETENTION}.
   */
  public static final String REVOKED_RETENTION = "revoked-retention";

  /** The default of {@link #REVOKED_RETENTION}. */
  public static final Duration DEFAULT_REVOKED_RETENTION = Duration.ofHours(12);

  /**
   * How the filter answers a request whose session {@link #ENFORCE_REVOCATIONS} ended: {@code
   * redirect} (a browser gets a 303 to {@link #REDIRECT}, a JSON caller a 401) or {@code 401}
   * (every caller gets {@code 401 {"error": "Session revoked"}}, for applications whose pages
   * handle it). Default {@value #DEFAULT_REVOKED_ANSWER}.
   */
  public static final String REVOKED_ANSWER = "revoked-answer";

  /** The default of {@link #REVOKED_ANSWER}. */
  public static final String DEFAULT_REVOKED_ANSWER = "redirect";

  /**
   * With {@link #ENFORCE_REVOCATIONS}, how often the filter asks MoonKey whether a session's token
   * is still valid ({@code POST /v1/auth/sessions/verify}), at most once per {@code HttpSession}
   * per interval, as a duration from {@code 1s} to {@code 24h}: a MoonKey session ended elsewhere
   * (by another application, an administrator) then ends the application's session too. The request
   * that triggers it does not wait: MoonKey is asked in the background (within {@link #TIMEOUT}),
   * and its answer ends the session at its next request. Default unset: off.
   */
  public static final String REVERIFY_INTERVAL = "reverify-interval";

  /**
   * What a re-verification that gets no answer (MoonKey down, the breaker open, the timeout) does:
   * {@code open} keeps the session and asks again after the interval, {@code closed} ends the
   * session at its next request. Default {@value #DEFAULT_REVERIFY_FAILURE}.
   */
  public static final String REVERIFY_FAILURE = "reverify-failure";

  /** The default of {@link #REVERIFY_FAILURE}. */
  public static final String DEFAULT_REVERIFY_FAILURE = "open";

  /** Every key, in the order the start-up line shows them. */
  public static final List<String> ALL =
      List.of(
          SECRET_KEY,
          PREVIOUS_SECRET_KEY,
          API_URL,
          PROXY,
          LOGOUT_PATH,
          METHODS,
          TOKEN_COOKIE,
          TOKEN_ATTRIBUTE,
          SESSION_ID_ATTRIBUTE,
          USER_ID_ATTRIBUTE,
          TOKEN_HEADER,
          JWT_COOKIE,
          REDIRECT,
          TIMEOUT,
          EXPIRE_COOKIES,
          ON_REVOCATION_FAILURE,
          MAX_ATTEMPTS,
          BACKOFF_INITIAL,
          BACKOFF_MAX,
          RETRY_HORIZON,
          PENDING_CAPACITY,
          PENDING_STORE,
          MAX_CONCURRENCY,
          BREAKER_FAILURES,
          BREAKER_COOLDOWN,
          SHUTDOWN_GRACE,
          ALLOWED_ORIGINS,
          ALLOW_SAME_SITE,
          TRUSTED_PROXIES,
          RETURN_TO_PARAMETER,
          RETURN_TO_ORIGINS,
          CLEAR_SITE_DATA,
          REVOKE_ON_SESSION_END,
          SCOPES,
          ENFORCE_REVOCATIONS,
          REVOCATION_REFRESH,
          REVOKED_RETENTION,
          REVOKED_ANSWER,
          REVERIFY_INTERVAL,
          REVERIFY_FAILURE);

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
