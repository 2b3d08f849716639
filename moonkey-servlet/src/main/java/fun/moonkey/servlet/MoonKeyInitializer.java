package fun.moonkey.servlet;

import fun.moonkey.config.ConfigKeys;
import fun.moonkey.config.ConfigValue;
import fun.moonkey.logout.SessionsEndpoint;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Zero-XML drop-in: with the jar in {@code WEB-INF/lib} and one context-param, the application has
 * a {@link LogoutFilter}.
 *
 * <pre>{@code
 * <context-param>
 *   <param-name>moonkey.logout-path</param-name>
 *   <param-value>/logout</param-value>
 * </context-param>
 * }</pre>
 *
 * <p>The container finds this initializer through {@code
 * META-INF/services/jakarta.servlet.ServletContainerInitializer}. When {@code logout-path} is set
 * (context-param {@code moonkey.logout-path}, else system property {@code moonkey.logout-path},
 * else environment variable {@code MOONKEY_LOGOUT_PATH}) it registers a {@code LogoutFilter} named
 * {@value #FILTER_NAME}, async-supported, mapped to exactly that path for {@code REQUEST}
 * dispatches, ahead of the filters of {@code web.xml}; the filter reads the rest of its
 * configuration as usual. When {@code logout-path} is not set, or the application already declares
 * a {@code LogoutFilter} itself, it registers no filter.
 *
 * <p>It always registers the {@link SessionEndRevoker} listener, which stays idle unless a {@code
 * LogoutFilter} of the application runs with {@code revoke-on-session-end=true} (the default). Then
 * it starts the MoonKey client of every {@code LogoutFilter} of the application and checks the
 * {@code moonkey.*} context-params ({@link MoonKeyStartup}): a bad setting or a missing class stops
 * the application here, or, on a container that serves it all the same (Open Liberty), leaves it
 * answering 503 to every request.
 */
public final class MoonKeyInitializer implements ServletContainerInitializer {

  /** The name of the filter this initializer registers. */
  public static final String FILTER_NAME = "moonkey-logout";

  private static final Logger LOG = System.getLogger(MoonKeyInitializer.class.getName());

  /** For the container's {@code ServiceLoader}. */
  public MoonKeyInitializer() {}

  /**
   * @throws ServletException when a setting is bad or the MoonKey client cannot start (see {@link
   *     MoonKeyStartup}): the container then stops the application
   */
  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
    context.addListener(SessionEndRevoker.class);
    registerFilter(context);
    MoonKeyStartup.run(context);
  }

  /** Whether {@code sessions-api} is {@code true}; a bad value is the filter's start to report. */
  private static boolean sessionsApi(ServletContext context) {
    return ServletConfigSources.forContext(context)
        .find(ConfigKeys.SESSIONS_API)
        .map(value -> value.raw().strip().equals("true"))
        .orElse(false);
  }

  private static void registerFilter(ServletContext context) {
    Optional<ConfigValue> path =
        ServletConfigSources.forContext(context).find(ConfigKeys.LOGOUT_PATH);
    if (path.isEmpty()) {
      LOG.log(
          Level.DEBUG,
          "No {0}: MoonKey LogoutFilter not registered by the initializer",
          ConfigKeys.PREFIX + ConfigKeys.LOGOUT_PATH);
      return;
    }
    for (FilterRegistration registration : context.getFilterRegistrations().values()) {
      if (LogoutFilter.class.getName().equals(registration.getClassName())) {
        LOG.log(
            Level.INFO,
            "The application declares the MoonKey LogoutFilter ''{0}'' itself; the initializer"
                + " adds none",
            registration.getName());
        return;
      }
    }
    FilterRegistration.Dynamic filter = context.addFilter(FILTER_NAME, LogoutFilter.class);
    if (filter == null) {
      LOG.log(
          Level.INFO,
          "A filter named ''{0}'' exists already; the initializer adds no LogoutFilter",
          FILTER_NAME);
      return;
    }
    filter.setAsyncSupported(true);
    String raw = path.get().raw().strip();
    // A malformed path is mapped everywhere so that the filter's start reports it with the
    // configuration's exact message, instead of the container rejecting the mapping.
    String pattern = raw.startsWith("/") && raw.indexOf('*') < 0 ? raw : "/*";
    filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, pattern);
    if (!pattern.equals("/*") && sessionsApi(context)) {
      // "Your devices": the two paths under the logout path are the filter's too.
      filter.addMappingForUrlPatterns(
          EnumSet.of(DispatcherType.REQUEST),
          false,
          pattern + SessionsEndpoint.LIST_PATH,
          pattern + SessionsEndpoint.END_PATH);
    }
    LOG.log(
        Level.INFO,
        "MoonKey LogoutFilter registered by the initializer as ''{0}'' on {1} ({2})",
        FILTER_NAME,
        pattern,
        path.get().origin());
  }
}
