package fun.moonkey.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import fun.moonkey.config.FailurePolicy;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.revocation.MoonKeySession;
import fun.moonkey.revocation.RevocationOutcome;
import fun.moonkey.security.LogoutGuard;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionsResponderTest {

  private static final LogoutGuard.Check CHECK =
      new LogoutGuard.Check(LogoutGuard.Outcome.LOGOUT, true, Optional.empty(), Map.of());

  private final SessionsResponder responder = new SessionsResponder(FailurePolicy.PENDING);

  @Test
  void listWritesEachSessionWithNullForWhatMoonKeyDidNotGive() {
    SessionList list =
        new SessionList.Listed(
            List.of(
                new SessionList.Entry(
                    new MoonKeySession(
                        "sess_1",
                        "2026-01-01T00:00:00Z",
                        "2026-01-02T00:00:00Z",
                        "2026-01-08T00:00:00Z",
                        "Agent \"quoted\" </script>",
                        "10.0.0.1"),
                    true),
                new SessionList.Entry(
                    new MoonKeySession("sess_2", null, null, null, null, null), false)));

    LogoutResponder.Answer answer = responder.list(CHECK, list);

    assertEquals(200, answer.status());
    assertEquals(
        "{\"sessions\":[{\"id\":\"sess_1\",\"current\":true,\"created_at\":\"2026-01-01T00:00:00Z\","
            + "\"last_active_at\":\"2026-01-02T00:00:00Z\",\"expires_at\":\"2026-01-08T00:00:00Z\","
            + "\"user_agent\":\"Agent \\\"quoted\\\" </script>\",\"ip_address\":\"10.0.0.1\"},"
            + "{\"id\":\"sess_2\",\"current\":false,\"created_at\":null,\"last_active_at\":null,"
            + "\"expires_at\":null,\"user_agent\":null,\"ip_address\":null}]}",
        answer.body());
    assertEquals(List.of(Map.entry("Cache-Control", "no-store")), answer.headers());
    assertEquals("application/json;charset=UTF-8", answer.contentType());
  }

  @Test
  void listFailuresAnswer401And503() {
    assertEquals(401, responder.list(CHECK, new SessionList.NotSignedIn()).status());
    LogoutResponder.Answer unavailable =
        responder.list(
            CHECK,
            new SessionList.Unavailable(
                new RevocationOutcome.TransientFailure(503, "down", Optional.empty(), null)));
    assertEquals(503, unavailable.status());
    assertEquals("{\"error\": \"MoonKey unavailable\"}", unavailable.body());
  }

  @Test
  void endAnswersAsALogoutWouldForWhatWasRevoked() {
    Credential id = new Credential(CredentialType.SESSION_ID, "sess_2", "test");
    LogoutSummary revoked =
        LogoutSummary.of(Map.of(id, new RevocationOutcome.Revoked(200)), 1, 0, 0);
    LogoutSummary pending =
        LogoutSummary.of(
            Map.of(id, new RevocationOutcome.TransientFailure(503, "down", Optional.empty(), null)),
            0,
            1,
            0);

    assertEquals(
        "{\"success\": true}",
        responder.end(CHECK, new SessionEnd.Ended("sess_2", revoked), "/app/logout").body());
    assertEquals(
        "{\"success\": true, \"revocation\": \"pending\"}",
        responder.end(CHECK, new SessionEnd.Ended("sess_2", pending), "/app/logout").body());
    assertEquals(
        500,
        new SessionsResponder(FailurePolicy.FAIL)
            .end(CHECK, new SessionEnd.Ended("sess_2", pending), "/app/logout")
            .status());
  }

  @Test
  void endRefusalsSayWhy() {
    assertEquals(404, responder.end(CHECK, new SessionEnd.NotFound(), "/l").status());
    assertEquals(401, responder.end(CHECK, new SessionEnd.NotSignedIn(), "/l").status());
    LogoutResponder.Answer current = responder.end(CHECK, new SessionEnd.Current(), "/app/logout");
    assertEquals(409, current.status());
    assertEquals(
        "{\"error\":\"This is the current session: log out instead\",\"logout\":\"/app/logout\"}",
        current.body());
    assertEquals(400, responder.noSessionId(CHECK).status());
  }

  @Test
  void theGuardsHeadersComeFirst() {
    LogoutGuard.Check cors =
        new LogoutGuard.Check(
            LogoutGuard.Outcome.LOGOUT,
            true,
            Optional.empty(),
            Map.of("Access-Control-Allow-Origin", "https://app.example.com"));

    assertEquals(
        List.of(
            Map.entry("Access-Control-Allow-Origin", "https://app.example.com"),
            Map.entry("Cache-Control", "no-store")),
        responder.list(cors, new SessionList.NotSignedIn()).headers());
  }
}
