package fun.moonkey.config;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The effective configuration: parsed and validated once, by {@link ConfigParser}, then only read.
 * Immutable and thread-safe. Build it from a {@link ConfigSource} with {@link #from(ConfigSource)},
 * or in code with {@link #builder()}; both go through the same checks.
 *
 * <p>{@link #toString()} masks the secret keys ({@code sk_test_****}).
 */
public final class MoonKeyConfig {

  /** Default MoonKey API base: {@link ConfigKeys#DEFAULT_API_URL}. */
  public static final URI DEFAULT_API_URL = ConfigKeys.DEFAULT_API_URL;

  private final String secretKey;
  private final String previousSecretKey;
  private final URI apiUrl;
  private final ProxySetting proxy;
  private final String logoutPath;
  private final Set<String> methods;
  private final String tokenCookie;
  private final String tokenAttribute;
  private final String sessionIdAttribute;
  private final String userIdAttribute;
  private final String tokenHeader;
  private final String jwtCookie;
  private final String redirect;
  private final Duration timeout;
  private final List<CookieSpec> expireCookies;
  private final FailurePolicy onRevocationFailure;
  private final boolean secretInDeploymentDescriptor;
  private final Reliability reliability;
  private final SecuritySettings security;
  private final boolean revokeOnSessionEnd;
  private final Set<Scope> scopes;
  private final boolean enforceRevocations;
  private final Duration revocationRefresh;
  private final Duration revokedRetention;
  private final boolean revokedAnswer401;
  private final Duration reverifyInterval;
  private final boolean reverifyFailClosed;

  /** The parsed values of a configuration, by name; filled in by {@link ConfigParser}. */
  static final class Values {
    String secretKey;
    String previousSecretKey;
    boolean secretInDeploymentDescriptor;
    URI apiUrl;
    ProxySetting proxy = new ProxySetting.Jvm();
    String logoutPath;
    Set<String> methods;
    String tokenCookie;
    String tokenAttribute;
    String sessionIdAttribute;
    String userIdAttribute;
    String tokenHeader;
    String jwtCookie;
    String redirect;
    Duration timeout;
    List<CookieSpec> expireCookies;
    FailurePolicy onRevocationFailure;
    Reliability reliability;
    SecuritySettings security;
    boolean revokeOnSessionEnd;
    Set<Scope> scopes;
    boolean enforceRevocations;
    Duration revocationRefresh = ConfigKeys.DEFAULT_REVOCATION_REFRESH;
    Duration revokedRetention = ConfigKeys.DEFAULT_REVOKED_RETENTION;
    boolean revokedAnswer401;
    Duration reverifyInterval;
    boolean reverifyFailClosed;
  }

  MoonKeyConfig(Values v) {
    this.secretKey = Objects.requireNonNull(v.secretKey, "secretKey");
    this.previousSecretKey = v.previousSecretKey;
    this.apiUrl = Objects.requireNonNull(v.apiUrl, "apiUrl");
    this.proxy = Objects.requireNonNull(v.proxy, "proxy");
    this.logoutPath = v.logoutPath;
    this.methods = Set.copyOf(v.methods);
    this.tokenCookie = Objects.requireNonNull(v.tokenCookie, "tokenCookie");
    this.tokenAttribute = Objects.requireNonNull(v.tokenAttribute, "tokenAttribute");
    this.sessionIdAttribute = Objects.requireNonNull(v.sessionIdAttribute, "sessionIdAttribute");
    this.userIdAttribute = Objects.requireNonNull(v.userIdAttribute, "userIdAttribute");
    this.tokenHeader = v.tokenHeader;
    this.jwtCookie = v.jwtCookie;
    this.redirect = Objects.requireNonNull(v.redirect, "redirect");
    this.timeout = Objects.requireNonNull(v.timeout, "timeout");
    this.expireCookies = v.expireCookies == null ? null : List.copyOf(v.expireCookies);
    this.onRevocationFailure = Objects.requireNonNull(v.onRevocationFailure, "onRevocationFailure");
    this.secretInDeploymentDescriptor = v.secretInDeploymentDescriptor;
    this.reliability = Objects.requireNonNull(v.reliability, "reliability");
    this.security = Objects.requireNonNull(v.security, "security");
    this.revokeOnSessionEnd = v.revokeOnSessionEnd;
    this.scopes = Set.copyOf(v.scopes);
    this.enforceRevocations = v.enforceRevocations;
    this.revocationRefresh = Objects.requireNonNull(v.revocationRefresh, "revocationRefresh");
    this.revokedRetention = Objects.requireNonNull(v.revokedRetention, "revokedRetention");
    this.revokedAnswer401 = v.revokedAnswer401;
    this.reverifyInterval = v.reverifyInterval;
    this.reverifyFailClosed = v.reverifyFailClosed;
  }

  /**
   * Parses and validates a configuration.
   *
   * @param source where the values come from
   * @return the configuration
   * @throws ConfigException naming the first bad key, its value (never a secret's) and what was
   *     expected
   */
  public static MoonKeyConfig from(ConfigSource source) {
    return ConfigParser.parse(source);
  }

  /**
   * @return a builder for a configuration made in code
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The MoonKey secret key. Never log it; {@link #maskedSecretKey()} is for display. */
  public String secretKey() {
    return secretKey;
  }

  /**
   * The secret key that {@link #secretKey()} replaced, whose pending revocations this client takes
   * over; empty when unset. Never log it.
   */
  public Optional<String> previousSecretKey() {
    return Optional.ofNullable(previousSecretKey);
  }

  /** The secret key's kind prefix followed by {@code ****}, such as {@code sk_test_****}. */
  public String maskedSecretKey() {
    return ConfigParser.mask(secretKey);
  }

  /** API base without a trailing slash. */
  public URI apiUrl() {
    return apiUrl;
  }

  /** How calls to MoonKey reach it: the JVM's proxy settings, none, or an HTTP proxy. */
  public ProxySetting proxy() {
    return proxy;
  }

  /** The context-relative logout path; empty when every mapped request is a logout. */
  public Optional<String> logoutPath() {
    return Optional.ofNullable(logoutPath);
  }

  /** Methods that log out, upper case. */
  public Set<String> methods() {
    return methods;
  }

  /** Cookie holding the MoonKey session token. */
  public String tokenCookie() {
    return tokenCookie;
  }

  /** {@code HttpSession} attribute holding the MoonKey session token. */
  public String tokenAttribute() {
    return tokenAttribute;
  }

  /** {@code HttpSession} attribute holding the MoonKey session id. */
  public String sessionIdAttribute() {
    return sessionIdAttribute;
  }

  /**
   * {@code user-id-attribute}: where the application keeps MoonKey's id of the user, if it does.
   */
  public String userIdAttribute() {
    return userIdAttribute;
  }

  /** Request header holding the MoonKey session token, if headers are read. */
  public Optional<String> tokenHeader() {
    return Optional.ofNullable(tokenHeader);
  }

  /** Cookie holding the MoonKey session JWT, if any. */
  public Optional<String> jwtCookie() {
    return Optional.ofNullable(jwtCookie);
  }

  /** Redirect target after a browser logout: a context-relative path or an absolute URL. */
  public String redirect() {
    return redirect;
  }

  /** Whole budget for revocation before the answer goes out. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Cookies to expire; empty when not configured, meaning the token cookie and the container's
   * session cookie with defaults.
   */
  public Optional<List<CookieSpec>> expireCookies() {
    return Optional.ofNullable(expireCookies);
  }

  /** What callers are told when revocation fails. */
  public FailurePolicy onRevocationFailure() {
    return onRevocationFailure;
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
    return revokeOnSessionEnd;
  }

  /** The logout scopes a request may ask for ({@code all}, {@code others}); empty when off. */
  public Set<Scope> scopes() {
    return scopes;
  }

  /** Whether the filter ends an {@code HttpSession} whose MoonKey session was revoked. */
  public boolean enforceRevocations() {
    return enforceRevocations;
  }

  /** How often a node reads the revocations other nodes recorded. */
  public Duration revocationRefresh() {
    return revocationRefresh;
  }

  /**
   * How long a revocation is remembered at least; longer when the application's sessions live
   * longer ({@code revoked-retention}).
   */
  public Duration revokedRetention() {
    return revokedRetention;
  }

  /** Whether a session ended by {@code enforce-revocations} is answered 401 for every caller. */
  public boolean revokedAnswer401() {
    return revokedAnswer401;
  }

  /** How often a session's token is re-verified with MoonKey; empty when off. */
  public Optional<Duration> reverifyInterval() {
    return Optional.ofNullable(reverifyInterval);
  }

  /** Whether a re-verification without an answer ends the session ({@code closed}). */
  public boolean reverifyFailClosed() {
    return reverifyFailClosed;
  }

  /**
   * Two configurations are equal when every value is: entry points of one application configured
   * alike then share one MoonKey client (see {@code fun.moonkey.logout.ServiceRegistry}). Where a
   * value was found does not count, except for the {@code web.xml} warning flag.
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof MoonKeyConfig that
        && secretKey.equals(that.secretKey)
        && Objects.equals(previousSecretKey, that.previousSecretKey)
        && apiUrl.equals(that.apiUrl)
        && proxy.equals(that.proxy)
        && Objects.equals(logoutPath, that.logoutPath)
        && methods.equals(that.methods)
        && tokenCookie.equals(that.tokenCookie)
        && tokenAttribute.equals(that.tokenAttribute)
        && sessionIdAttribute.equals(that.sessionIdAttribute)
        && userIdAttribute.equals(that.userIdAttribute)
        && Objects.equals(tokenHeader, that.tokenHeader)
        && Objects.equals(jwtCookie, that.jwtCookie)
        && redirect.equals(that.redirect)
        && timeout.equals(that.timeout)
        && Objects.equals(expireCookies, that.expireCookies)
        && onRevocationFailure == that.onRevocationFailure
        && reliability.equals(that.reliability)
        && security.equals(that.security)
        && revokeOnSessionEnd == that.revokeOnSessionEnd
        && scopes.equals(that.scopes)
        && enforceRevocations == that.enforceRevocations
        && revocationRefresh.equals(that.revocationRefresh)
        && revokedRetention.equals(that.revokedRetention)
        && revokedAnswer401 == that.revokedAnswer401
        && Objects.equals(reverifyInterval, that.reverifyInterval)
        && reverifyFailClosed == that.reverifyFailClosed
        && secretInDeploymentDescriptor == that.secretInDeploymentDescriptor;
  }

  @Override
  public int hashCode() {
    return Objects.hash(apiUrl, logoutPath, methods, tokenCookie, redirect, timeout);
  }

  /** The effective configuration with the secret masked, for the start-up line. */
  @Override
  public String toString() {
    Map<String, Object> shown = new LinkedHashMap<>();
    shown.put(ConfigKeys.SECRET_KEY, maskedSecretKey());
    shown.put(
        ConfigKeys.PREVIOUS_SECRET_KEY,
        previousSecretKey == null ? "(none)" : ConfigParser.mask(previousSecretKey));
    shown.put(ConfigKeys.API_URL, apiUrl);
    shown.put(ConfigKeys.PROXY, proxy.effective(apiUrl));
    shown.put(ConfigKeys.LOGOUT_PATH, logoutPath == null ? "(every mapped request)" : logoutPath);
    shown.put(ConfigKeys.METHODS, String.join(",", methods.stream().sorted().toList()));
    shown.put(ConfigKeys.TOKEN_COOKIE, tokenCookie);
    shown.put(ConfigKeys.TOKEN_ATTRIBUTE, tokenAttribute);
    shown.put(ConfigKeys.SESSION_ID_ATTRIBUTE, sessionIdAttribute);
    shown.put(ConfigKeys.USER_ID_ATTRIBUTE, userIdAttribute);
    shown.put(ConfigKeys.TOKEN_HEADER, tokenHeader == null ? "(none)" : tokenHeader);
    shown.put(ConfigKeys.JWT_COOKIE, jwtCookie == null ? "(none)" : jwtCookie);
    shown.put(ConfigKeys.REDIRECT, redirect);
    shown.put(ConfigKeys.TIMEOUT, ConfigParser.formatDuration(timeout));
    shown.put(
        ConfigKeys.EXPIRE_COOKIES,
        expireCookies == null
            ? "(token cookie and session cookie)"
            : String.join(",", expireCookies.stream().map(CookieSpec::name).toList()));
    shown.put(
        ConfigKeys.ON_REVOCATION_FAILURE,
        onRevocationFailure.name().toLowerCase(java.util.Locale.ROOT));
    shown.put(ConfigKeys.MAX_ATTEMPTS, reliability.maxAttempts());
    shown.put(
        ConfigKeys.BACKOFF_INITIAL, ConfigParser.formatDuration(reliability.backoffInitial()));
    shown.put(ConfigKeys.BACKOFF_MAX, ConfigParser.formatDuration(reliability.backoffMax()));
    shown.put(ConfigKeys.RETRY_HORIZON, ConfigParser.formatDuration(reliability.retryHorizon()));
    shown.put(ConfigKeys.PENDING_CAPACITY, reliability.pendingCapacity());
    shown.put(ConfigKeys.PENDING_STORE, reliability.pendingStore());
    shown.put(ConfigKeys.MAX_CONCURRENCY, reliability.maxConcurrency());
    shown.put(ConfigKeys.BREAKER_FAILURES, reliability.breakerFailures());
    shown.put(
        ConfigKeys.BREAKER_COOLDOWN, ConfigParser.formatDuration(reliability.breakerCooldown()));
    shown.put(ConfigKeys.SHUTDOWN_GRACE, ConfigParser.formatDuration(reliability.shutdownGrace()));
    shown.put(ConfigKeys.ALLOWED_ORIGINS, listed(security.allowedOrigins()));
    shown.put(ConfigKeys.ALLOW_SAME_SITE, security.allowSameSite());
    shown.put(ConfigKeys.TRUSTED_PROXIES, listed(security.trustedProxies()));
    shown.put(ConfigKeys.RETURN_TO_PARAMETER, security.returnTo().orElse("(off)"));
    shown.put(ConfigKeys.RETURN_TO_ORIGINS, listed(security.returnToOrigins()));
    shown.put(ConfigKeys.CLEAR_SITE_DATA, listed(security.clearSiteData()));
    shown.put(ConfigKeys.REVOKE_ON_SESSION_END, revokeOnSessionEnd);
    shown.put(ConfigKeys.SCOPES, listed(scopes));
    shown.put(ConfigKeys.ENFORCE_REVOCATIONS, enforceRevocations);
    shown.put(ConfigKeys.REVOCATION_REFRESH, ConfigParser.formatDuration(revocationRefresh));
    shown.put(ConfigKeys.REVOKED_RETENTION, ConfigParser.formatDuration(revokedRetention));
    shown.put(ConfigKeys.REVOKED_ANSWER, revokedAnswer401 ? "401" : "redirect");
    shown.put(
        ConfigKeys.REVERIFY_INTERVAL,
        reverifyInterval == null ? "(off)" : ConfigParser.formatDuration(reverifyInterval));
    shown.put(ConfigKeys.REVERIFY_FAILURE, reverifyFailClosed ? "closed" : "open");
    StringBuilder out = new StringBuilder("MoonKeyConfig{");
    shown.forEach((k, v) -> out.append(k).append('=').append(v).append(", "));
    out.setLength(out.length() - 2);
    return out.append('}').toString();
  }

  private static String listed(java.util.Collection<?> values) {
    return values.isEmpty()
        ? "(none)"
        : String.join(",", values.stream().map(String::valueOf).sorted().toList());
  }

  /**
   * Builds a configuration in code. Values go through the same parser as {@code web.xml} values, so
   * the same checks and messages apply. Not thread-safe; the result is.
   */
  public static final class Builder {
    private final Map<String, String> values = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets a key by its short name, as a raw value.
     *
     * @param key a key from {@link ConfigKeys}
     * @param value its raw value
     * @return this builder
     */
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
      return set(ConfigKeys.API_URL, apiUrl.toString());
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
      return set(ConfigKeys.TIMEOUT, timeout.toMillis() + "ms");
    }

    /**
     * @return the validated configuration
     * @throws ConfigException as {@link MoonKeyConfig#from(ConfigSource)}
     */
    public MoonKeyConfig build() {
      return ConfigParser.parse(ConfigSource.of(values));
    }
  }
}
