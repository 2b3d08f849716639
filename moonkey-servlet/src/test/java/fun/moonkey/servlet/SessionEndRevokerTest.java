package fun.moonkey.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import fun.moonkey.event.AfterLogout;
import fun.moonkey.event.BeforeLogout;
import fun.moonkey.event.LogoutListener;
import fun.moonkey.event.LogoutOutcome;
import fun.moonkey.event.Trigger;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.testing.Await;
import fun.moonkey.testing.JettyApp;
import fun.moonkey.testing.TomcatApp;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sessions that end without a logout, on embedded Tomcat with the library only as a jar in {@code
 * WEB-INF/lib}: the listener comes from the library's initializer, the filter from {@code
 * moonkey.logout-path}, and Tomcat's own background thread expires the sessions.
 */
class SessionEndRevokerTest {

  private static final String DELETE = SessionRevoker.DELETE_PATH;
  private static final Duration EXPIRY_WAIT = Duration.ofSeconds(20);

  private MoonKeyEmulator moonKey;
  private HttpClient client;
  private final CountDownLatch destroyed = new CountDownLatch(1);

  @BeforeEach
  void start() {
    moonKey = MoonKeyEmulator.start();
    client =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterEach
  void stop() {
    moonKey.close();
  }

  private TomcatApp.Builder app() {
    return TomcatApp.builder()
        .param("moonkey.api-url", moonKey.baseUri().toString())
        .param("moonkey.secret-key", moonKey.secretKey())
        .param("moonkey.logout-path", "/logout")
        .param("moonkey.backoff-initial", "10ms")
        .servlet("/signin", new SignInServlet())
        .listener(
            new HttpSessionListener() {
              @Override
              public void sessionDestroyed(HttpSessionEvent event) {
                destroyed.countDown();
              }
            });
  }

  private String get(URI uri) throws Exception {
    return client
        .send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** Waits for what the tests assert: MoonKey no longer holds the session active. */
  private void awaitRevoked(EmulatedSession session) throws InterruptedException {
    Await.until(
        EXPIRY_WAIT,
        () -> !moonKey.isActive(session.id()),
        () -> session.id() + " still active; DELETE calls: " + moonKey.requests(DELETE));
  }

  @Test
  void timedOutSessionHasItsMoonKeySessionRevoked() throws Exception {
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    try (TomcatApp app = app().start()) {
      assertEquals("signed in", get(app.uri("/signin?ttl=1&id=" + session.id())));

      awaitRevoked(session);

      // The listeners hear sessionDestroyed in turn: ours may come after the library's DELETE.
      assertTrue(destroyed.await(10, TimeUnit.SECONDS), "Tomcat expired the session");
      assertEquals(Map.of("session_id", session.id()), moonKey.requests(DELETE).get(0).jsonBody());
      assertEquals(
          "Bearer " + moonKey.secretKey(), moonKey.requests(DELETE).get(0).header("Authorization"));
    }
    assertEquals(1, moonKey.requestCount(DELETE));
  }

  @Test
  void sessionInvalidatedByApplicationCodeHasItsMoonKeySessionRevoked() throws Exception {
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    try (TomcatApp app = app().start()) {
      get(app.uri("/signin?id=" + session.id()));

      assertEquals("dropped", get(app.uri("/signin?drop")));

      awaitRevoked(session);
      assertEquals(Map.of("session_id", session.id()), moonKey.requests(DELETE).get(0).jsonBody());
    }
  }

  @Test
  void transientFailureOnSessionEndIsRetriedBySameRetrier() throws Exception {
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    moonKey.enqueue(Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(503));
    try (TomcatApp app = app().param("moonkey.max-attempts", "1").start()) {
      get(app.uri("/signin?id=" + session.id()));
      get(app.uri("/signin?drop"));

      awaitRevoked(session);
      assertTrue(moonKey.requestCount(DELETE) >= 2, "first attempt failed, a retry revoked it");
    }
  }

  @Test
  void revokeOnSessionEndFalseLeavesTheMoonKeySessionAlone() throws Exception {
    EmulatedSession kept = moonKey.createSession("user_1", "a@example.com");
    EmulatedSession other = moonKey.createSession("user_1", "a@example.com");
    try (TomcatApp app = app().param("moonkey.revoke-on-session-end", "false").start()) {
      get(app.uri("/signin?id=" + kept.id()));
      get(app.uri("/signin?drop"));
      assertTrue(destroyed.await(10, TimeUnit.SECONDS));
      // A logout afterwards still revokes: its DELETE is the only one.
      get(app.uri("/signin?id=" + other.id()));
      client.send(
          HttpRequest.newBuilder(app.uri("/logout"))
              .header("Accept", "application/json")
              .POST(HttpRequest.BodyPublishers.noBody())
              .build(),
          HttpResponse.BodyHandlers.ofString());
      awaitRevoked(other);
    }
    assertEquals(1, moonKey.requestCount(DELETE));
    assertEquals(Map.of("session_id", other.id()), moonKey.requests(DELETE).get(0).jsonBody());
    assertTrue(moonKey.isActive(kept.id()));
  }

  @Test
  void listenersHearTheEndedSessionBeforeItIsGoneAndItsOutcomeAfter() throws Exception {
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    List<String> before = new CopyOnWriteArrayList<>();
    BlockingQueue<AfterLogout> after = new LinkedBlockingQueue<>();
    try (JettyApp app = JettyApp.create("/app")) {
      app.filter(
              LogoutFilter.class,
              "/*",
              Map.of(
                  "logout-path", "/logout",
                  "api-url", moonKey.baseUri().toString(),
                  "secret-key", moonKey.secretKey()))
          .servlet(new SignInServlet(), "/signin");
      app.context().addEventListener(new SessionEndRevoker());
      app.start();
      SharedServices.of(app.context().getServletContext())
          .events()
          .register(
              new LogoutListener() {
                @Override
                public void beforeLogout(BeforeLogout event) {
                  before.add(
                      event.trigger()
                          + " "
                          + event.sessionAttribute("moonkey.session_id").orElse("-"));
                }

                @Override
                public void afterLogout(AfterLogout event) {
                  after.add(event);
                }
              });
      get(app.uri("/signin?id=" + session.id()));
      get(app.uri("/signin?drop"));

      AfterLogout event = after.poll(10, TimeUnit.SECONDS);
      assertEquals(List.of("SESSION_EXPIRED " + session.id()), before);
      assertEquals(
          new AfterLogout(
              Trigger.SESSION_EXPIRED,
              LogoutOutcome.REVOKED,
              List.of(new Credential(CredentialType.SESSION_ID, session.id(), "test").hash())),
          event);
      assertEquals(false, moonKey.isActive(session.id()));
    }
  }
}
