package fun.moonkey.local;

import fun.moonkey.config.CookieSpec;
import fun.moonkey.config.MoonKeyConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local logout's step that expires the application's auth cookies: the {@code Set-Cookie}
 * headers that make a browser drop them. Thread-safe.
 *
 * <p>A deletion repeats the original's name, Path and Domain (or host-only), carries {@code
 * Max-Age=0} and an {@code Expires} in 1970 (for clients that ignore {@code Max-Age}), and {@code
 * Secure} when the original needed it or the request is secure. One deletion per (name, domain,
 * path, partitioned).
 *
 * <p>The headers depend only on the configuration, the context path, whether the request is secure
 * and the container's session cookie, so each such combination is built once and its list reused
 * (up to {@link #MAX_CACHED} of them; beyond, they are built per request).
 */
final class CookieExpiry implements LocalLogout.Step {

  /** The {@code Expires} of every deletion. */
  static final String EPOCH = "Thu, 01 Jan 1970 00:00:00 GMT";

  /** The most combinations kept: an application has one context path, a few session cookies. */
  static final int MAX_CACHED = 32;

  /** What the headers of a request depend on, beside the configuration. */
  private record Key(String contextPath, boolean secure, CookieSpec sessionCookie) {}

  private final MoonKeyConfig config;
  private final Map<Key, List<String>> built = new ConcurrentHashMap<>();

  /**
   * @param config which cookies to expire
   */
  CookieExpiry(MoonKeyConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  public LocalLogout.Done run(LogoutRequest request, LocalLogout.Done done) {
    return new LocalLogout.Done(done.sessionEnded(), headers(request), done.clearSiteData());
  }

  /**
   * @param request the logout request (context path, security, session cookie)
   * @return the {@code Set-Cookie} header values, in a stable order; immutable, shared between
   *     requests alike
   */
  List<String> headers(LogoutRequest request) {
    // The session cookie is expired only when expire-cookies is unset, and only then read.
    CookieSpec session =
        config.expireCookies().isPresent() ? null : request.sessionCookie().orElse(null);
    Key key = new Key(request.contextPath(), request.isSecure(), session);
    List<String> headers = built.get(key);
    if (headers == null) {
      headers = build(key);
      if (built.size() < MAX_CACHED) {
        built.putIfAbsent(key, headers);
      }
    }
    return headers;
  }

  private List<String> build(Key key) {
    List<CookieSpec> specs =
        config
            .expireCookies()
            .orElseGet(
                () -> {
                  List<CookieSpec> defaults = new ArrayList<>(2);
                  defaults.add(CookieSpec.defaults(config.tokenCookie()));
                  config.jwtCookie().map(CookieSpec::defaults).ifPresent(defaults::add);
                  if (key.sessionCookie() != null) {
                    defaults.add(key.sessionCookie());
                  }
                  return defaults;
                });
    Map<String, String> byIdentity = new LinkedHashMap<>();
    for (CookieSpec spec : specs) {
      String path = spec.effectivePath(key.contextPath());
      String domain = spec.effectiveDomain().orElse("");
      String identity =
          spec.name() + '\u0000' + domain + '\u0000' + path + '\u0000' + spec.partitioned();
      byIdentity.putIfAbsent(identity, header(spec, path, domain, key.secure()));
    }
    return List.copyOf(byIdentity.values());
  }

  static String header(CookieSpec spec, String path, String domain, boolean requestSecure) {
    StringBuilder out = new StringBuilder(160);
    out.append(spec.name()).append("=; Max-Age=0; Expires=").append(EPOCH);
    out.append("; Path=").append(path);
    if (!domain.isEmpty()) {
      out.append("; Domain=").append(domain);
    }
    if (spec.requiresSecure() || requestSecure) {
      out.append("; Secure");
    }
    if (spec.httpOnly()) {
      out.append("; HttpOnly");
    }
    if (spec.sameSite() != null) {
      out.append("; SameSite=").append(spec.sameSite());
    }
    if (spec.partitioned()) {
      out.append("; Partitioned");
    }
    return out.toString();
  }
}
