package fun.moonkey.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.RecordedRequest;
import fun.moonkey.revocation.SessionRevoker;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** What the MoonKey emulator received: the check that a revocation was really delivered. */
final class Deliveries {

  private Deliveries() {}

  /** The session tokens of every DELETE the emulator received. */
  static Set<Object> tokensDeleted(MoonKeyEmulator moonKey) {
    return moonKey.requests(SessionRevoker.DELETE_PATH).stream()
        .map(RecordedRequest::jsonBody)
        .map(body -> body.get("session_token"))
        .collect(Collectors.toSet());
  }

  /** Every session's token reached the emulator in a DELETE, and the session is revoked there. */
  static void assertDelivered(MoonKeyEmulator moonKey, List<EmulatedSession> sessions) {
    Set<Object> deleted = tokensDeleted(moonKey);
    for (EmulatedSession session : sessions) {
      assertTrue(deleted.contains(session.token()), session.id() + " never reached MoonKey");
      assertFalse(moonKey.isActive(session.id()), session.id() + " is still active at MoonKey");
    }
  }
}
