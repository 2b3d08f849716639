package fun.moonkey.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.EnumSet;

/**
 * Answers {@code 503} to every request of an application whose MoonKey start failed, for a
 * container that goes on serving it after its {@code ServletContainerInitializer} threw: Open
 * Liberty logs the initializer's exception as a warning and starts the application, which would
 * then run with its logout missing or broken. Containers that stop the application (Tomcat, Jetty,
 * Payara, WildFly) never call it. The answer names nothing: the reason is in the server's log.
 */
final class StartFailedFilter implements Filter {

  /** The name it is registered under. */
  static final String NAME = "moonkey-start-failed";

  private static final Logger LOG = System.getLogger(StartFailedFilter.class.getName());

  private StartFailedFilter() {}

  /**
   * Maps a new instance to every request of {@code context}, ahead of the application's filters;
   * nothing when the context refuses (the failure being reported anyway).
   */
  static void register(ServletContext context) {
    try {
      FilterRegistration.Dynamic filter = context.addFilter(NAME, new StartFailedFilter());
      if (filter != null) {
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
      }
    } catch (RuntimeException refused) {
      LOG.log(Level.DEBUG, "No {0} filter: {1}", NAME, refused.toString());
    }
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException {
    ((HttpServletResponse) response)
        .sendError(
            HttpServletResponse.SC_SERVICE_UNAVAILABLE,
            "MoonKey did not start in this application: see the server's log");
  }
}
