package fun.moonkey.config;

import fun.moonkey.security.ClearSiteData;
import fun.moonkey.security.LogSafe;
import fun.moonkey.security.NetworkRange;
import fun.moonkey.security.WebOrigin;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and validates every key, in one place. */
final class ConfigParser {

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
  private static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

  private final ConfigSource source;

  private ConfigParser(ConfigSource source) {
    this.source = source;
  }

  static MoonKeyConfig parse(ConfigSource source) {
    return new ConfigParser(source).parse();
  }

  private MoonKeyConfig parse() {
    List<String> unknown = source.unknownKeys();
    if (!unknown.isEmpty()) {
      List<String> named = new ArrayList<>();
      for (String entry : unknown) {
        named.add(
            entry
                + KeySuggestion.forEntry(entry)
                    .map(k -> " (did you mean '" + k + "'?)")
                    .orElse(""));
      }
      throw new ConfigException(
          "unknown MoonKey configuration key"
              + (unknown.size() > 1 ? "s " : " ")
              + String.join(", ", named)
              + "; known keys are "
              + String.join(", ", ConfigKeys.ALL));
    }
    Optional<ConfigValue> secret = source.find(ConfigKeys.SECRET_KEY);
    MoonKeyConfig.Values v = new MoonKeyConfig.Values();
    v.secretKey = secretKey(secret);
    Optional<ConfigValue> previous = source.find(ConfigKeys.PREVIOUS_SECRET_KEY);
    v.previousSecretKey = previous.map(found -> previousSecretKey(found, v.secretKey)).orElse(null);
    v.secretInDeploymentDescriptor = secret.map(ConfigValue::inDeploymentDescriptor).orElse(false);
    v.apiUrl = value(ConfigKeys.API_URL, this::apiUrl, ConfigKeys.DEFAULT_API_URL);
    v.proxy = value(ConfigKeys.PROXY, this::proxy, new ProxySetting.Jvm());
    v.logoutPath = value(ConfigKeys.LOGOUT_PATH, this::logoutPath, null);
    v.methods = value(ConfigKeys.METHODS, this::methods, ConfigKeys.DEFAULT_METHODS);
    v.tokenCookie =
        value(ConfigKeys.TOKEN_COOKIE, this::cookieName, ConfigKeys.DEFAULT_TOKEN_COOKIE);
    v.tokenAttribute =
        value(ConfigKeys.TOKEN_ATTRIBUTE, this::name, ConfigKeys.DEFAULT_TOKEN_ATTRIBUTE);
    v.sessionIdAttribute =
        value(ConfigKeys.SESSION_ID_ATTRIBUTE, this::name, ConfigKeys.DEFAULT_SESSION_ID_ATTRIBUTE);
    v.userIdAttribute =
        value(ConfigKeys.USER_ID_ATTRIBUTE, this::name, ConfigKeys.DEFAULT_USER_ID_ATTRIBUTE);
    v.tokenHeader = value(ConfigKeys.TOKEN_HEADER, this::cookieName, null);
    v.jwtCookie = value(ConfigKeys.JWT_COOKIE, this::cookieName, null);
    v.redirect = value(ConfigKeys.REDIRECT, this::redirect, ConfigKeys.DEFAULT_REDIRECT);
    v.timeout = value(ConfigKeys.TIMEOUT, this::timeout, ConfigKeys.DEFAULT_TIMEOUT);
    v.expireCookies = value(ConfigKeys.EXPIRE_COOKIES, this::cookies, null);
    v.onRevocationFailure =
        value(
            ConfigKeys.ON_REVOCATION_FAILURE,
            this::policy,
            ConfigKeys.DEFAULT_ON_REVOCATION_FAILURE);
    v.reliability = reliability();
    v.security = security();
    v.revokeOnSessionEnd =
        value(
            ConfigKeys.REVOKE_ON_SESSION_END, this::bool, ConfigKeys.DEFAULT_REVOKE_ON_SESSION_END);
    v.scopes = value(ConfigKeys.SCOPES, this::scopes, Set.of());
    v.enforceRevocations =
        value(ConfigKeys.ENFORCE_REVOCATIONS, this::bool, ConfigKeys.DEFAULT_ENFORCE_REVOCATIONS);
    v.revocationRefresh =
        value(
            ConfigKeys.REVOCATION_REFRESH,
            val -> duration(val, Duration.ofMillis(100), Duration.ofMinutes(1), "100ms", "1m"),
            ConfigKeys.DEFAULT_REVOCATION_REFRESH);
    v.revokedRetention =
        value(
            ConfigKeys.REVOKED_RETENTION,
            val -> duration(val, Duration.ofMinutes(1), Duration.ofHours(720), "1m", "720h"),
            ConfigKeys.DEFAULT_REVOKED_RETENTION);
    v.revokedAnswer401 = value(ConfigKeys.REVOKED_ANSWER, this::revokedAnswer401, false);
    v.reverifyInterval =
        value(
            ConfigKeys.REVERIFY_INTERVAL,
            val -> duration(val, Duration.ofSeconds(1), Duration.ofHours(24), "1s", "24h"),
            null);
    v.reverifyFailClosed = value(ConfigKeys.REVERIFY_FAILURE, this::failClosed, false);
    return new MoonKeyConfig(v);
  }

