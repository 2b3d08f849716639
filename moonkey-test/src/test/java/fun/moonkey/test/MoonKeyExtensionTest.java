package fun.moonkey.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The kit as a user's test sees it: what the code under test is pointed at, and the asserts. */
class MoonKeyExtensionTest {

  @RegisterExtension static MoonKeyExtension moonKey = MoonKeyExtension.create();

  /** What an application would send at logout, read from the settings the kit gave it. */
  private static int revoke(String token) throws Exception {
    URI api = URI.create(System.getProperty("moonkey.api-url"));
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(api.resolve(MoonKeyExtension.DELETE_PATH))
                .method(
                    "DELETE",
                    HttpRequest.BodyPublishers.ofString("{\"session_token\":\"" + token + "\"}"))
                .header("Authorization", "Bearer " + System.getProperty("moonkey.secret-key"))
                .header("Content-Type", "application/json")
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void theCodeUnderTestIsPointedAtTheEmulatorAndItsRevocationIsSeen(MoonKeyEmulator emulator)
      throws Exception {
    assertEquals(emulator.baseUri().toString(), System.getProperty("moonkey.api-url"));
    EmulatedSession session = moonKey.createSession("a@example.com");
    moonKey.assertActive(session);

    assertEquals(200, revoke(session.token()));

    moonKey.assertRevoked(session);
    assertEquals(1, moonKey.revocations().size());
  }

  @Test
  void assertRevokedFailsWhenNothingWasRevoked() {
    EmulatedSession session = moonKey.createSession("b@example.com");
    AssertionError failure =
        assertThrows(AssertionError.class, () -> moonKey.assertRevoked(session));
    assertEquals(
        "MoonKey received no revocation of "
            + session.id()
            + "; it received [] ==> expected:"
            + " <true> but was: <false>",
        failure.getMessage());
  }

  @Test
  void scriptedAnswersComeFirstThenMoonKeysOwn() throws Exception {
    EmulatedSession session = moonKey.createSession("c@example.com");
    moonKey.answerNext(Reply.status(503), Reply.status(429).withHeader("Retry-After", "1"));

    assertEquals(503, revoke(session.token()));
    assertEquals(429, revoke(session.token()));
    moonKey.assertActive(session);
    assertEquals(200, revoke(session.token()));
    moonKey.assertRevoked(session);
  }

  @Test
  void eachTestStartsWithNoRecordedRequest() {
    // Whatever another test of this class sent, the kit reset it after that test.
    assertEquals(0, moonKey.revocations().size());
  }
}
