package fun.moonkey.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fun.moonkey.answer.LogoutResult;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.RecordedRequest;
import fun.moonkey.event.AfterLogout;
import fun.moonkey.event.BeforeLogout;
import fun.moonkey.event.LogoutOutcome;
import fun.moonkey.event.Trigger;
import fun.moonkey.logout.FakeRequest;
import fun.moonkey.logout.LogoutService;
import fun.moonkey.revocation.RevocationOutcome;
import fun.moonkey.revocation.SessionRevoker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CDI producers in a real CDI container (Weld SE), found through the jar's {@code beans.xml}:
 * an application bean injects the configuration, the service and the revoker, and the revoker
 * reaches MoonKey.
 */
class MoonKeyProducersTest {

  /** An application's own bean, as a JAX-RS resource of a CDI service would be. */
  @Dependent
  public static class AccountService {
    @Inject SessionRevoker revoker;
    @Inject MoonKeyConfig config;
    @Inject LogoutService service;
  }

  private MoonKeyEmulator moonKey;

  @BeforeEach
  void start() {
    moonKey = MoonKeyEmulator.start();
    System.setProperty("moonkey.secret-key", moonKey.secretKey());
    System.setProperty("moonkey.api-url", moonKey.baseUri().toString());
    System.setProperty("moonkey.timeout", "10s");
  }

  @AfterEach
  void stop() {
    System.clearProperty("moonkey.secret-key");
    System.clearProperty("moonkey.api-url");
    System.clearProperty("moonkey.timeout");
    moonKey.close();
  }

  @Test
  void anApplicationBeanInjectsTheRevokerAndItRevokesAtMoonKey() throws Exception {
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    SessionRevoker revoker;
    // Discovery on: MoonKeyProducers is found through META-INF/beans.xml of the main classes.
    try (WeldContainer cdi = new Weld().addBeanClass(AccountService.class).initialize()) {
      AccountService account = cdi.select(AccountService.class).get();
      revoker = account.revoker;
      assertSame(account.service.revoker(), revoker);
      assertSame(account.service.config(), account.config);
      assertEquals(Duration.ofSeconds(10), account.config.timeout());

      RevocationOutcome outcome =
          revoker.revokeAndWait(new Credential(CredentialType.SESSION_ID, session.id(), "test"));

      assertEquals(RevocationOutcome.Revoked.class, outcome.getClass());
      RecordedRequest call = moonKey.takeRequest(Duration.ofSeconds(5));
      assertEquals("Bearer " + moonKey.secretKey(), call.header("Authorization"));
      assertEquals(Map.of("session_id", session.id()), call.jsonBody());
    }
    // The disposer closed the service with the container.
    IllegalStateException closed =
        assertThrows(
            IllegalStateException.class,
            () -> revoker.revoke(new Credential(CredentialType.SESSION_ID, "s", "test")));
    assertEquals("SessionRevoker is closed", closed.getMessage());
  }

  /** An application's observers of the library's events. */
  @ApplicationScoped
  public static class Audit {
    final List<String> heard = new CopyOnWriteArrayList<>();
    final CompletableFuture<AfterLogout> async = new CompletableFuture<>();

    void before(@Observes BeforeLogout event) {
      heard.add("before " + event.sessionAttribute("user").orElse("-"));
    }

    void after(@Observes AfterLogout event) {
      heard.add("after " + event.outcome());
      throw new IllegalStateException("an observer bug never stops a logout");
    }

    void afterAsync(@ObservesAsync AfterLogout event) {
      async.complete(event);
    }

    // Through methods: the container hands out a client proxy, whose own fields are not these.
    List<String> heard() {
      return heard;
    }

    CompletableFuture<AfterLogout> async() {
      return async;
    }
  }

  @Test
  void logoutsOfTheProducedServiceAreCdiEventsSynchronousAndAsync() throws Exception {
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    try (WeldContainer cdi =
        new Weld().addBeanClasses(AccountService.class, Audit.class).initialize()) {
      AccountService account = cdi.select(AccountService.class).get();
      Audit audit = cdi.select(Audit.class).get();

      LogoutResult result =
          account
              .service
              .logout(
                  new FakeRequest()
                      .sessionAttribute("moonkey.session_id", session.id())
                      .sessionAttribute("user", "alice"))
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);

      assertEquals(LogoutResult.Status.REVOKED, result.status());
      assertEquals(List.of("before alice", "after REVOKED"), audit.heard());
      AfterLogout async = audit.async().get(10, TimeUnit.SECONDS);
      assertEquals(Trigger.USER, async.trigger());
      assertEquals(LogoutOutcome.REVOKED, async.outcome());
    }
  }
}
