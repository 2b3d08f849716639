package fun.moonkey.revoked;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The node-local revocation list: what it holds, and for how long. */
class RevokedSessionsTest {

  private final AtomicLong now =
      new AtomicLong(Instant.parse("2026-12-02T06:00:00Z").toEpochMilli());
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(now.get());
        }
      };

  private static Credential token(String value) {
    return new Credential(CredentialType.SESSION_TOKEN, value, "test");
  }

  @Test
  void aRecordedCredentialIsRevokedAndOthersAreNot() {
    RevokedSessions revoked = new RevokedSessions(null, Duration.ofSeconds(1), clock);
    revoked.record(List.of(token("tok_gone")));
    assertTrue(revoked.isRevoked(RevokedSessions.fingerprint("tok_gone")));
    assertFalse(revoked.isRevoked(RevokedSessions.fingerprint("tok_alive")));
    assertFalse(revoked.isRevoked(0), "0 is no fingerprint");
  }

  @Test
  void aRevocationIsKeptForTheRetentionAtLeastAndDroppedAfterTwice() {
    RevokedSessions revoked = new RevokedSessions(null, Duration.ofSeconds(1), clock);
    long gone = RevokedSessions.fingerprint("tok_gone");
    revoked.record(List.of(token("tok_gone")));
    now.addAndGet(RevokedSessions.RETENTION.toMillis());
    revoked.record(List.of(token("tok_later"))); // a new generation
    assertTrue(revoked.isRevoked(gone), "kept for the retention");
    now.addAndGet(RevokedSessions.RETENTION.toMillis());
    revoked.record(List.of(token("tok_latest")));
    assertFalse(revoked.isRevoked(gone), "dropped with its generation");
    assertTrue(revoked.isRevoked(RevokedSessions.fingerprint("tok_later")));
  }
}
