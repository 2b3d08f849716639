package fun.moonkey.servlet;

import fun.moonkey.config.CookieSpec;
import jakarta.servlet.SessionCookieConfig;
import java.lang.ref.WeakReference;
import java.util.Optional;

/**
 * How the container sets its session cookie, read once per {@link SessionCookieConfig}: the Servlet
 * specification freezes that configuration once its context is initialised (its setters throw), and
 * reading it takes two reflective calls ({@link SessionCookieAttributes}). One entry is kept,
 * weakly, for the last configuration read: a library in {@code WEB-INF/lib} sees only its own
 * application's, and a shared one re-reads when applications alternate. Thread-safe.
 */
final class SessionCookies {

  private static final String DEFAULT_NAME = "JSESSIONID";

  /**
   * The last configuration read and its cookie. The reference is to {@code Object}: a generic
   * signature naming the servlet type would escape the javax flavour's renaming.
   */
  private record Entry(WeakReference<Object> config, Optional<CookieSpec> spec) {}

  private static volatile Entry last;

  private SessionCookies() {}

  /**
   * @param config the context's session-cookie configuration
   * @return the session cookie as set, for its deletion
   */
  static Optional<CookieSpec> of(SessionCookieConfig config) {
    Entry entry = last;
    if (entry != null && entry.config().get() == config) {
      return entry.spec();
    }
    Optional<CookieSpec> spec = Optional.of(read(config));
    last = new Entry(new WeakReference<Object>(config), spec);
    return spec;
  }

  private static CookieSpec read(SessionCookieConfig config) {
    String name = config.getName() == null ? DEFAULT_NAME : config.getName();
    String sameSite = SessionCookieAttributes.get(config, "SameSite");
    String partitioned = SessionCookieAttributes.get(config, "Partitioned");
    return new CookieSpec(
        name,
        config.getPath(),
        config.getDomain(),
        config.isSecure(),
        config.isHttpOnly(),
        sameSite,
        "".equals(partitioned) || "true".equalsIgnoreCase(partitioned));
  }
}
