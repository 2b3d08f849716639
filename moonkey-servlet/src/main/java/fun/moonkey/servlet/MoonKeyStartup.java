package fun.moonkey.servlet;

import fun.moonkey.config.ConfigException;
import fun.moonkey.config.ConfigKeys;
import fun.moonkey.config.ConfigSource;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.logout.ServiceRegistry;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Starts, while the container starts the application, the MoonKey client of every {@link
 * LogoutFilter} the application declares, and checks the context-wide settings, so that a bad
 * setting or a jar missing from the WAR stops the deployment with one clear message.
 *
 * <p>Why here and not only in {@link LogoutFilter#init}: a container may serve an application whose
 * filter failed to start (Payara logs the failure, deploys, and answers the logout path with 404,
 * so nobody is logged out). Tomcat, Jetty, Payara and WildFly fail the deployment when a {@code
 * ServletContainerInitializer} throws, so {@link MoonKeyInitializer} runs this check; Open Liberty
 * only logs a warning and starts the application, so a failed check also maps {@link
 * StartFailedFilter}, which answers 503 to every request.
 *
 * <p>The clients started here are the ones the filters then share (the {@link SharedServices}
 * registry hands out one per configuration); this listener gives its leases back when the
 * application stops ({@link RunningApplications}). Context-wide settings ({@code moonkey.*}
 * context-params, read by a JAX-RS {@code MoonKeyLogoutFeature}) are only parsed: their client
 * starts with the feature.
 */
final class MoonKeyStartup implements ServletContextListener {

  private static final Logger LOG = System.getLogger(MoonKeyStartup.class.getName());

  /**
   * The application's class loader, as the initializer's context gave it: a listener that an
   * initializer added may not ask the context for it (Servlet 3.0, section 4.4; Tomcat 9 throws).
   */
  private final ClassLoader loader;

  private MoonKeyStartup(ClassLoader loader) {
    this.loader = loader;
  }

  /**
   * Checks and starts; on success registers the listener that releases what it started.
   *
   * @throws ServletException naming the filter and the bad setting, or the class that failed to
   *     load, so that the container stops the application
   */
  static void run(ServletContext context) throws ServletException {
    List<ServiceRegistry.Lease> leases = new ArrayList<>();
    try {
      for (FilterRegistration registration : context.getFilterRegistrations().values()) {
        if (LogoutFilter.class.getName().equals(registration.getClassName())) {
          leases.add(start(registration, context));
        }
      }
      checkContextParams(context);
    } catch (ServletException | RuntimeException | LinkageError e) {
      leases.forEach(ServiceRegistry.Lease::close);
      ServletException stop = e instanceof ServletException servlet ? servlet : packaging(e);
      // Said once more, on one line of our own: Tomcat's console shows only "Error during
      // ServletContainerInitializer processing", the cause going to its localhost log file.
      LOG.log(
          Level.ERROR,
          "MoonKey stops the start of {0}: {1}",
          context.getContextPath().isEmpty() ? "/" : context.getContextPath(),
          stop.getMessage());
      // For a container that starts the application all the same (Open Liberty).
      StartFailedFilter.register(context);
      throw stop;
    }
    RunningApplications.started(context);
    leases.forEach(lease -> RunningApplications.closeWhenStopped(context, lease));
    context.addListener(new MoonKeyStartup(context.getClassLoader()));
  }

  private static ServiceRegistry.Lease start(
      FilterRegistration registration, ServletContext context) throws ServletException {
    MoonKeyConfig config;
    try {
      config = MoonKeyConfig.from(ServletConfigSources.forRegistration(registration, context));
    } catch (ConfigException e) {
      throw new ServletException(
          "MoonKey LogoutFilter '" + registration.getName() + "': " + e.getMessage());
    }
    return SharedServices.of(context).acquire(config);
  }

  private static void checkContextParams(ServletContext context) throws ServletException {
    boolean any =
        Collections.list(context.getInitParameterNames()).stream()
            .anyMatch(name -> name.startsWith(ConfigKeys.PREFIX));
    if (!any) {
      return;
    }
    try {
      // Every value and name is checked; the secret may come later, from a filter's init-param
      // or a feature's configuration in code, so a missing one is not this check's to report.
      MoonKeyConfig.from(
          ConfigSource.firstFound(
              ServletConfigSources.forContext(context),
              ConfigSource.of(Map.of(ConfigKeys.SECRET_KEY, "sk_test_not_used"))));
    } catch (ConfigException e) {
      throw new ServletException("MoonKey context-params: " + e.getMessage());
    }
  }

  private static ServletException packaging(Throwable e) {
    String what =
        e instanceof LinkageError
            ? "a class is missing or clashes ("
                + e
                + "): check the jars in WEB-INF/lib against"
                + " the list in docs/containers.md for this server"
            : e.toString();
    return new ServletException("MoonKey could not start its client: " + what, e);
  }

  @Override
  public void contextInitialized(ServletContextEvent event) {
    LOG.log(
        Level.DEBUG,
        "MoonKey start-up checks passed for {0}",
        event.getServletContext().getContextPath());
  }

  /** Releases what was started for the application: the filters' clients, a feature's. */
  @Override
  public void contextDestroyed(ServletContextEvent event) {
    RunningApplications.stopped(loader);
  }
}