  private Reliability reliability() {
    Reliability d = Reliability.DEFAULTS;
    Duration backoffInitial =
        value(
            ConfigKeys.BACKOFF_INITIAL,
            v -> duration(v, Duration.ofMillis(10), Duration.ofMinutes(1), "10ms", "1m"),
            d.backoffInitial());
    return new Reliability(
        value(ConfigKeys.MAX_ATTEMPTS, v -> integer(v, 1, 10), d.maxAttempts()),
        backoffInitial,
        optional(ConfigKeys.BACKOFF_MAX)
            .map(
                v ->
                    duration(
                        v,
                        backoffInitial,
                        Duration.ofHours(24),
                        "backoff-initial (" + formatDuration(backoffInitial) + ")",
                        "24h"))
            .orElse(max(d.backoffMax(), backoffInitial)),
        value(
            ConfigKeys.RETRY_HORIZON,
            v -> duration(v, Duration.ofMinutes(1), Duration.ofHours(720), "1m", "720h"),
            d.retryHorizon()),
        value(ConfigKeys.PENDING_CAPACITY, v -> integer(v, 1, 1_000_000), d.pendingCapacity()),
        value(ConfigKeys.PENDING_STORE, this::pendingStore, d.pendingStore()),
        value(ConfigKeys.MAX_CONCURRENCY, v -> integer(v, 1, 10_000), d.maxConcurrency()),
        value(ConfigKeys.BREAKER_FAILURES, v -> integer(v, 1, 1000), d.breakerFailures()),
        value(
            ConfigKeys.BREAKER_COOLDOWN,
            v -> duration(v, Duration.ofMillis(100), Duration.ofHours(1), "100ms", "1h"),
            d.breakerCooldown()),
        value(
            ConfigKeys.SHUTDOWN_GRACE,
            v -> duration(v, Duration.ZERO, Duration.ofMinutes(1), "0ms", "1m"),
            d.shutdownGrace()));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private int integer(ConfigValue value, int min, int max) {
    String raw = value.raw().strip();
    String expected = "an integer from " + min + " to " + max;
    if (!raw.matches("\\d{1,9}")) {
      throw bad(value, expected);
    }
    int n = Integer.parseInt(raw);
    if (n < min || n > max) {
      throw bad(value, expected);
    }
    return n;
  }

  private Duration duration(
      ConfigValue value, Duration min, Duration max, String minText, String maxText) {
    Duration duration = duration(value);
    if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
      throw bad(value, "a duration between " + minText + " and " + maxText);
    }
    return duration;
  }

  private boolean revokedAnswer401(ConfigValue value) {
    return switch (value.raw().strip()) {
      case "redirect" -> false;
      case "401" -> true;
      default -> throw bad(value, "redirect or 401");
    };
  }

  private boolean failClosed(ConfigValue value) {
    return switch (value.raw().strip()) {
      case "open" -> false;
      case "closed" -> true;
      default -> throw bad(value, "open or closed");
    };
  }

