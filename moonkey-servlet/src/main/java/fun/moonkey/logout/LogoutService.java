package fun.moonkey.logout;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.revocation.SessionRevoker;
import java.util.Objects;

/**
 * Everything one configured MoonKey client needs, built once and shared by every entry point of an
 * application: the configuration, the {@link SessionRevoker} and the {@link LogoutFlow}.
 * Thread-safe. {@link #close()} releases the client and its threads.
 */
public final class LogoutService implements AutoCloseable {

  private final MoonKeyConfig config;
  private final SessionRevoker revoker;
  private final LogoutFlow flow;

  private LogoutService(MoonKeyConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.revoker = new SessionRevoker(config);
    this.flow = new LogoutFlow(config, revoker);
  }

  /**
   * @param config a validated configuration
   * @return a started service; close it when the application stops
   */
  public static LogoutService start(MoonKeyConfig config) {
    return new LogoutService(config);
  }

  /** The configuration. */
  public MoonKeyConfig config() {
    return config;
  }

  /** The MoonKey client. */
  public SessionRevoker revoker() {
    return revoker;
  }

  /** The logout flow. */
  public LogoutFlow flow() {
    return flow;
  }

  /** Closes the MoonKey client. Idempotent. */
  @Override
  public void close() {
    revoker.close();
  }

  @Override
  public String toString() {
    return "LogoutService[" + config + "]";
  }
}
