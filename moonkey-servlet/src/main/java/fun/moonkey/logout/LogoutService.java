package fun.moonkey.logout;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.pending.RevocationRetrier;
import fun.moonkey.revocation.SessionRevoker;
import java.util.Objects;
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

  private LogoutService(MoonKeyConfig config, SSLContext sslContext) {
    this.config = Objects.requireNonNull(config, "config");
    this.revoker = new SessionRevoker(config, sslContext);
    try {
      this.retrier = RevocationRetrier.start(config.reliability(), revoker);
    } catch (RuntimeException e) {
      revoker.close();
      throw e;
    }
    this.flow = new LogoutFlow(config, revoker, retrier);
  }

  /**
   * @param config a validated configuration
   * @return a started service; close it when the application stops
   */
  public static LogoutService start(MoonKeyConfig config) {
    return new LogoutService(config, null);
  }

  /**
   * @param config a validated configuration
   * @param sslContext the TLS context for MoonKey (to trust a private CA), or null for the JVM's
   * @return a started service; close it when the application stops
   */
  public static LogoutService start(MoonKeyConfig config, SSLContext sslContext) {
    return new LogoutService(config, sslContext);
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

  /** The logout flow. */
  public LogoutFlow flow() {
    return flow;
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
