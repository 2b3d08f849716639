package fun.moonkey.config;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The effective configuration: parsed and validated once, then only read; immutable and
 * thread-safe. Each getter is one key of {@link ConfigKeys}, whose default and accepted values
 * docs/configuration.md lists. {@link #toString()} masks the secret keys ({@code sk_test_****}).
 */
public final class MoonKeyConfig {

  /** The values by key, in the order of {@link ConfigKeys#ALL}. */
  private final Map<String, Object> values;

  private final boolean secretInDeploymentDescriptor;
  private final Reliability reliability;
  private final SecuritySettings security;

  private MoonKeyConfig(Map<String, Object> values, boolean secretInDeploymentDescriptor) {
    this.values = Collections.unmodifiableMap(values);
    this.secretInDeploymentDescriptor = secretInDeploymentDescriptor;
    this.reliability = Reliability.of(values);
    this.security = SecuritySettings.of(values);
  }

  /**
   * Parses and validates the configuration that {@code source} holds.
   *
   * @throws ConfigException naming the first bad key, its value (never a secret's) and what was
   *     expected
   */
  public static MoonKeyConfig from(ConfigSource source) {
    Map<String, Object> values = Settings.parse(source);
    Optional<ConfigValue> secret = source.find(ConfigKeys.SECRET_KEY);
    return new MoonKeyConfig(values, secret.map(ConfigValue::inDeploymentDescriptor).orElse(false));
  }

  /** A builder for a configuration made in code. */
  public static Builder builder() {
    return new Builder();
  }

  @SuppressWarnings("unchecked")
  private <T> T get(String key) {
    return (T) values.get(key);
  }

  /** The MoonKey secret key. Never log it; {@link #maskedSecretKey()} is for display. */
  public String secretKey() {
    return get(ConfigKeys.SECRET_KEY);
  }

  /** The key that {@link #secretKey()} replaced, whose pending revocations are taken over. */
  public Optional<String> previousSecretKey() {
    return Optional.ofNullable(get(ConfigKeys.PREVIOUS_SECRET_KEY));
  }

  /** The secret key's kind prefix followed by {@code ****}, such as {@code sk_test_****}. */
  public String maskedSecretKey() {
    return Type.mask(secretKey());
  }

  /** API base without a trailing slash. */
  public URI apiUrl() {
    return get(ConfigKeys.API_URL);
  }

  /** How calls to MoonKey reach it: the JVM's proxy settings, none, or an HTTP proxy. */
  public ProxySetting proxy() {
    return get(ConfigKeys.PROXY);
  }

  /** The context-relative logout path; empty when every mapped request is a logout. */
  public Optional<String> logoutPath() {
    return Optional.ofNullable(get(ConfigKeys.LOGOUT_PATH));
  }

  /** Methods that log out, upper case. */
  public Set<String> methods() {
    return get(ConfigKeys.METHODS);
  }

  /** Cookie holding the MoonKey session token. */
  public String tokenCookie() {
    return get(ConfigKeys.TOKEN_COOKIE);
  }

  /** {@code HttpSession} attribute holding the MoonKey session token. */
  public String tokenAttribute() {
    return get(ConfigKeys.TOKEN_ATTRIBUTE);
  }

  /** {@code HttpSession} attribute holding the MoonKey session id. */
  public String sessionIdAttribute() {
    return get(ConfigKeys.SESSION_ID_ATTRIBUTE);
  }

  /** {@code HttpSession} attribute where the application keeps MoonKey's id of the user, if so. */
  public String userIdAttribute() {
    return get(ConfigKeys.USER_ID_ATTRIBUTE);
  }

  /** Request header holding the MoonKey session token, if headers are read. */
  public Optional<String> tokenHeader() {
    return Optional.ofNullable(get(ConfigKeys.TOKEN_HEADER));
  }

  /** Cookie holding the MoonKey session JWT, if any. */
  public Optional<String> jwtCookie() {
    return Optional.ofNullable(get(ConfigKeys.JWT_COOKIE));
  }

  /** Redirect target after a browser logout: a context-relative path or an absolute URL. */
  public String redirect() {
    return get(ConfigKeys.REDIRECT);
  }

  /** Whole budget for revocation before the answer goes out. */
  public Duration timeout() {
    return get(ConfigKeys.TIMEOUT);
  }

  /** Cookies to expire; empty for the token cookie and the container's session cookie. */
  public Optional<List<CookieSpec>> expireCookies() {
    return Optional.ofNullable(get(ConfigKeys.EXPIRE_COOKIES));
  }

  /** What callers are told when revocation fails. */
  public FailurePolicy onRevocationFailure() {
    return get(ConfigKeys.ON_REVOCATION_FAILURE);
  }

  /** True when the secret key was found in {@code web.xml}, which deserves a warning. */
  public boolean secretInDeploymentDescriptor() {
    return secretInDeploymentDescriptor;
  }

  /** Cross-origin callers, trusted proxies, request-chosen redirects and Clear-Site-Data. */
  public SecuritySettings security() {
    return security;
  }

  /** Attempts, backoff, the retrier, the store, the bulkhead and the breaker. */
  public Reliability reliability() {
    return reliability;
  }

  /** Whether an {@code HttpSession} that ends without a logout has its MoonKey session revoked. */
  public boolean revokeOnSessionEnd() {
    return get(ConfigKeys.REVOKE_ON_SESSION_END);
  }

  /** The logout scopes a request may ask for ({@code all}, {@code others}); empty when off. */
  public Set<Scope> scopes() {
    return get(ConfigKeys.SCOPES);
  }

  /** Whether the filter ends an {@code HttpSession} whose MoonKey session was revoked. */
  public boolean enforceRevocations() {
    return get(ConfigKeys.ENFORCE_REVOCATIONS);
  }

  /** How often a node reads the revocations other nodes recorded. */
  public Duration revocationRefresh() {
    return get(ConfigKeys.REVOCATION_REFRESH);
  }

  /** How long a revocation is remembered at least; longer when sessions live longer. */
  public Duration revokedRetention() {
    return get(ConfigKeys.REVOKED_RETENTION);
  }

  /** Whether a session ended by {@code enforce-revocations} is answered 401 for every caller. */
  public boolean revokedAnswer401() {
    return get(ConfigKeys.REVOKED_ANSWER);
  }

  /** How often a session's token is re-verified with MoonKey; empty when off. */
  public Optional<Duration> reverifyInterval() {
    return Optional.ofNullable(get(ConfigKeys.REVERIFY_INTERVAL));
  }

  /** Whether a re-verification without an answer ends the session ({@code closed}). */
  public boolean reverifyFailClosed() {
    return get(ConfigKeys.REVERIFY_FAILURE);
  }

  /**
   * Whether a browser's GET (or HEAD) on the logout path gets the page that asks before logging out
   * ({@code get-logout=confirm}); false for the {@code 405} that refuses it.
   */
  public boolean confirmsGet() {
    return get(ConfigKeys.GET_LOGOUT);
  }

  /** The application's stylesheet that themes the confirmation page, an absolute path; if set. */
  public Optional<String> confirmStylesheet() {
    return Optional.ofNullable(get(ConfigKeys.CONFIRM_STYLESHEET));
  }

  /**
   * The role a caller of the JAX-RS {@code SessionAdminResource} must have ({@code
   * SecurityContext.isUserInRole}); empty when unset, and the resource then answers 404.
   */
  public Optional<String> adminRole() {
    return Optional.ofNullable(get(ConfigKeys.ADMIN_ROLE));
  }

  /**
   * Whether the entry points answer a user's list of their MoonKey sessions ({@code GET
   * {logout-path}/sessions}) and end one of them ({@code POST {logout-path}/sessions/end}).
   */
  public boolean sessionsApi() {
    return get(ConfigKeys.SESSIONS_API);
  }

  /**
   * Equal when every value and the {@code web.xml} flag are, wherever they were found: entry points
   * configured alike share one MoonKey client ({@code fun.moonkey.logout.ServiceRegistry}).
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof MoonKeyConfig that
        && values.equals(that.values)
        && secretInDeploymentDescriptor == that.secretInDeploymentDescriptor;
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  /** The effective configuration with the secrets masked, for the start-up line. */
  @Override
  public String toString() {
    StringJoiner shown = new StringJoiner(", ", "MoonKeyConfig{", "}");
    for (Setting<?> setting : Settings.ALL) {
      Object value = values.get(setting.key());
      // The proxy as the JVM's settings choose it for this API URL, if they choose.
      shown.add(
          setting.key()
              + "="
              + (value instanceof ProxySetting p ? p.effective(apiUrl()) : setting.show(value)));
    }
    return shown.toString();
  }

  /**
   * Builds a configuration in code, through the same checks and messages as {@link
   * MoonKeyConfig#from}. Not thread-safe; the result is.
   */
  public static final class Builder {
    private final Map<String, String> values = new LinkedHashMap<>();

    private Builder() {}

    /** Sets a key of {@link ConfigKeys} to a value as {@code web.xml} would write it. */
    public Builder set(String key, String value) {
      values.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Sets {@link ConfigKeys#SECRET_KEY}. */
    public Builder secretKey(String secretKey) {
      return set(ConfigKeys.SECRET_KEY, secretKey);
    }

    /** Sets {@link ConfigKeys#API_URL}. */
    public Builder apiUrl(URI apiUrl) {
      return typed(ConfigKeys.API_URL, apiUrl);
    }

    /** Sets {@link ConfigKeys#LOGOUT_PATH}. */
    public Builder logoutPath(String logoutPath) {
      return set(ConfigKeys.LOGOUT_PATH, logoutPath);
    }

    /** Sets {@link ConfigKeys#REDIRECT}. */
    public Builder redirect(String redirect) {
      return set(ConfigKeys.REDIRECT, redirect);
    }

    /** Sets {@link ConfigKeys#TIMEOUT}. */
    public Builder timeout(Duration timeout) {
      return typed(ConfigKeys.TIMEOUT, timeout);
    }

    /** Sets a key to a typed value, written as its setting shows values (never a secret's). */
    private Builder typed(String key, Object value) {
      return set(key, Settings.of(key).show(Objects.requireNonNull(value, "value")));
    }

    /** The validated configuration, or the {@link ConfigException} that {@code from} throws. */
    public MoonKeyConfig build() {
      return from(ConfigSource.of(values));
    }
  }
}