  private PendingStoreSetting pendingStore(ConfigValue value) {
    String raw = value.raw().strip();
    if (raw.equals(ConfigKeys.PENDING_STORE_MEMORY)) {
      return new PendingStoreSetting.Memory();
    }
    if (raw.startsWith(ConfigKeys.PENDING_STORE_JDBC)) {
      String name = raw.substring(ConfigKeys.PENDING_STORE_JDBC.length()).strip();
      if (name.isEmpty() || !Tokens.isHeaderSafe(name) || name.contains(" ")) {
        throw bad(value, "jdbc: followed by a JNDI name, such as jdbc:java:comp/env/jdbc/moonkey");
      }
      return new PendingStoreSetting.Jdbc(name);
    }
    return new PendingStoreSetting.Directory(directory(value));
  }

  private Path directory(ConfigValue value) {
    String raw = value.raw().strip();
    String expected =
        "an absolute directory path, jdbc:<JNDI name> or " + ConfigKeys.PENDING_STORE_MEMORY;
    Path path = parsed(value, expected, text -> Path.of(text));
    if (raw.isEmpty() || !path.isAbsolute() || !Tokens.isHeaderSafe(raw)) {
      throw bad(value, expected);
    }
    if (Files.exists(path) && !Files.isDirectory(path)) {
      throw bad(value, "an absolute directory path, but it is a file");
    }
    return path.normalize();
  }

  private SecuritySettings security() {
    return new SecuritySettings(
        value(ConfigKeys.ALLOWED_ORIGINS, this::origins, Set.of()),
        value(ConfigKeys.ALLOW_SAME_SITE, this::bool, ConfigKeys.DEFAULT_ALLOW_SAME_SITE),
        value(ConfigKeys.TRUSTED_PROXIES, this::proxies, List.of()),
        value(ConfigKeys.RETURN_TO_PARAMETER, this::name, null),
        value(ConfigKeys.RETURN_TO_ORIGINS, this::origins, Set.of()),
        value(ConfigKeys.CLEAR_SITE_DATA, this::clearSiteData, List.of()));
  }

  private Set<WebOrigin> origins(ConfigValue value) {
    Set<WebOrigin> origins = new LinkedHashSet<>();
    for (String part : value.raw().split(",", -1)) {
      String p = part.strip();
      Optional<WebOrigin> origin = WebOrigin.parse(p);
      if (origin.isEmpty() || p.indexOf('/', p.indexOf("://") + 3) >= 0 && !p.endsWith("/")) {
        throw bad(value, "comma-separated origins like https://app.example.com");
      }
      origins.add(origin.get());
    }
    return origins;
  }

  private Set<Scope> scopes(ConfigValue value) {
    Set<Scope> scopes = new LinkedHashSet<>();
    for (String part : value.raw().split(",", -1)) {
      scopes.add(
          Scope.of(part.strip())
              .orElseThrow(() -> bad(value, "comma-separated scopes from all, others")));
    }
    return Set.copyOf(scopes);
  }

  private boolean bool(ConfigValue value) {
    return switch (value.raw().strip()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw bad(value, "true or false");
    };
  }

  private List<NetworkRange> proxies(ConfigValue value) {
    List<NetworkRange> ranges = new ArrayList<>();
    for (String part : value.raw().split(",", -1)) {
      ranges.add(
          NetworkRange.parse(part)
              .orElseThrow(
                  () ->
                      bad(
                          value,
                          "comma-separated IP addresses or CIDR blocks like 10.0.0.0/8 or ::1")));
    }
    return ranges;
  }

  private List<String> clearSiteData(ConfigValue value) {
    List<String> directives = new ArrayList<>();
    for (String part : value.raw().split(",", -1)) {
      String d = part.strip();
      if (d.length() >= 2 && d.startsWith("\"") && d.endsWith("\"")) {
        d = d.substring(1, d.length() - 1);
      }
      if (!ClearSiteData.DIRECTIVES.contains(d) || directives.contains(d)) {
        throw bad(
            value,
            "comma-separated Clear-Site-Data directives from "
                + String.join(", ", ClearSiteData.DIRECTIVES));
      }
      directives.add(d);
    }
    return directives;
  }

