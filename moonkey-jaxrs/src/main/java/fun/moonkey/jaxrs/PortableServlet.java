package fun.moonkey.jaxrs;

import fun.moonkey.config.ConfigSource;
import fun.moonkey.local.LogoutRequest;
import fun.moonkey.logout.ServiceRegistry;
import fun.moonkey.security.RequestFacts;
import fun.moonkey.servlet.RunningApplications;
import fun.moonkey.servlet.ServletConfigSources;
import fun.moonkey.servlet.ServletLogoutRequest;
import fun.moonkey.servlet.ServletRequestFacts;
import fun.moonkey.servlet.SharedServices;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Configuration;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The servlet side of a JAX-RS runtime other than Jersey (RESTEasy on WildFly), through standard
 * APIs only: the application's {@code ServletContext} is the one {@link RunningApplications} knows
 * for the configuring thread's class loader, and each call's {@code HttpServletRequest} is the one
 * {@link ServletCapture} saw. Loaded only when {@link OptionalApi#SERVLET} is true.
 */
final class PortableServlet {

  private static final Logger LOG = System.getLogger(PortableServlet.class.getName());

  /** The context attribute that holds the application's first portably started runtime. */
  private static final String RUNTIME_ATTRIBUTE = LogoutRuntime.PROPERTY;

  /** The context attribute that marks the application's figures exported. */
  private static final String METRICS_ATTRIBUTE = PortableServlet.class.getName() + ".metrics";

  private PortableServlet() {}

  /**
   * @return the {@code ServletContext} of the application being configured on this thread, or null
   *     outside a servlet container (or where the library's initializer did not run)
   */
  static Object currentContext() {
    return RunningApplications.of(Thread.currentThread().getContextClassLoader()).orElse(null);
  }

  /** The shared registry of the application whose {@link #currentContext()} this is. */
  static ServiceRegistry registry(Object context) {
    return SharedServices.of((ServletContext) context);
  }

  /** The application's context-params, then system properties and the environment. */
  static ConfigSource sources(Object context) {
    return ServletConfigSources.forContext((ServletContext) context);
  }

  /**
   * Starts {@code runtime} now, with the application's context-params and shared client, and stops
   * it when the application stops.
   *
   * @param context what {@link #currentContext()} returned
   */
  static void start(LogoutRuntime runtime, Configuration app, Object context) {
    ServletContext servletContext = (ServletContext) context;
    runtime.start(
        app,
        ServletConfigSources.forContext(servletContext),
        SharedServices.of(servletContext),
        new Access(),
        "servlet container");
    RunningApplications.closeWhenStopped(servletContext, runtime::stop);
    synchronized (PortableServlet.class) {
      if (servletContext.getAttribute(RUNTIME_ATTRIBUTE) == null) {
        servletContext.setAttribute(RUNTIME_ATTRIBUTE, runtime);
      }
    }
    exportMetrics(servletContext);
  }

  /**
   * The runtime {@link #start} started first for the application of this thread, if any: for a
   * JAX-RS runtime whose resources do not see the properties a feature set (Apache CXF, Open
   * Liberty's Java EE 8 JAX-RS).
   */
  static LogoutRuntime currentRuntime() {
    Object context = currentContext();
    return context != null
            && ((ServletContext) context).getAttribute(RUNTIME_ATTRIBUTE)
                instanceof LogoutRuntime runtime
        ? runtime
        : null;
  }

  /**
   * Where CDI and MicroProfile Metrics are both present (Payara), shows the figures of the
   * application's MoonKey clients in its metric registry until the application stops; once per
   * application, whichever entry point starts first. Elsewhere it does nothing.
   *
   * @param context the application's {@code ServletContext}
   */
  static void exportMetrics(Object context) {
    if (!OptionalApi.MICROPROFILE_METRICS || !OptionalApi.CDI) {
      return;
    }
    ServletContext servletContext = (ServletContext) context;
    synchronized (PortableServlet.class) {
      if (servletContext.getAttribute(METRICS_ATTRIBUTE) != null) {
        return;
      }
      AutoCloseable export;
      try {
        export = SharedServices.of(servletContext).exportTo(MicroProfileMetrics.ofApplication());
      } catch (RuntimeException e) {
        // No CDI container or no registry for this application: JMX still has the figures.
        LOG.log(Level.DEBUG, "MoonKey figures not exported to MicroProfile Metrics", e);
        return;
      }
      servletContext.setAttribute(METRICS_ATTRIBUTE, export);
      try {
        RunningApplications.closeWhenStopped(servletContext, export);
      } catch (IllegalStateException e) {
        // The library's initializer did not run: the gauges then live as long as the registry.
      }
    }
  }

  /** Reads the request {@link ServletCapture} kept for this thread. */
  private static final class Access implements LogoutRuntime.ServletAccess {
    @Override
    public RequestFacts facts() {
      HttpServletRequest request = ServletCapture.current();
      return request == null ? null : ServletRequestFacts.of(request);
    }

    @Override
    public LogoutRequest request(boolean secure) {
      HttpServletRequest request = ServletCapture.current();
      return request == null ? null : new ServletLogoutRequest(request, secure);
    }
  }
}
