package fun.moonkey.logout;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.config.SecuritySettings;
import fun.moonkey.event.LogoutEvents;
import fun.moonkey.metrics.LogoutMetrics;
import fun.moonkey.pending.RevocationRetrier;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.security.ClearSiteData;
import fun.moonkey.security.CsrfPolicy;
import fun.moonkey.security.ForwardedProto;
import fun.moonkey.security.LogoutGuard;
import fun.moonkey.security.ReturnTargetPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Everything one configured MoonKey client needs, built once and shared by every entry point of an
 * application: the configuration, the {@link SessionRevoker} (with its circuit breaker and
 * bulkhead), the {@link RevocationRetrier} (with its pending-store) and the {@link LogoutFlow}.
 * Thread-safe. {@link #close()} drains the retrier for {@code shutdown-grace}, then releases the
 * client and every thread.
 */
public final class LogoutService implements AutoCloseable {

  private final MoonKeyConfig config;
  private final SessionRevoker revoker;
  private final RevocationRetrier retrier;
  private final LogoutFlow flow;
  private final LogoutGuard guard;
  private final ReturnTargetPolicy returnTargets;
  private final ClearSiteData clearSiteData;
  private final LogoutMetrics metrics;
  private final EverywhereLogout everywhere;
  private final LogoutEvents events;

  private LogoutService(MoonKeyConfig config, SSLContext sslContext, LogoutEvents events) {
    Objects.requireNonNull(events, "events");
    this.config = Objects.requireNonNull(config, "config");
    this.revoker = new SessionRevoker(config, sslContext);
    try {
      this.retrier = RevocationRetrier.start(config.reliability(), revoker);
    } catch (RuntimeException e) {
      revoker.close();
      throw e;
    }
    this.metrics = new LogoutMetrics(revoker, retrier);
    this.events = events.with(metrics);
    this.flow = new LogoutFlow(config, revoker, retrier, this.events);
    this.everywhere = new EverywhereLogout(config, revoker, retrier, this.events);
    SecuritySettings security = config.security();
    this.guard =
        new LogoutGuard(
            config.methods(),
            new ForwardedProto(security.trustedProxies()),
            new CsrfPolicy(security.allowedOrigins(), security.allowSameSite()));
    this.returnTargets =
        new ReturnTargetPolicy(security.returnToParameter(), security.returnToOrigins());
    this.clearSiteData = new ClearSiteData(security.clearSiteData());
  }

  /**
   * @param config a validated configuration
   * @return a started service; close it when the application stops
   */
  public static LogoutService start(MoonKeyConfig config) {
    return start(config, null);
  }

  /**
   * @param config a validated configuration
   * @param sslContext the TLS context for MoonKey (to trust a private CA), or null for the JVM's
   * @return a started service; close it when the application stops
   */
  public static LogoutService start(MoonKeyConfig config, SSLContext sslContext) {
    return start(
        config, sslContext, LogoutEvents.discover(Thread.currentThread().getContextClassLoader()));
  }

  /**
   * @param config a validated configuration
   * @param sslContext the TLS context for MoonKey, or null for the JVM's
   * @param events the logout listeners (see {@link LogoutEvents#discover})
   * @return a started service; close it when the application stops
   */
  public static LogoutService start(
      MoonKeyConfig config, SSLContext sslContext, LogoutEvents events) {
    return new LogoutService(config, sslContext, events);
  }

  /** The configuration. */
  public MoonKeyConfig config() {
    return config;
  }

  /** The MoonKey client. */
  public SessionRevoker revoker() {
    return revoker;
  }

  /** The background retrier of pending revocations. */
  public RevocationRetrier retrier() {
    return retrier;
  }

  /** The counters and timings of this client; see {@link LogoutMetrics#register} for JMX. */
  public LogoutMetrics metrics() {
    return metrics;
  }

  /**
   * This service's logout listeners (its metrics first, then those it was started with): register
   * more with {@link LogoutEvents#register}.
   */
  public LogoutEvents events() {
    return events;
  }

  /** Logging a user out of every session, or of every other one ({@code scopes}). */
  public EverywhereLogout everywhere() {
    return everywhere;
  }

  /** The logout flow. */
  public LogoutFlow flow() {
    return flow;
  }

  /**
   * The first decision on a request to the logout path (method, prefetch, cross-site, CORS), and
   * whether it is secure behind a trusted proxy. Call it before {@link #flow()}.
   */
  public LogoutGuard guard() {
    return guard;
  }

  /** Whether a redirect target chosen by the request may be followed. */
  public ReturnTargetPolicy returnTargets() {
    return returnTargets;
  }

  /** The {@code Clear-Site-Data} header of a logout answer. */
  public ClearSiteData clearSiteData() {
    return clearSiteData;
  }

  /**
   * The headers every answer of the logout path carries, in order, identical for every entry point:
   * the guard's ({@code Allow}, CORS), {@code Cache-Control: no-store}, and for a logout {@code
   * Clear-Site-Data} (when configured and the request is secure) and the cookie deletions.
   *
   * @param check the guard's decision on the request
   * @param result the logout's result, or null when the request was refused
   * @return header names and values; {@code Set-Cookie} may repeat
   */
  public List<Map.Entry<String, String>> answerHeaders(
      LogoutGuard.Check check, LogoutResult result) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    check.headers().forEach((name, value) -> headers.add(Map.entry(name, value)));
    headers.add(Map.entry("Cache-Control", "no-store"));
    if (result != null) {
      clearSiteData
          .header(check.secure())
          .ifPresent(v -> headers.add(Map.entry("Clear-Site-Data", v)));
      for (String cookie : result.setCookies()) {
        headers.add(Map.entry("Set-Cookie", cookie));
      }
    }
    return List.copyOf(headers);
  }

  /**
   * Where a browser goes after logout: the request-chosen target when {@code return-to-parameter}
   * is set and the target is safe (see {@link ReturnTargetPolicy}), else {@code redirect} (a
   * context-relative path gets the context path in front).
   *
   * @param check the guard's decision on the request (its own origin)
   * @param requested the value of the {@code return-to-parameter} parameter, or null
   * @param contextPath the application's context path, {@code ""} for the root
   * @return the {@code Location} value, free of CR and LF
   */
  public String location(LogoutGuard.Check check, String requested, String contextPath) {
    Optional<String> chosen = returnTargets.choose(requested, check.origin());
    if (chosen.isPresent()) {
      return chosen.get();
    }
    String target = config.redirect();
    return target.startsWith("/") ? contextPath + target : target;
  }

  /**
   * Drains the retrier for {@code shutdown-grace} (what remains is kept in the pending-store or
   * logged), then closes the MoonKey client. Idempotent.
   */
  @Override
  public void close() {
    try {
      retrier.close();
    } finally {
      revoker.close();
    }
  }

  @Override
  public String toString() {
    return "LogoutService[" + config + "]";
  }
}
