package fun.moonkey.logout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.answer.LogoutResult;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.credential.Credential;
import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import fun.moonkey.event.AfterLogout;
import fun.moonkey.event.BeforeLogout;
import fun.moonkey.event.LogoutEvents;
import fun.moonkey.event.LogoutListener;
import fun.moonkey.event.LogoutOutcome;
import fun.moonkey.event.Trigger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The events of a user's logout, through a real {@link LogoutService} and the emulator. */
class LogoutFlowEventsTest {

  private MoonKeyEmulator moonKey;
  private LogoutService service;
  private final List<String> heard = new CopyOnWriteArrayList<>();
  private final List<AfterLogout> after = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    moonKey = MoonKeyEmulator.start();
    LogoutEvents events = LogoutEvents.none();
    events.register(
        new LogoutListener() {
          @Override
          public void beforeLogout(BeforeLogout event) {
            throw new IllegalStateException("a listener bug never stops a logout");
          }
        });
    service =
        LogoutService.start(
            MoonKeyConfig.builder()
                .secretKey(moonKey.secretKey())
                .apiUrl(moonKey.baseUri())
                .timeout(Duration.ofSeconds(10))
                .set("max-attempts", "1")
                .build(),
            null,
            events);
  }

  @AfterEach
  void stop() {
    service.close();
    moonKey.close();
  }

  private FakeRequest listened(FakeRequest request) {
    service
        .events()
        .register(
            new LogoutListener() {
              @Override
              public void beforeLogout(BeforeLogout event) {
                heard.add(
                    event.trigger()
                        + " "
                        + event.sessionAttribute("user").orElse("-")
                        + " session="
                        + request.hasSession());
              }

              @Override
              public void afterLogout(AfterLogout event) {
                after.add(event);
              }
            });
    return request;
  }

  private AfterLogout logout(FakeRequest request) {
    service.logout(request).toCompletableFuture().join();
    assertEquals(1, after.size(), "one after event per logout");
    return after.get(0);
  }

  @Test
  void revokedSessionIsToldBeforeWithTheSessionReadableAndAfterWithItsOutcome() {
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    FakeRequest request =
        listened(
            new FakeRequest()
                .sessionAttribute("moonkey.session_id", session.id())
                .sessionAttribute("user", "alice"));

    AfterLogout event = logout(request);

    assertEquals(List.of("USER alice session=true"), heard);
    assertEquals(Trigger.USER, event.trigger());
    assertEquals(LogoutOutcome.REVOKED, event.outcome());
    assertEquals(
        List.of(
            new Credential(fun.moonkey.credential.CredentialType.SESSION_ID, session.id(), "test")
                .hash()),
        event.credentials());
  }

  @Test
  void sessionUnknownToMoonKeyIsAlreadyGone() {
    moonKey.enqueue(Reply.status(404));
    assertEquals(
        LogoutOutcome.ALREADY_GONE,
        logout(listened(new FakeRequest().cookie("session_token", "tok_gone"))).outcome());
  }

  @Test
  void transientFailureIsPending() {
    moonKey.enqueue(Reply.status(503));
    assertEquals(
        LogoutOutcome.PENDING,
        logout(listened(new FakeRequest().cookie("session_token", "tok_503"))).outcome());
  }

  @Test
  void rejectedRevocationIsFailed() {
    moonKey.enqueue(Reply.status(400));
    assertEquals(
        LogoutOutcome.FAILED,
        logout(listened(new FakeRequest().cookie("session_token", "tok_400"))).outcome());
  }

  @Test
  void requestWithoutCredentialIsNoSession() {
    AfterLogout event = logout(listened(new FakeRequest()));
    assertEquals(LogoutOutcome.NO_SESSION, event.outcome());
    assertEquals(List.of(), event.credentials());
    assertEquals(0, moonKey.requestCount("/v1/auth/sessions/delete"));
  }

  @Test
  void aClosedClientStillEndsTheSessionAndExpiresTheCookies() {
    FakeRequest request =
        new FakeRequest()
            .cookie("session_token", "tok_after_close")
            .sessionAttribute("user", "alice");
    service.close();

    LogoutResult result = service.logout(request).toCompletableFuture().join();

    assertFalse(request.hasSession(), "the session outlived a closed client");
    assertTrue(
        result.setCookies().stream().anyMatch(c -> c.startsWith("session_token=")),
        result.setCookies().toString());
    // Nothing can queue it once the application stops: failed, and the retrier logs it by hash.
    assertEquals(LogoutResult.Status.FAILED, result.status());
    assertEquals(0, moonKey.requestCount("/v1/auth/sessions/delete"));
  }
}
