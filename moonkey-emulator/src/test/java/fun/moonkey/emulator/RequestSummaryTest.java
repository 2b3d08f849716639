package fun.moonkey.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The standalone emulator's view for people: one line per request, and the JSON list. */
class RequestSummaryTest {

  @Test
  void eachRequestPrintsOneLineWithTheCredentialHashedAndTheStatus() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    try (MoonKeyEmulator emulator = MoonKeyEmulator.builder().printRequests(lines::add).build()) {
      EmulatedSession session = emulator.createSession("user_1", "a@example.com");

      new Wire(emulator).delete("{\"session_token\":\"" + session.token() + "\"}");

      assertEquals(1, lines.size(), lines.toString());
      String line = lines.get(0);
      assertTrue(
          line.matches("DELETE /v1/auth/sessions/delete session_token#[0-9a-f]{8} -> 200"), line);
      assertFalse(line.contains(session.token()), line);
    }
  }

  @Test
  void theRequestsPageListsWhatArrivedWithoutTheCredentialInClear() throws Exception {
    try (MoonKeyEmulator emulator = MoonKeyEmulator.start()) {
      EmulatedSession session = emulator.createSession("user_1", "a@example.com");
      new Wire(emulator).delete("{\"session_id\":\"" + session.id() + "\"}");

      HttpResponse<String> page =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(emulator.baseUri().resolve("/_emulator/requests")).build(),
                  HttpResponse.BodyHandlers.ofString());

      assertEquals(200, page.statusCode());
      assertTrue(page.body().startsWith("[{\"method\":\"DELETE\","), page.body());
      assertTrue(page.body().contains("\"credential\":\"session_id#"), page.body());
      assertFalse(page.body().contains(session.id()), page.body());
    }
  }
}
