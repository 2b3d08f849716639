package fun.moonkey.jaxrs;

import fun.moonkey.config.ConfigSource;
import fun.moonkey.logout.ServiceRegistry;
import org.glassfish.jersey.internal.inject.InjectionManager;
import org.glassfish.jersey.server.spi.Container;
import org.glassfish.jersey.server.spi.ContainerLifecycleListener;

/**
 * Starts the {@link LogoutRuntime} when Jersey starts the application and stops it when Jersey
 * stops it. Registered by {@link MoonKeyLogoutFeature} on Jersey only: this is the one class that
 * needs Jersey's server SPI at run time.
 *
 * <p>In a servlet container, Jersey binds the {@code ServletContext} and, per request, the {@code
 * HttpServletRequest} in its injection manager; {@link ServletBridge} reads them there.
 */
final class JerseyLifecycle implements ContainerLifecycleListener {

  private final LogoutRuntime runtime;

  JerseyLifecycle(LogoutRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public void onStartup(Container container) {
    InjectionManager manager = container.getApplicationHandler().getInjectionManager();
    if (OptionalApi.SERVLET && ServletBridge.hasContext(manager)) {
      runtime.start(
          container.getConfiguration(),
          ServletBridge.contextSources(manager),
          ServletBridge.registry(manager),
          ServletBridge.access(manager),
          "servlet container");
      PortableServlet.exportMetrics(ServletBridge.context(manager));
    } else {
      runtime.start(
          container.getConfiguration(),
          ConfigSource.firstFound(
              ConfigSource.systemProperties(), ConfigSource.environment(System.getenv())),
          new ServiceRegistry(),
          null,
          "no servlet layer");
    }
  }

  /** Jersey rebuilds the application on reload and starts a new runtime; nothing to carry over. */
  @Override
  public void onReload(Container container) {}

  @Override
  public void onShutdown(Container container) {
    runtime.stop();
  }
}
