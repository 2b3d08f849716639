package fun.moonkey.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The node-local revocation list: what it holds, and for how long. */
class RevokedSessionsTest {

  private static final Duration RETENTION = Duration.ofHours(12);

  private final TestClock clock = new TestClock(Instant.parse("2026-12-02T06:00:00Z"));

  private static Credential token(String value) {
    return new Credential(CredentialType.SESSION_TOKEN, value, "test");
  }

  @Test
  void aRecordedCredentialIsRevokedAndOthersAreNot() {
    RevokedSessions revoked = new RevokedSessions(null, Duration.ofSeconds(1), RETENTION, clock);
    revoked.record(List.of(token("tok_gone")));
    assertTrue(revoked.isRevoked(RevokedSessions.fingerprint("tok_gone")));
    assertFalse(revoked.isRevoked(RevokedSessions.fingerprint("tok_alive")));
    assertFalse(revoked.isRevoked(0), "0 is no fingerprint");
  }

  @Test
  void aRevocationIsKeptForTheRetentionAtLeastAndDroppedAfterTwice() {
    RevokedSessions revoked = new RevokedSessions(null, Duration.ofSeconds(1), RETENTION, clock);
    long gone = RevokedSessions.fingerprint("tok_gone");
    revoked.record(List.of(token("tok_gone")));
    clock.advance(RETENTION);
    revoked.record(List.of(token("tok_later"))); // a new generation
    assertTrue(revoked.isRevoked(gone), "kept for the retention");
    clock.advance(RETENTION);
    revoked.record(List.of(token("tok_latest")));
    assertFalse(revoked.isRevoked(gone), "dropped with its generation");
    assertTrue(revoked.isRevoked(RevokedSessions.fingerprint("tok_later")));
  }

  @Test
  void aRevocationIsKeptAsLongAsTheLongestSessionSeenLives() {
    RevokedSessions revoked = new RevokedSessions(null, Duration.ofSeconds(1), RETENTION, clock);
    revoked.sessionSeen((int) Duration.ofHours(1).toSeconds());
    assertEquals(RETENTION, revoked.retention(), "revoked-retention is the least");
    revoked.sessionSeen((int) Duration.ofDays(3).toSeconds());
    revoked.sessionSeen((int) Duration.ofHours(2).toSeconds());
    assertEquals(Duration.ofDays(3), revoked.retention(), "the longest session seen");

    long gone = RevokedSessions.fingerprint("tok_gone");
    revoked.record(List.of(token("tok_gone")));
    clock.advance(RETENTION.multipliedBy(3));
    revoked.record(List.of(token("tok_later")));
    assertTrue(revoked.isRevoked(gone), "kept past three times revoked-retention");
    clock.advance(Duration.ofDays(3));
    revoked.record(List.of(token("tok_later_still"))); // a new generation
    clock.advance(Duration.ofDays(3));
    revoked.record(List.of(token("tok_latest")));
    assertFalse(revoked.isRevoked(gone), "dropped twice the longest session later");
  }

  @Test
  void aSessionThatNeverExpiresKeepsRevocationsTheLongest() {
    RevokedSessions revoked = new RevokedSessions(null, Duration.ofSeconds(1), RETENTION, clock);
    revoked.sessionSeen(-1);
    assertEquals(Duration.ofHours(720), revoked.retention());
  }

  /** A session of {@code user} whose user this node learns now, holding {@code token}. */
  private record Session(long owner, long learntAt, long token) {
    static Session of(RevokedSessions list, String user, String token) {
      return new Session(
          RevokedSessions.ownerFingerprint(user),
          list.ownerEpoch(),
          RevokedSessions.fingerprint(token));
    }

    boolean endedBy(RevokedSessions list) {
      return list.endsOwner(owner, learntAt, token, 0);
    }
  }

  @Test
  void everySessionOfAUserEndsTheOnesKnownBeforeAndNotALaterSignIn() {
    RevokedSessions revoked = new RevokedSessions(null, Duration.ofSeconds(1), RETENTION, clock);
    Session laptop = Session.of(revoked, "user_1", "tok_laptop");
    Session phone = Session.of(revoked, "user_1", "tok_phone");
    Session someoneElse = Session.of(revoked, "user_2", "tok_other");
    assertFalse(laptop.endedBy(revoked));

    revoked.recordOwner("user_1", null);

    assertTrue(laptop.endedBy(revoked));
    assertTrue(phone.endedBy(revoked));
    assertFalse(someoneElse.endedBy(revoked), "another user");
    assertFalse(Session.of(revoked, "user_1", "tok_new").endedBy(revoked), "signed in after");
    assertFalse(revoked.endsOwner(0, 0, 1, 0), "a session whose user is unknown");
  }

  @Test
  void othersKeepsTheSessionOfTheCredentialGivenByTokenOrById() {
    RevokedSessions revoked = new RevokedSessions(null, Duration.ofSeconds(1), RETENTION, clock);
    Session laptop = Session.of(revoked, "user_1", "tok_laptop");
    Session phone = Session.of(revoked, "user_1", "tok_phone");
    long owner = RevokedSessions.ownerFingerprint("user_1");
    long learnt = revoked.ownerEpoch();

    revoked.recordOwner("user_1", "tok_laptop");

    assertFalse(laptop.endedBy(revoked), "the session that asked stays");
    assertTrue(phone.endedBy(revoked));
    revoked.recordOwner("user_1", "sess_laptop");
    assertFalse(
        revoked.endsOwner(owner, learnt, 0, RevokedSessions.fingerprint("sess_laptop")),
        "kept by its id");
    assertTrue(laptop.endedBy(revoked), "the latest revocation of the user applies");
  }

  @Test
  void aRevocationOfAUserAgesOutWithTheCredentials() {
    RevokedSessions revoked = new RevokedSessions(null, Duration.ofSeconds(1), RETENTION, clock);
    Session laptop = Session.of(revoked, "user_1", "tok_laptop");
    revoked.recordOwner("user_1", null);
    clock.advance(RETENTION);
    revoked.record(List.of(token("tok_later"))); // a new generation
    assertTrue(laptop.endedBy(revoked), "kept for the retention");
    clock.advance(RETENTION);
    revoked.record(List.of(token("tok_latest")));
    assertFalse(laptop.endedBy(revoked), "dropped with its generation");
  }
}
