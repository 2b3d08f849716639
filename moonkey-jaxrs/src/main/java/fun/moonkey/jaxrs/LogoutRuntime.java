package fun.moonkey.jaxrs;

import fun.moonkey.config.ConfigKeys;
import fun.moonkey.config.ConfigSource;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.logout.LogoutRequest;
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
import org.glassfish.jersey.internal.inject.InjectionManager;
import org.glassfish.jersey.server.spi.Container;
import org.glassfish.jersey.server.spi.ContainerLifecycleListener;

/**
 * The MoonKey side of one JAX-RS application: resolves the configuration and takes the shared
 * {@link LogoutService} when the application starts, gives it back when the application stops, and
 * adapts each request. Registered by {@link MoonKeyLogoutFeature}; {@link LogoutResource} finds it
 * in the application's properties. Thread-safe.
 *
 * <p>In a servlet container the service comes from the web application's registry (shared with a
 * {@code LogoutFilter} configured alike) and requests go through the servlet request, so that the
 * {@code HttpSession} is read and invalidated. Without one (Grizzly, the JDK HTTP server, or no
 * servlet API on the class path) the application has its own service and requests are read from
 * JAX-RS headers. Servlet types are touched only in {@link ServletBridge}, and only after {@link
 * ServletApi#PRESENT} said they load.
 */
final class LogoutRuntime implements ContainerLifecycleListener {

  /** The application property under which the feature leaves this runtime. */
  static final String PROPERTY = LogoutRuntime.class.getName();

  private static final Logger LOG = System.getLogger(LogoutRuntime.class.getName());

  private final MoonKeyConfig given;
  private final String path;
  private volatile InjectionManager injectionManager;
  private volatile ServiceRegistry.Lease lease;

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
    throw new IllegalStateException(
        "LogoutResource needs MoonKeyLogoutFeature: register the feature, not the resource alone");
  }

  @Override
  public void onStartup(Container container) {
    InjectionManager manager = container.getApplicationHandler().getInjectionManager();
    boolean servlet = ServletApi.PRESENT && ServletBridge.hasContext(manager);
    // A ConfigException (naming the key) stops the application; Jersey and the container log it.
    MoonKeyConfig config =
        given != null ? given : MoonKeyConfig.from(sources(container, manager, servlet));
    ServiceRegistry registry = servlet ? ServletBridge.registry(manager) : new ServiceRegistry();
    injectionManager = servlet ? manager : null;
    lease = registry.acquire(config);
    LOG.log(
        Level.INFO,
        "MoonKey LogoutResource ready at {0} ({1}): {2}",
        path,
        servlet ? "servlet container" : "no servlet layer",
        config);
  }

  private static ConfigSource sources(
      Container container, InjectionManager manager, boolean servlet) {
    Configuration app = container.getConfiguration();
    ConfigSource properties =
        new ConfigSource.NamedSource(
            "application property",
            ConfigKeys.PREFIX,
            false,
            name -> app.getProperty(name) instanceof String value ? value : null,
            () -> List.copyOf(app.getPropertyNames()),
            false);
    return servlet
        ? ConfigSource.firstFound(properties, ServletBridge.contextSources(manager))
        : ConfigSource.firstFound(
            properties, ConfigSource.systemProperties(), ConfigSource.environment(System.getenv()));
  }

  /** Jersey rebuilds the application on reload and starts a new runtime; nothing to carry over. */
  @Override
  public void onReload(Container container) {}

  @Override
  public void onShutdown(Container container) {
    ServiceRegistry.Lease current = lease;
    if (current != null) {
      current.close();
    }
  }

  /**
   * @return the running service
   * @throws IllegalStateException before start-up or after shutdown
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
    InjectionManager manager = injectionManager;
    if (manager != null) {
      RequestFacts servlet = ServletBridge.facts(manager);
      if (servlet != null) {
        return servlet;
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
    InjectionManager manager = injectionManager;
    if (manager != null) {
      LogoutRequest servlet = ServletBridge.request(manager, secure);
      if (servlet != null) {
        return servlet;
      }
    }
    return new HeaderLogoutRequest(headers, secure);
  }
}
