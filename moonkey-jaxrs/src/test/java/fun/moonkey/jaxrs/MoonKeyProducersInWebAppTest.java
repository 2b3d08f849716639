package fun.moonkey.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.event.AfterLogout;
import fun.moonkey.logout.LogoutService;
import fun.moonkey.logout.ServiceRegistry;
import fun.moonkey.servlet.SharedServices;
import fun.moonkey.testing.Await;
import fun.moonkey.testing.Http;
import fun.moonkey.testing.JettyApp;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CDI producers inside a running web application (embedded Jetty with the library's
 * initializer, Weld SE on the application's class loader): the injected service is the filter's
 * own, and a logout through the filter reaches the application's CDI observers.
 */
class MoonKeyProducersInWebAppTest {

  /** An application bean that injects the service. */
  @Dependent
  public static class AccountService {
    @Inject LogoutService service;
  }

  /** An application's observer of the library's events. */
  @ApplicationScoped
  public static class Audit {
    final List<String> heard = new CopyOnWriteArrayList<>();

    void after(@Observes AfterLogout event) {
      heard.add(event.trigger() + " " + event.outcome());
    }

    List<String> heard() {
      return heard;
    }
  }

  private MoonKeyEmulator moonKey;
  private JettyApp app;
  // A class loader of the web application's own, as a container gives each one.
  private final ClassLoader webapp =
      new URLClassLoader(new URL[0], MoonKeyProducersInWebAppTest.class.getClassLoader());

  @BeforeEach
  void start() throws Exception {
    moonKey = MoonKeyEmulator.start();
    app = DropInApp.start(moonKey, webapp);
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    moonKey.close();
  }

  @Test
  void theInjectedServiceIsTheFiltersOwnAndTheFiltersLogoutsReachCdiObservers() throws Exception {
    ServiceRegistry registry = SharedServices.of(app.context().getServletContext());
    assertEquals(1, registry.size(), "the filter's service");
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    // The CDI container of the application runs on its class loader, as in a server.
    thread.setContextClassLoader(webapp);
    try (WeldContainer cdi =
        new Weld().addBeanClasses(AccountService.class, Audit.class).initialize()) {
      AccountService account = cdi.select(AccountService.class).get();
      Audit audit = cdi.select(Audit.class).get();
      assertEquals(1, registry.size(), "no second MoonKey client for CDI");
      try (ServiceRegistry.Lease lease = registry.acquire(account.service.config())) {
        assertSame(
            lease.service(), account.service, "the registry's service of that configuration");
      }

      EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
      assertEquals(
          200,
          Http.to(app.uri("/logout"))
              .json()
              .cookie("session_token", session.token())
              .post()
              .statusCode());

      assertFalse(moonKey.isActive(session.id()));
      Await.until(
          Duration.ofSeconds(20),
          () -> audit.heard().contains("USER REVOKED"),
          () -> "CDI observers heard " + audit.heard());
    } finally {
      thread.setContextClassLoader(previous);
    }
    // The CDI container gave its lease back; the filter's service runs on.
    assertEquals(1, registry.size());
    app.close();
    app = null;
    assertEquals(0, registry.size(), "every lease given back when the application stops");
  }
}