  /** The parsed value of {@code key}, or {@code otherwise} when it is not set. */
  private <T> T value(String key, Function<ConfigValue, T> parse, T otherwise) {
    return optional(key).map(parse).orElse(otherwise);
  }

  private Optional<ConfigValue> optional(String key) {
    return source.find(key);
  }

  private String secretKey(Optional<ConfigValue> found) {
    ConfigValue value =
        found.orElseThrow(
            () ->
                new ConfigException(
                    ConfigKeys.PREFIX
                        + ConfigKeys.SECRET_KEY
                        + ": required but not set; set the environment variable "
                        + ConfigKeys.envName(ConfigKeys.SECRET_KEY)
                        + " or the system property "
                        + ConfigKeys.PREFIX
                        + ConfigKeys.SECRET_KEY));
    return wellFormedKey(value);
  }

  private String previousSecretKey(ConfigValue value, String secretKey) {
    String raw = wellFormedKey(value);
    if (raw.equals(secretKey)) {
      throw new ConfigException(
          ConfigKeys.PREFIX
              + ConfigKeys.PREVIOUS_SECRET_KEY
              + ": expected the key that "
              + ConfigKeys.SECRET_KEY
              + " replaced, got the same key as "
              + ConfigKeys.SECRET_KEY
              + " (from "
              + value.origin()
              + ")");
    }
    return raw;
  }

  /** A MoonKey secret key's value, checked without ever echoing it. */
  private static String wellFormedKey(ConfigValue value) {
    String raw = value.raw().strip();
    boolean wellFormed =
        (raw.startsWith("sk_test_") || raw.startsWith("sk_live_"))
            && raw.length() > 8
            && raw.length() <= 512
            && raw.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    if (!wellFormed) {
      // Never echo the value: it may be a real secret with a typo.
      throw new ConfigException(
          ConfigKeys.PREFIX
              + value.key()
              + ": expected a MoonKey secret key starting with sk_test_ or sk_live_, got a value of "
              + raw.length()
              + " characters (from "
              + value.origin()
              + ")");
    }
    return raw;
  }

