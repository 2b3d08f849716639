package fun.moonkey.config;

import java.util.List;
import java.util.Locale;

/**
 * The name of every configuration key, in its short form. What each one takes, its default and its
 * meaning are defined once, in the package's table of settings, and listed in
 * docs/configuration.md; unknown names are refused at start-up.
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

  public static final String SECRET_KEY = "secret-key";
  public static final String PREVIOUS_SECRET_KEY = "previous-secret-key";
  public static final String API_URL = "api-url";
  public static final String PROXY = "proxy";
  public static final String LOGOUT_PATH = "logout-path";
  public static final String METHODS = "methods";
  public static final String TOKEN_COOKIE = "token-cookie";
  public static final String TOKEN_ATTRIBUTE = "token-attribute";
  public static final String SESSION_ID_ATTRIBUTE = "session-id-attribute";
  public static final String USER_ID_ATTRIBUTE = "user-id-attribute";
  public static final String TOKEN_HEADER = "token-header";
  public static final String JWT_COOKIE = "jwt-cookie";
  public static final String REDIRECT = "redirect";
  public static final String TIMEOUT = "timeout";
  public static final String EXPIRE_COOKIES = "expire-cookies";
  public static final String ON_REVOCATION_FAILURE = "on-revocation-failure";
  public static final String MAX_ATTEMPTS = "max-attempts";
  public static final String BACKOFF_INITIAL = "backoff-initial";
  public static final String BACKOFF_MAX = "backoff-max";
  public static final String RETRY_HORIZON = "retry-horizon";
  public static final String PENDING_CAPACITY = "pending-capacity";
  public static final String PENDING_STORE = "pending-store";
  public static final String MAX_CONCURRENCY = "max-concurrency";
  public static final String BREAKER_FAILURES = "breaker-failures";
  public static final String BREAKER_COOLDOWN = "breaker-cooldown";
  public static final String SHUTDOWN_GRACE = "shutdown-grace";
  public static final String ALLOWED_ORIGINS = "allowed-origins";
  public static final String ALLOW_SAME_SITE = "allow-same-site";
  public static final String TRUSTED_PROXIES = "trusted-proxies";
  public static final String RETURN_TO_PARAMETER = "return-to-parameter";
  public static final String RETURN_TO_ORIGINS = "return-to-origins";
  public static final String CLEAR_SITE_DATA = "clear-site-data";
  public static final String REVOKE_ON_SESSION_END = "revoke-on-session-end";
  public static final String SCOPES = "scopes";
  public static final String ENFORCE_REVOCATIONS = "enforce-revocations";
  public static final String REVOCATION_REFRESH = "revocation-refresh";
  public static final String REVOKED_RETENTION = "revoked-retention";
  public static final String REVOKED_ANSWER = "revoked-answer";
  public static final String REVERIFY_INTERVAL = "reverify-interval";
  public static final String REVERIFY_FAILURE = "reverify-failure";
  public static final String GET_LOGOUT = "get-logout";
  public static final String CONFIRM_STYLESHEET = "confirm-stylesheet";
  public static final String ADMIN_ROLE = "admin-role";
  public static final String SESSIONS_API = "sessions-api";

  /** The {@link #PROXY} value that sends calls to MoonKey directly, bypassing any JVM proxy. */
  public static final String PROXY_NONE = "none";

  /** The {@link #PENDING_STORE} value that keeps pending revocations in memory only. */
  public static final String PENDING_STORE_MEMORY = "memory";

  /** The prefix of a {@link #PENDING_STORE} value that names a JNDI {@code DataSource}. */
  public static final String PENDING_STORE_JDBC = "jdbc:";

  /** The {@link #CLEAR_SITE_DATA} directives accepted, as the specification spells them. */
  public static final List<String> CLEAR_SITE_DATA_DIRECTIVES = Type.SITE_DATA_DIRECTIVES;

  /** Every key, in the order of the start-up line and of the docs. */
  public static final List<String> ALL = Settings.keys();

  private ConfigKeys() {}

  /**
   * The environment variable for a key: {@code api-url} gives {@code MOONKEY_API_URL}.
   *
   * @param key a short key
   * @return its environment variable name
   */
  public static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
  }
}
