package fun.moonkey.jaxrs;

import fun.moonkey.config.ConfigSource;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.local.LogoutRequest;
import fun.moonkey.logout.LogoutService;
import fun.moonkey.logout.ServiceRegistry;
import fun.moonkey.security.RequestFacts;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.List;

/**
 * The MoonKey side of one JAX-RS application: resolves the configuration and takes the shared
 * {@link LogoutService} when the application starts, gives it back when the application stops, and
 * adapts each request. Made by {@link MoonKeyLogoutFeature}, which also decides when it starts;
 * {@link LogoutResource} finds it in the application's properties. Thread-safe.
 *
 * <p>Touches neither Jersey nor the servlet API: what a runtime offers beyond JAX-RS reaches it
 * through {@link ServletAccess}.
 */
final class LogoutRuntime {

  /** The application property under which the feature leaves this runtime. */
  static final String PROPERTY = LogoutRuntime.class.getName();

  private static final Logger LOG = System.getLogger(LogoutRuntime.class.getName());

  /** The servlet request behind the current JAX-RS call, where the runtime can tell. */
  interface ServletAccess {
    /**
     * @return what the security policies read from the current servlet request, or null when this
     *     call did not come through a servlet container
     */
    RequestFacts facts();

    /**
     * @param secure whether the request is secure, as the guard decided
     * @return the current servlet request as a logout request, or null as for {@link #facts()}
     */
    LogoutRequest request(boolean secure);
  }

  private final MoonKeyConfig given;
  private final String path;
  private volatile ServletAccess servlet;
  private volatile ServiceRegistry.Lease lease;
  private volatile AdminGate adminGate;

  /**
   * @param given a configuration built in code, or null to read it at start-up
   * @param path the resource's path under the application base, for the start-up line
   */
  LogoutRuntime(MoonKeyConfig given, String path) {
    this.given = given;
    this.path = path;
  }

  static LogoutRuntime of(Configuration configuration) {
    if (configuration.getProperty(PROPERTY) instanceof LogoutRuntime runtime) {
      return runtime;
    }
    // Apache CXF (Open Liberty's Java EE 8 JAX-RS) injects into resources a configuration without
    // the properties the feature set: the feature's runtime is then the application's.
    LogoutRuntime started = OptionalApi.SERVLET ? PortableServlet.currentRuntime() : null;
    if (started != null) {
      return started;
    }
    throw new IllegalStateException(
        "LogoutResource needs MoonKeyLogoutFeature: register the feature, not the resource alone");
  }

  /**
   * Resolves the configuration (unless given in code) and takes the service. A {@code
   * ConfigException} (naming the key) stops the application: the runtime and the container log it.
   *
   * @param app the application's configuration, whose {@code moonkey.*} properties come first
   * @param rest the sources after the application's properties
   * @param registry where the service comes from
   * @param servlet how to reach the servlet request of a call, or null for headers only
   * @param where what kind of runtime this is, for the start-up line
   */
  synchronized void start(
      Configuration app,
      ConfigSource rest,
      ServiceRegistry registry,
      ServletAccess servlet,
      String where) {
    if (lease != null) {
      return;
    }
    MoonKeyConfig config =
        given != null
            ? given
            : MoonKeyConfig.from(ConfigSource.firstFound(applicationProperties(app), rest));
    lease = registry.acquire(config);
    this.servlet = servlet;
    this.adminGate = new AdminGate(config);
    LOG.log(Level.INFO, "MoonKey LogoutResource ready at {0} ({1}): {2}", path, where, config);
    if (registersAdmin(app)) {
      LOG.log(
          Level.INFO,
          config.adminRole().isPresent()
              ? "MoonKey SessionAdminResource at {0}: callers in the role ''{1}'' may end a user''s"
                  + " sessions"
              : "MoonKey SessionAdminResource at {0} answers 404 to every caller: the setting"
                  + " admin-role is unset",
          SessionAdminResource.DEFAULT_PATH,
          config.adminRole().orElse(""));
    }
  }

  /** Whether the application registers {@link SessionAdminResource} or a subclass of it. */
  private static boolean registersAdmin(Configuration app) {
    return app != null
            && app.getClasses().stream().anyMatch(SessionAdminResource.class::isAssignableFrom)
        || app.getInstances().stream().anyMatch(SessionAdminResource.class::isInstance);
  }

  /**
   * @return who may call {@link SessionAdminResource}
   * @throws IllegalStateException before start-up
   */
  AdminGate adminGate() {
    AdminGate gate = adminGate;
    if (gate == null) {
      throw new IllegalStateException("MoonKeyLogoutFeature has not started");
    }
    return gate;
  }

  private static ConfigSource applicationProperties(Configuration app) {
    return ConfigSource.prefixed(
        "application property",
        name -> app.getProperty(name) instanceof String value ? value : null,
        () -> List.copyOf(app.getPropertyNames()));
  }

  /** Gives the service back; idempotent. */
  synchronized void stop() {
    ServiceRegistry.Lease current = lease;
    if (current != null) {
      current.close();
    }
  }

  /**
   * @return the running service
   * @throws IllegalStateException before start-up
   */
  LogoutService service() {
    ServiceRegistry.Lease current = lease;
    if (current == null) {
      throw new IllegalStateException("MoonKeyLogoutFeature has not started");
    }
    return current.service();
  }

  /**
   * What the security policies read from this request; call on the request's thread. Without a
   * servlet layer the peer's address is unknown, so {@code trusted-proxies} never applies.
   */
  RequestFacts facts(String method, UriInfo uri, HttpHeaders headers, SecurityContext security) {
    ServletAccess access = servlet;
    if (access != null) {
      RequestFacts facts = access.facts();
      if (facts != null) {
        return facts;
      }
    }
    URI requestUri = uri.getRequestUri();
    return new RequestFacts(
        method,
        requestUri.getScheme() == null ? "http" : requestUri.getScheme(),
        security.isSecure(),
        requestUri.getHost(),
        requestUri.getPort(),
        null,
        headers::getHeaderString);
  }

  /**
   * The request as the logout flow reads it; call on the request's thread.
   *
   * @param secure whether the request is secure, as the guard decided
   */
  LogoutRequest request(HttpHeaders headers, boolean secure) {
    ServletAccess access = servlet;
    if (access != null) {
      LogoutRequest request = access.request(secure);
      if (request != null) {
        return request;
      }
    }
    return LogoutRequest.withoutSession(
        name -> RequestHeaders.cookieValues(headers, name),
        name -> RequestHeaders.first(headers, name),
        secure);
  }
}