  private URI apiUrl(ConfigValue value) {
    String raw = value.raw().strip();
    String expected = "an absolute https URL (http only for a loopback host)";
    URI uri = parsed(value, expected, URI::new);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null
        || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || !(scheme.equals("https") || (scheme.equals("http") && isLoopback(uri.getHost())))) {
      throw bad(value, expected);
    }
    String text = uri.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return URI.create(text);
  }

  private ProxySetting proxy(ConfigValue value) {
    String raw = value.raw().strip();
    String expected = ConfigKeys.PROXY_NONE + " or http://host:port";
    if (raw.equals(ConfigKeys.PROXY_NONE)) {
      return new ProxySetting.Direct();
    }
    int at = raw.lastIndexOf('@');
    if (at >= 0) {
      String shown = withoutUserInfo(raw);
      throw new ConfigException(
          ConfigKeys.PREFIX
              + value.key()
              + ": proxy authentication is not supported; expected "
              + expected
              + " without a user or password, got '"
              + LogSafe.escape(shown)
              + "' (from "
              + value.origin()
              + ")");
    }
    URI uri = parsed(value, expected, URI::new);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (!"http".equalsIgnoreCase(uri.getScheme())
        || uri.getHost() == null
        || uri.getPort() < 1
        || uri.getPort() > 65535
        || !(path.isEmpty() || path.equals("/"))
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw bad(value, expected);
    }
    return new ProxySetting.Http(uri.getHost().toLowerCase(Locale.ROOT), uri.getPort());
  }

  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost")
        || h.equals("[::1]")
        || h.equals("::1")
        || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  private String logoutPath(ConfigValue value) {
    String raw = value.raw().strip();
    if (!raw.startsWith("/")
        || raw.startsWith("//")
        || !Tokens.isHeaderSafe(raw)
        || raw.contains("?")
        || raw.contains("#")) {
      throw bad(value, "a context-relative path like /logout");
    }
    return raw;
  }

  private Set<String> methods(ConfigValue value) {
    Set<String> methods = new LinkedHashSet<>();
    for (String part : value.raw().split(",", -1)) {
      String method = part.strip();
      if (method.isEmpty()
          || !method.chars().allMatch(c -> c >= 'A' && c <= 'Z')
          || method.equals("OPTIONS")
          || method.equals("TRACE")
          || method.equals("CONNECT")) {
        throw bad(value, "comma-separated HTTP methods in upper case like POST or POST,DELETE");
      }
      methods.add(method);
    }
    return methods;
  }

  private String cookieName(ConfigValue value) {
    String raw = value.raw().strip();
    if (!Tokens.isCookieName(raw)) {
      throw bad(value, "a name made of RFC 6265 token characters");
    }
    return raw;
  }

  private String name(ConfigValue value) {
    String raw = value.raw().strip();
    if (raw.isEmpty() || !Tokens.isHeaderSafe(raw)) {
      throw bad(value, "a non-empty attribute name without spaces");
    }
    return raw;
  }

  private String redirect(ConfigValue value) {
    String raw = value.raw().strip();
    String expected = "a context-relative path like /signed-out or an absolute http(s) URL";
    if (raw.isEmpty()
        || !Tokens.isHeaderSafe(raw.replace(",", "").replace(";", ""))
        || raw.contains("\\")) {
      throw bad(value, expected);
    }
    if (raw.startsWith("/")) {
      if (raw.startsWith("//")) {
        throw bad(value, expected);
      }
      return raw;
    }
    URI uri = parsed(value, expected, URI::new);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if ((scheme.equals("http") || scheme.equals("https"))
        && uri.getHost() != null
        && uri.getRawUserInfo() == null) {
      return raw;
    }
    throw bad(value, expected);
  }

  /** The value's stripped text read by {@code parse}, or the error saying what was expected. */
  private static <T> T parsed(ConfigValue value, String expected, Parse<T> parse) {
    try {
      return parse.apply(value.raw().strip());
    } catch (URISyntaxException | InvalidPathException e) {
      throw bad(value, expected);
    }
  }

  /** A parser of a setting's text that may throw the checked {@link URISyntaxException}. */
  @FunctionalInterface
  private interface Parse<T> {
    T apply(String text) throws URISyntaxException;
  }

  private Duration timeout(ConfigValue value) {
    return duration(value, MIN_TIMEOUT, MAX_TIMEOUT, "100ms", "5m");
  }

  private Duration duration(ConfigValue value) {
    Matcher m = DURATION.matcher(value.raw().strip());
    if (!m.matches()) {
      throw bad(value, "a duration like 5s or 500ms");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }

  private List<CookieSpec> cookies(ConfigValue value) {
    return CookieSpecParser.parse(
        value.raw(),
        (expected, part) ->
            new ConfigException(
                ConfigKeys.PREFIX
                    + value.key()
                    + ": expected "
                    + expected
                    + ", got '"
                    + LogSafe.escape(part)
                    + "' (from "
                    + value.origin()
                    + ")"));
  }

  private FailurePolicy policy(ConfigValue value) {
    return switch (value.raw().strip()) {
      case "pending" -> FailurePolicy.PENDING;
      case "fail" -> FailurePolicy.FAIL;
      default -> throw bad(value, "pending or fail");
    };
  }

  private static ConfigException bad(ConfigValue value, String expected) {
    return new ConfigException(
        ConfigKeys.PREFIX
            + value.key()
            + ": expected "
            + expected
            + ", got '"
            + LogSafe.escape(withoutUserInfo(value.raw()))
            + "' (from "
            + value.origin()
            + ")");
  }

  /** A URL as an error message may show it: what comes before an {@code @} may be a password. */
  static String withoutUserInfo(String raw) {
    int at = raw.lastIndexOf('@');
    if (at < 0) {
      return raw;
    }
    int scheme = raw.indexOf("://");
    return (scheme >= 0 && scheme < at ? raw.substring(0, scheme + 3) : "")
        + "****"
        + raw.substring(at);
  }

  static String mask(String secretKey) {
    if (secretKey.startsWith("sk_test_")) {
      return "sk_test_****";
    }
    if (secretKey.startsWith("sk_live_")) {
      return "sk_live_****";
    }
    return "****";
  }

  static String formatDuration(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0ms";
    }
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
