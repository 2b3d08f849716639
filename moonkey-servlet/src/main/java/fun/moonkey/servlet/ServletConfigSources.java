package fun.moonkey.servlet;

import fun.moonkey.config.ConfigSource;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/** The standard configuration chains of a servlet application. */
public final class ServletConfigSources {

  private ServletConfigSources() {}

  /**
   * Filter init-param → context-param → system property → environment variable.
   *
   * @param filterConfig the filter's configuration
   * @return the chain
   */
  public static ConfigSource forFilter(FilterConfig filterConfig) {
    return forFilter(
        filterConfig::getInitParameter,
        () -> Collections.list(filterConfig.getInitParameterNames()),
        filterConfig.getServletContext());
  }

  /**
   * The same chain as {@link #forFilter(FilterConfig)}, for a filter that is registered but not
   * started yet (read from a {@code ServletContainerInitializer}).
   *
   * @param registration the filter's registration, with its init-params
   * @param context the servlet context
   * @return the chain
   */
  public static ConfigSource forRegistration(
      FilterRegistration registration, ServletContext context) {
    Map<String, String> params = Map.copyOf(registration.getInitParameters());
    return forFilter(params::get, () -> List.copyOf(params.keySet()), context);
  }

  private static ConfigSource forFilter(
      Function<String, String> initParam, Supplier<List<String>> names, ServletContext context) {
    return ConfigSource.firstFound(
        ConfigSource.initParams(initParam, names),
        context(context),
        ConfigSource.systemProperties(),
        ConfigSource.environment(System.getenv()));
  }

  /**
   * Context-param → system property → environment variable, for components without init-params.
   *
   * @param context the servlet context
   * @return the chain
   */
  public static ConfigSource forContext(ServletContext context) {
    return ConfigSource.firstFound(
        context(context),
        ConfigSource.systemProperties(),
        ConfigSource.environment(System.getenv()));
  }

  private static ConfigSource context(ServletContext context) {
    return ConfigSource.contextParams(
        context::getInitParameter, () -> Collections.list(context.getInitParameterNames()));
  }
}
