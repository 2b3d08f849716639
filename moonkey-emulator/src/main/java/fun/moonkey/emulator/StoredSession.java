package fun.moonkey.emulator;

import java.time.Instant;

/**
 * A session with what the MoonKey API reports about it.
 *
 * @param session the session
 * @param createdAt when it was created
 * @param expiresAt when MoonKey would let it expire (the emulator does not expire sessions)
 * @param lastActiveAt when it was last created or verified
 * @param userAgent the {@code User-Agent} of the client that signed in, or null when not known
 * @param ipAddress the IP address of the client that signed in, or null when not known
 */
record StoredSession(
    EmulatedSession session,
    Instant createdAt,
    Instant expiresAt,
    Instant lastActiveAt,
    String userAgent,
    String ipAddress) {

  StoredSession revoked() {
    return new StoredSession(
        session.revoked(), createdAt, expiresAt, lastActiveAt, userAgent, ipAddress);
  }

  StoredSession activeAt(Instant at) {
    return new StoredSession(session, createdAt, expiresAt, at, userAgent, ipAddress);
  }
}
