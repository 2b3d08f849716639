package fun.moonkey.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class MoonKeySessionTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void readsOnlyItsFieldsAndOnlyStrings() throws Exception {
    MoonKeySession session =
        MoonKeySession.of(
            "sess_1",
            JSON.readTree(
                "{\"id\": \"sess_1\", \"session_token\": \"mk_sess_secret\", \"created_at\":"
                    + " \"2026-01-01T00:00:00Z\", \"last_active_at\": 17, \"user_agent\":"
                    + " \"Agent\\r\\nX-Injected: 1\", \"ip_address\": null}"));

    assertEquals(
        new MoonKeySession(
            "sess_1", "2026-01-01T00:00:00Z", null, null, "AgentX-Injected: 1", null),
        session);
    assertNull(session.expiresAt());
  }

  @Test
  void longValuesAreCut() throws Exception {
    MoonKeySession session =
        MoonKeySession.of(
            "sess_1", JSON.readTree("{\"user_agent\": \"" + "a".repeat(2000) + "\"}"));

    assertEquals(MoonKeySession.MAX_LENGTH, session.userAgent().length());
  }
}
