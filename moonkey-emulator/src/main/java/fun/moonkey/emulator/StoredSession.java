package fun.moonkey.emulator;

import java.time.Instant;

/**
 * A session with the times the MoonKey API reports for it.
 *
 * @param session the session
 * @param createdAt when it was created
 * @param expiresAt when MoonKey would let it expire (the emulator does not expire sessions)
 */
record StoredSession(EmulatedSession session, Instant createdAt, Instant expiresAt) {

  StoredSession revoked() {
    return new StoredSession(session.revoked(), createdAt, expiresAt);
  }
}
