package fun.moonkey.logout;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.config.SecuritySettings;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.security.ClearSiteData;
import fun.moonkey.security.CsrfPolicy;
import fun.moonkey.security.ForwardedProto;
import fun.moonkey.security.LogoutGuard;
import fun.moonkey.security.ReturnTargetPolicy;
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
  private final LogoutGuard guard;
  private final ReturnTargetPolicy returnTargets;
  private final ClearSiteData clearSiteData;

  private LogoutService(MoonKeyConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.revoker = new SessionRevoker(config);
    this.flow = new LogoutFlow(config, revoker);
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
