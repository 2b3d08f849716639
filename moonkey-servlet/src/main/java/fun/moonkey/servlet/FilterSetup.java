package fun.moonkey.servlet;

import fun.moonkey.config.ConfigException;
import fun.moonkey.config.ConfigKeys;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.logout.LogoutService;
import fun.moonkey.logout.ServiceRegistry;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * What {@link LogoutFilter#init} sets up: the configuration (a bad setting stops the filter with a
 * {@link ServletException} naming the key), the service shared with a {@code LogoutResource}
 * configured alike, the session-end revocation and the enforce-revocations check it asks for;
 * {@link #close} undoes it.
 */
final class FilterSetup implements AutoCloseable {

  /** The filter's own logger, which users' logging configurations name. */
  private static final Logger LOG = System.getLogger(LogoutFilter.class.getName());

  final MoonKeyConfig config;
  final LogoutService service;

  /** The check of the requests the filter lets through, or null when enforce-revocations is off. */
  final RevokedSessionCheck revokedCheck;

  private final ServiceRegistry.Lease lease;
  private final String logoutPath;
  private final FilterRoutes routes;
  private final ServletContext context;

  private FilterSetup(MoonKeyConfig config, ServiceRegistry.Lease lease, ServletContext context) {
    this.config = config;
    this.lease = lease;
    this.service = lease.service();
    this.context = context;
    this.logoutPath = config.logoutPath().orElse(null);
    this.routes = new FilterRoutes(logoutPath, config.sessionsApi());
    this.revokedCheck = RevokedSessionCheck.of(service, logoutPath).orElse(null);
  }

  /**
   * @param given a configuration built in code, or null to read init-params and the environment
   */
  static FilterSetup start(FilterConfig filterConfig, MoonKeyConfig given) throws ServletException {
    MoonKeyConfig config;
    try {
      config =
          given != null ? given : MoonKeyConfig.from(ServletConfigSources.forFilter(filterConfig));
    } catch (ConfigException e) {
      throw new ServletException(e.getMessage());
    }
    if (config.secretInDeploymentDescriptor()) {
      LOG.log(
          Level.WARNING,
          "The MoonKey secret key is set in web.xml; set the environment variable {0} instead, so"
              + " that it stays out of the WAR and version control",
          ConfigKeys.envName(ConfigKeys.SECRET_KEY));
    }
    if (config.sessionsApi() && config.logoutPath().isEmpty()) {
      throw new ServletException(
          ConfigKeys.PREFIX
              + ConfigKeys.SESSIONS_API
              + ": true needs "
              + ConfigKeys.PREFIX
              + ConfigKeys.LOGOUT_PATH
              + " for the filter (its endpoints are {logout-path}/sessions and"
              + " {logout-path}/sessions/end), but it is not set");
    }
    ServletContext context = filterConfig.getServletContext();
    // Shared with a LogoutResource of the same application and configuration.
    FilterSetup setup =
        new FilterSetup(config, SharedServices.of(context).acquire(config), context);
    if (config.revokeOnSessionEnd()) {
      SessionEndRevoker.publish(context, setup.service);
    }
    LOG.log(
        Level.INFO,
        "MoonKey LogoutFilter ready (async where the filter chain is async-supported, else"
            + " blocking): {0}",
        config);
    return setup;
  }

  /** Where the request goes ({@link FilterRoutes}). */
  FilterRoutes.Route route(HttpServletRequest request) {
    return routes.route(request.getRequestURI(), request.getContextPath());
  }

  /** The logout path as a browser requests it, context path included; for the end's 409. */
  String logoutUri(HttpServletRequest request) {
    return request.getContextPath() + logoutPath;
  }

  @Override
  public void close() {
    SessionEndRevoker.withdraw(context, service);
    lease.close();
  }
}
