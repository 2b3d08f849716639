package fun.moonkey.servlet;

import fun.moonkey.config.ConfigSource;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import java.util.Collections;

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
    return ConfigSource.firstFound(
        ConfigSource.initParams(
            filterConfig::getInitParameter,
            () -> Collections.list(filterConfig.getInitParameterNames())),
        context(filterConfig.getServletContext()),
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
