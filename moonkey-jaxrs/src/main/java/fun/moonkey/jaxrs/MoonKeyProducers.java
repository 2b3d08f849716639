package fun.moonkey.jaxrs;

import fun.moonkey.config.ConfigSource;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.event.AfterLogout;
import fun.moonkey.event.BeforeLogout;
import fun.moonkey.event.LogoutEvents;
import fun.moonkey.logout.LogoutService;
import fun.moonkey.logout.ServiceRegistry;
import fun.moonkey.revocation.SessionRevoker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * CDI producers, for containers with CDI (Payara): a service can {@code @Inject} the {@link
 * MoonKeyConfig}, the {@link LogoutService} and its {@link SessionRevoker}.
 *
 * <p>In a web application the service comes from the application's own registry, the one its {@code
 * LogoutFilter} and {@code LogoutResource} use: with the same configuration (context-params, then
 * system properties and the environment) they share one MoonKey client, and the logouts of every
 * entry point of the application reach the application's CDI observers. Outside a servlet container
 * the configuration comes from system properties and the environment, and the producers keep a
 * registry of their own. The service is leased on first injection and given back when the CDI
 * container stops.
 *
 * <p>Nothing here runs without CDI: the rest of the library never refers to this class, and the
 * jar's {@code beans.xml} uses {@code bean-discovery-mode="annotated"} so that CDI looks at this
 * class only.
 */
@ApplicationScoped
public class MoonKeyProducers {

  private static final Logger LOG = System.getLogger(MoonKeyProducers.class.getName());

  /**
   * What gives each produced service back, by service: the disposer may run on another instance of
   * this bean than the producer (the application context can end first), so it keeps no state.
   */
  private static final Map<LogoutService, Leased> LEASED =
      Collections.synchronizedMap(new IdentityHashMap<>());

  /** One produced service: its lease, and the CDI observers registered with it. */
  private record Leased(ServiceRegistry.Lease lease, AutoCloseable observers) {}

  /** The web application's {@code ServletContext}, or null outside a servlet container. */
  private static Object servletContext() {
    return OptionalApi.SERVLET ? PortableServlet.currentContext() : null;
  }

  /**
   * @return the configuration: the web application's as its filter without init-params reads it,
   *     else system properties and the environment
   */
  @Produces
  @Singleton
  public MoonKeyConfig config() {
    Object context = servletContext();
    return MoonKeyConfig.from(
        context != null
            ? PortableServlet.sources(context)
            : ConfigSource.firstFound(
                ConfigSource.systemProperties(), ConfigSource.environment(System.getenv())));
  }

  /**
   * @param config the configuration
   * @param before where {@link BeforeLogout} events go as CDI events
   * @param after where {@link AfterLogout} events go as CDI events (synchronous and async)
   * @return the application's service of this configuration; the logouts of every service of the
   *     application fire CDI events
   */
  @Produces
  @Singleton
  public LogoutService service(
      MoonKeyConfig config, Event<BeforeLogout> before, Event<AfterLogout> after) {
    Object context = servletContext();
    ServiceRegistry registry =
        context != null
            ? PortableServlet.registry(context)
            : new ServiceRegistry(
                LogoutEvents.discover(Thread.currentThread().getContextClassLoader()), "cdi");
    AutoCloseable observers = registry.events().register(new CdiLogoutEvents(before, after));
    ServiceRegistry.Lease lease = registry.acquire(config);
    LEASED.put(lease.service(), new Leased(lease, observers));
    return lease.service();
  }

  /**
   * @param service the service
   * @return its MoonKey client; closed with the service, not by its users
   */
  @Produces
  @Singleton
  public SessionRevoker revoker(LogoutService service) {
    return service.revoker();
  }

  /**
   * Gives the service back when the CDI container stops (the last user closes it) and stops telling
   * CDI of logouts.
   *
   * @param service the service
   */
  public void close(@Disposes LogoutService service) {
    Leased leased = LEASED.remove(service);
    if (leased == null) {
      return;
    }
    try {
      leased.observers().close();
    } catch (Exception e) {
      LOG.log(Level.DEBUG, "CDI observers not withdrawn", e);
    }
    leased.lease().close();
  }
}
