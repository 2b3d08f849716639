package fun.moonkey.jaxrs;

import fun.moonkey.config.ConfigSource;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.event.AfterLogout;
import fun.moonkey.event.BeforeLogout;
import fun.moonkey.logout.LogoutService;
import fun.moonkey.revocation.SessionRevoker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * CDI producers, for containers with CDI (Payara): a service can {@code @Inject} the {@link
 * MoonKeyConfig}, the {@link LogoutService} and its {@link SessionRevoker}.
 *
 * <p>The configuration is read from system properties {@code moonkey.key} and environment variables
 * {@code MOONKEY_KEY}; the service is started on first injection and closed when the CDI container
 * stops. Nothing here runs without CDI: the rest of the library never refers to this class, and the
 * jar's {@code beans.xml} uses {@code bean-discovery-mode="annotated"} so that CDI looks at this
 * class only.
 */
@ApplicationScoped
public class MoonKeyProducers {

  /**
   * @return the configuration from system properties and the environment
   */
  @Produces
  @Singleton
  public MoonKeyConfig config() {
    return MoonKeyConfig.from(
        ConfigSource.firstFound(
            ConfigSource.systemProperties(), ConfigSource.environment(System.getenv())));
  }

  /**
   * @param config the configuration
   * @param before where {@link BeforeLogout} events go as CDI events
   * @param after where {@link AfterLogout} events go as CDI events (synchronous and async)
   * @return the started service, one per CDI container; its logouts fire CDI events
   */
  @Produces
  @Singleton
  public LogoutService service(
      MoonKeyConfig config, Event<BeforeLogout> before, Event<AfterLogout> after) {
    LogoutService service = LogoutService.start(config);
    service.events().register(new CdiLogoutEvents(before, after));
    return service;
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
   * Closes the service when the CDI container stops.
   *
   * @param service the service
   */
  public void close(@Disposes LogoutService service) {
    service.close();
  }
}
