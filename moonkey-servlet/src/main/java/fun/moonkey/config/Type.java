package fun.moonkey.config;

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
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a setting takes: how its text is read and checked, what a message says was expected (the
 * docs' "accepts" column too), its value when unset, and how a value is shown.
 *
 * @param expected what a value must be, such as {@code true or false}
 * @param reader reads a value's stripped text
 * @param none the value when the setting is unset and has no default
 * @param show a value as the start-up line shows it
 */
record Type<T>(String expected, Reader<T> reader, T none, Function<T, String> show) {

  /** Reads a value's stripped text: null when it is bad, unless a message of its own is due. */
  interface Reader<T> {
    T read(String text, ConfigValue value, Map<String, Object> earlier);
  }

  /** The Clear-Site-Data directives accepted: {@link ConfigKeys#CLEAR_SITE_DATA_DIRECTIVES}. */
  static final List<String> SITE_DATA_DIRECTIVES =
      List.of(
          "cache",
          "cookies",
          "storage",
          "executionContexts",
          "clientHints",
          "prefetchCache",
          "prerenderCache",
          "*");

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  static final Type<String> SECRET = secret(false);
  static final Type<String> PREVIOUS_SECRET = secret(true);
  static final Type<Boolean> BOOLEAN = choice("true", true, "false", false);
  static final Type<FailurePolicy> POLICY =
      choice("pending", FailurePolicy.PENDING, "fail", FailurePolicy.FAIL);
  static final Type<String> COOKIE_NAME =
      text("a name made of RFC 6265 token characters", Type::isToken);
  static final Type<String> NAME =
      text("a non-empty attribute name without spaces", s -> !s.isEmpty() && isHeaderSafe(s));
  static final Type<String> ROLE =
      text(
          "a role name of printable ASCII without spaces, commas or semicolons",
          s -> !s.isEmpty() && isHeaderSafe(s));
  static final Type<String> PATH =
      text(
          "a context-relative path like /logout",
          s -> s.matches("/([^/?#][^?#]*)?") && isHeaderSafe(s));
  static final Type<String> TARGET =
      text("a context-relative path like /signed-out or an absolute http(s) URL", Type::isTarget);
  static final Type<URI> URL =
      of("an absolute https URL (http only for a loopback host)", Type::url);
  static final Type<ProxySetting> PROXY_URL =
      new Type<>("none or http://host:port", Type::proxy, new ProxySetting.Jvm(), String::valueOf);
  static final Type<PendingStoreSetting> STORE =
      new Type<>(
          "an absolute directory path, jdbc:<JNDI name> or memory",
          Type::store,
          new PendingStoreSetting.WorkDirectory(),
          String::valueOf);
  static final Type<List<CookieSpec>> COOKIES =
      new Type<>(
          "comma-separated cookies, each a name and optional attributes",
          (s, v, e) -> CookieSpecParser.parse(v),
          null,
          c -> String.join(",", c.stream().map(CookieSpec::name).toList()));
  static final Type<Set<String>> HTTP_METHODS =
      parts(
          "comma-separated HTTP methods in upper case like POST or POST,DELETE",
          m -> m.matches("[A-Z]+") && !m.matches("OPTIONS|TRACE|CONNECT") ? m : null,
          Set::copyOf);
  static final Type<Set<WebOrigin>> ORIGINS =
      parts("comma-separated origins like https://app.example.com", Type::origin, Set::copyOf);
  static final Type<List<NetworkRange>> NETWORKS =
      parts(
          "comma-separated IP addresses or CIDR blocks like 10.0.0.0/8 or ::1",
          p -> NetworkRange.parse(p).orElse(null),
          List::copyOf);
  static final Type<List<String>> SITE_DATA =
      parts(
          "comma-separated Clear-Site-Data directives from "
              + String.join(", ", SITE_DATA_DIRECTIVES),
          d -> SITE_DATA_DIRECTIVES.contains(unquoted(d)) ? unquoted(d) : null,
          l -> Set.copyOf(l).size() == l.size() ? List.copyOf(l) : null);
  static final Type<Set<Scope>> SCOPE_WORDS =
      parts("comma-separated scopes from all, others", p -> Scope.of(p).orElse(null), Set::copyOf);

  /**
   * {@code get-logout}: {@code refuse} (false) or {@code confirm} (true). {@code confirm} answers a
   * browser's GET and HEAD with a page, so it cannot stand beside a {@code methods} that logs out
   * on either.
   */
  static final Type<Boolean> GET_LOGOUT_CHOICE =
      new Type<>(
          "refuse or confirm",
          (s, v, e) -> {
            if (s.equals("confirm")
                && e.get(ConfigKeys.METHODS) instanceof Set<?> methods
                && (methods.contains("GET") || methods.contains("HEAD"))) {
              String listed =
                  String.join(",", methods.stream().map(String::valueOf).sorted().toList());
              String methodsKey = ConfigKeys.PREFIX + ConfigKeys.METHODS;
              throw fail(
                  v,
                  "confirm shows a page on GET and HEAD, but "
                      + methodsKey
                      + " makes them log out at once; remove GET and HEAD from "
                      + methodsKey
                      + " or set "
                      + ConfigKeys.PREFIX
                      + ConfigKeys.GET_LOGOUT
                      + "=refuse",
                  "'confirm' with " + methodsKey + "=" + listed);
            }
            return s.equals("confirm") ? Boolean.TRUE : s.equals("refuse") ? Boolean.FALSE : null;
          },
          null,
          b -> b ? "confirm" : "refuse");

  /**
   * {@code confirm-stylesheet}: an absolute path on the application's own origin, made only of
   * characters that need no escaping in a URL or an HTML attribute.
   */
  static final Type<String> STYLESHEET =
      text(
          "an absolute path on the application's origin like /app/css/logout.css",
          s -> s.matches("/[A-Za-z0-9._~!$()*+=:@%/-]*") && !s.startsWith("//"));

  /** A duration from {@code min} to {@code max}; {@code min} may name an earlier setting. */
  static Type<Duration> duration(String min, String max) {
    Reader<Duration> reader =
        (s, v, e) -> {
          Duration d = duration(s);
          if (d == null) {
            throw bad(v, "a duration like 5s or 500ms");
          }
          Duration low = duration(min) != null ? duration(min) : (Duration) e.get(min);
          if (d.compareTo(low) < 0 || d.compareTo(duration(max)) > 0) {
            String lowText = duration(min) != null ? min : min + " (" + format(low) + ")";
            throw bad(v, "a duration between " + lowText + " and " + max);
          }
          return d;
        };
    return new Type<>("a duration between " + min + " and " + max, reader, null, Type::format);
  }

  static Type<Integer> integer(int min, int max) {
    return of(
        "an integer from " + min + " to " + max,
        s ->
            s.matches("\\d{1,9}") && Integer.parseInt(s) >= min && Integer.parseInt(s) <= max
                ? Integer.valueOf(s)
                : null);
  }

  /** One of two words, standing for {@code x} and {@code y}. */
  static <T> Type<T> choice(String a, T x, String b, T y) {
    Reader<T> reader = (s, v, e) -> s.equals(a) ? x : s.equals(b) ? y : null;
    return new Type<>(a + " or " + b, reader, null, t -> t.equals(x) ? a : b);
  }

  private static <T> Type<T> of(String expected, Function<String, T> read) {
    return new Type<>(expected, (s, v, e) -> read.apply(s), null, String::valueOf);
  }

  private static Type<String> text(String expected, Predicate<String> ok) {
    return of(expected, s -> ok.test(s) ? s : null);
  }

  /** Comma-separated parts, each read by {@code part} and all by {@code collect}; null if bad. */
  private static <X, C extends Collection<X>> Type<C> parts(
      String expected, Function<String, X> part, Function<List<X>, C> collect) {
    Reader<C> reader =
        (s, v, e) -> {
          List<X> read = new ArrayList<>();
          for (String p : s.split(",", -1)) {
            read.add(part.apply(p.strip()));
          }
          return read.contains(null) ? null : collect.apply(read);
        };
    Function<C, String> sorted =
        c -> String.join(",", c.stream().map(String::valueOf).sorted().toList());
    return new Type<>(expected, reader, collect.apply(List.of()), sorted);
  }

  private static Type<String> secret(boolean previous) {
    Reader<String> reader =
        (s, v, e) -> {
          if (previous && s.equals(e.get(ConfigKeys.SECRET_KEY))) {
            throw fail(
                v, "expected the key that secret-key replaced", "the same key as secret-key");
          }
          return s.matches("sk_(test|live)_[\\x21-\\x7e]{1,504}") ? s : null;
        };
    return new Type<>(
        "a MoonKey secret key starting with sk_test_ or sk_live_", reader, null, Type::mask);
  }

  private static URI url(String s) {
    URI uri = uri(s);
    boolean ok =
        uri != null
            && uri.getHost() != null
            && uri.getRawUserInfo() == null
            && uri.getRawQuery() == null
            && uri.getRawFragment() == null
            && (scheme(uri).equals("https")
                || scheme(uri).equals("http") && isLoopback(uri.getHost()));
    return ok ? URI.create(s.replaceAll("/+$", "")) : null;
  }

  private static ProxySetting proxy(String s, ConfigValue v, Map<String, Object> e) {
    if (s.equals(ConfigKeys.PROXY_NONE)) {
      return new ProxySetting.Direct();
    }
    if (s.contains("@")) {
      String problem = "proxy authentication is not supported; expected none or http://host:port";
      throw fail(v, problem + " without a user or password", quote(withoutUserInfo(s)));
    }
    URI uri = uri(s);
    boolean ok =
        uri != null
            && scheme(uri).equals("http")
            && uri.getHost() != null
            && uri.getPort() >= 1
            && uri.getPort() <= 65535
            && (uri.getRawPath() == null || uri.getRawPath().matches("/?"))
            && uri.getRawQuery() == null
            && uri.getRawFragment() == null;
    return ok ? new ProxySetting.Http(uri.getHost().toLowerCase(Locale.ROOT), uri.getPort()) : null;
  }

  private static PendingStoreSetting store(String s, ConfigValue v, Map<String, Object> e) {
    if (s.equals(ConfigKeys.PENDING_STORE_MEMORY)) {
      return new PendingStoreSetting.Memory();
    }
    if (s.startsWith(ConfigKeys.PENDING_STORE_JDBC)) {
      String name = s.substring(ConfigKeys.PENDING_STORE_JDBC.length()).strip();
      if (name.isEmpty() || !isHeaderSafe(name)) {
        throw bad(v, "jdbc: followed by a JNDI name, such as jdbc:java:comp/env/jdbc/moonkey");
      }
      return new PendingStoreSetting.Jdbc(name);
    }
    Path path;
    try {
      path = Path.of(s);
    } catch (InvalidPathException invalid) {
      return null;
    }
    if (s.isEmpty() || !path.isAbsolute() || !isHeaderSafe(s)) {
      return null;
    }
    if (Files.exists(path) && !Files.isDirectory(path)) {
      throw bad(v, "an absolute directory path, but it is a file");
    }
    return new PendingStoreSetting.Directory(path.normalize());
  }

  /** A path, or an http(s) URL without user info; never {@code //host} or a backslash. */
  private static boolean isTarget(String s) {
    if (s.isEmpty() || !isHeaderSafe(s.replaceAll("[,;]", "")) || s.contains("\\")) {
      return false;
    }
    if (s.startsWith("/")) {
      return !s.startsWith("//");
    }
    URI uri = uri(s);
    return uri != null
        && scheme(uri).matches("https?")
        && uri.getHost() != null
        && uri.getRawUserInfo() == null;
  }

  private static WebOrigin origin(String p) {
    boolean path = p.indexOf('/', p.indexOf("://") + 3) >= 0 && !p.endsWith("/");
    return path ? null : WebOrigin.parse(p).orElse(null);
  }

  private static String unquoted(String d) {
    return d.matches("\".*\"") ? d.substring(1, d.length() - 1) : d;
  }

  private static URI uri(String s) {
    try {
      return new URI(s);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static String scheme(URI uri) {
    return uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
  }

  private static boolean isLoopback(String host) {
    return host.toLowerCase(Locale.ROOT).matches("localhost|\\[::1]|::1|127(\\.\\d{1,3}){3}");
  }

  /** A non-empty RFC 9110 token, which is what a cookie name must be. */
  static boolean isToken(String s) {
    return s.matches("[A-Za-z0-9!#$%&'*+\\-.^_`|~]+");
  }

  /** Printable ASCII without {@code ;} and {@code ,}: safe inside a header attribute. */
  static boolean isHeaderSafe(String s) {
    return s.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ';' && c != ',');
  }

  /** The message for a bad value: the key, what is wrong, what was found, and where. */
  static ConfigException fail(ConfigValue v, String problem, String got) {
    String key = ConfigKeys.PREFIX + v.key();
    return new ConfigException(
        key + ": " + problem + ", got " + got + " (from " + v.origin() + ")");
  }

  /** The message for a value that is not what was expected, shown without a URL's user info. */
  static ConfigException bad(ConfigValue v, String expected) {
    return fail(v, "expected " + expected, quote(withoutUserInfo(v.raw())));
  }

  static String quote(String s) {
    return "'" + LogSafe.escape(s) + "'";
  }

  /** A URL as a message may show it: what comes before an {@code @} may be a password. */
  private static String withoutUserInfo(String raw) {
    int at = raw.lastIndexOf('@');
    int scheme = raw.indexOf("://");
    String kept = scheme >= 0 && scheme < at ? raw.substring(0, scheme + 3) : "";
    return at < 0 ? raw : kept + "****" + raw.substring(at);
  }

  /** A secret key's kind followed by {@code ****}, such as {@code sk_test_****}. */
  static String mask(String secretKey) {
    return secretKey.matches("sk_(test|live)_.*") ? secretKey.substring(0, 8) + "****" : "****";
  }

  private static Duration duration(String s) {
    Matcher m = DURATION.matcher(s);
    long n = m.matches() ? Long.parseLong(m.group(1)) : -1;
    return n < 0
        ? null
        : switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
  }

  /** A duration in its largest whole unit: {@code 500ms}, {@code 5s}, {@code 24h}. */
  static String format(Duration d) {
    long ms = d.toMillis();
    return ms == 0 || ms % 1000 != 0
        ? ms + "ms"
        : ms % 60_000 != 0
            ? ms / 1000 + "s"
            : ms % 3_600_000 != 0 ? ms / 60_000 + "m" : ms / 3_600_000 + "h";
  }
}
