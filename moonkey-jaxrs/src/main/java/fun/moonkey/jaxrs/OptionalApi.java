package fun.moonkey.jaxrs;

/**
 * Which optional APIs this library's class loader can load, told without linking any of their
 * types: the classes that use one are touched only when it is present.
 */
final class OptionalApi {

  /** The servlet API: absent on Grizzly or the JDK HTTP server. */
  static final boolean SERVLET = loadable("jakarta.servlet.http.HttpServletRequest");

  /** Jersey's server SPI, which {@link JerseyLifecycle} implements. */
  static final boolean JERSEY_SERVER =
      loadable("org.glassfish.jersey.server.spi.ContainerLifecycleListener");

  /** CDI, which {@link MoonKeyProducers} and {@link MicroProfileMetrics} need. */
  static final boolean CDI = loadable("jakarta.enterprise.inject.spi.CDI");

  /** MicroProfile Metrics, which {@link MicroProfileMetrics} uses (Payara has it). */
  static final boolean MICROPROFILE_METRICS =
      loadable("org.eclipse.microprofile.metrics.MetricRegistry");

  private OptionalApi() {}

  private static boolean loadable(String className) {
    try {
      Class.forName(className, false, OptionalApi.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
