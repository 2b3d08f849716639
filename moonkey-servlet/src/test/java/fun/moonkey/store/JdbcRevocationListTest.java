package fun.moonkey.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.testing.Await;
import fun.moonkey.testing.TestClock;
import fun.moonkey.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared revocation list on a real PostgreSQL, two nodes being two lists. */
class JdbcRevocationListTest {

  private static final Duration RETENTION = Duration.ofHours(12);

  private static TestPostgres postgres;
  private static DataSource dataSource;

  @BeforeAll
  static void startPostgres() throws Exception {
    assumeTrue(TestPostgres.available(), TestPostgres.unavailableReason());
    postgres = TestPostgres.start();
    dataSource = postgres.dataSource();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  private static RevokedSessions node(String project) {
    return node(dataSource, project, Duration.ofMillis(200), Clock.systemUTC());
  }

  private static RevokedSessions node(
      DataSource source, String project, Duration refresh, Clock clock) {
    return new RevokedSessions(new JdbcRevocationList(source, project), refresh, RETENTION, clock);
  }

  private static List<Credential> token(String value) {
    return List.of(new Credential(CredentialType.SESSION_TOKEN, value, "test"));
  }

  private static long count(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  @Test
  void whatOneNodeRecordsTheOtherEnforcesWithinARefreshAndAnotherProjectNever() throws Exception {
    try (RevokedSessions a = node("project_1");
        RevokedSessions b = node("project_1");
        RevokedSessions stranger = node("project_2")) {
      long print = RevokedSessions.fingerprint("tok_everywhere");
      assertFalse(b.isRevoked(print));

      a.record(token("tok_everywhere"));

      Await.until(Duration.ofSeconds(10), () -> b.isRevoked(print), () -> "node b learnt it");
      try (RevokedSessions late = node("project_1")) {
        Await.until(
            Duration.ofSeconds(10), () -> late.isRevoked(print), () -> "a node started later too");
      }
      assertFalse(stranger.isRevoked(print), "another MoonKey project's list is its own");
    }
  }

  @Test
  void aBurstOfAThousandLogoutsCostsAFewSyncsAndEveryRowIsReadOnce() throws Exception {
    CountingDataSource writer = new CountingDataSource(dataSource, JdbcRevocationList.LOG);
    CountingDataSource reader = new CountingDataSource(dataSource, JdbcRevocationList.LOG);
    try (RevokedSessions a = node(writer.dataSource(), "burst", Duration.ofMinutes(1), clock());
        RevokedSessions b =
            node(reader.dataSource(), "burst", Duration.ofMillis(100), Clock.systemUTC())) {
      a.awaitSyncs();
      long syncs = a.syncs();
      long statements = writer.statements();
      long readByA = writer.rowsRead();

      // The database is slow to answer while a thousand users log out, one by one.
      writer.hold();
      for (int i = 0; i < 1000; i++) {
        a.record(token("tok_burst_" + i));
      }
      writer.release();
      a.awaitSyncs();

      long last = RevokedSessions.fingerprint("tok_burst_999");
      Await.until(Duration.ofSeconds(20), () -> b.isRevoked(last), () -> "node b read the burst");
      b.awaitSyncs();
      for (int i = 0; i < 1000; i++) {
        assertTrue(b.isRevoked(RevokedSessions.fingerprint("tok_burst_" + i)), "tok_burst_" + i);
      }
      System.out.printf(
          "1,000 logouts: %d sync(s), %d statement(s), %d row(s) read back by the writer;"
              + " the other node read %d row(s)%n",
          a.syncs() - syncs,
          writer.statements() - statements,
          writer.rowsRead() - readByA,
          reader.rowsRead());
      assertTrue(a.syncs() - syncs <= 2, "syncs: " + (a.syncs() - syncs));
      // The sync that the first logout queued, and one more for the others: each one transaction
      // (the head's UPDATE and SELECT, one INSERT batch) and one read of each list (the
      // credentials, the users).
      assertTrue(
          writer.statements() - statements <= 10,
          "statements: " + (writer.statements() - statements));
      assertEquals(0, writer.rowsRead() - readByA, "the writer does not read its own rows back");
      assertEquals(1000, reader.rowsRead(), "the other node read each row once, over its syncs");
      assertEquals(1000, count("SELECT COUNT(*) FROM moonkey_revoked_log WHERE project = 'burst'"));
    }
  }

  private static TestClock clock() {
    return new TestClock(Instant.parse("2026-12-05T09:00:00Z"));
  }

  @Test
  void rowsAreDeletedTwiceTheRetentionAfterThisNodeReadThemAndTheRetentionFollowsSessions()
      throws Exception {
    TestClock clock = clock();
    String rows = "SELECT COUNT(*) FROM moonkey_revoked_log WHERE project = 'pruned'";
    try (RevokedSessions a = node(dataSource, "pruned", Duration.ofMinutes(1), clock)) {
      a.awaitSyncs();
      a.sessionSeen((int) Duration.ofDays(3).toSeconds());
      a.record(token("tok_old"));
      a.awaitSyncs();
      clock.advance(Duration.ofDays(1));
      a.refreshNow(); // a checkpoint: what this node had read a day after the first
      assertEquals(1, count(rows));

      clock.advance(RETENTION.multipliedBy(2));
      a.refreshNow();
      assertEquals(1, count(rows), "sessions live 3 days: kept longer than revoked-retention");

      clock.advance(Duration.ofDays(6));
      a.record(token("tok_new"));
      a.awaitSyncs();
      assertEquals(1, count(rows), "twice 3 days after it was read: deleted; the new row stays");
      assertTrue(a.isRevoked(RevokedSessions.fingerprint("tok_new")));
    }
  }

  @Test
  void aHeadRowDeletedByHandIsMadeAgainAfterTheLastPosition() throws Exception {
    try (RevokedSessions a = node("headless");
        RevokedSessions b = node("headless")) {
      a.record(token("tok_first"));
      Await.until(
          Duration.ofSeconds(10),
          () -> b.isRevoked(RevokedSessions.fingerprint("tok_first")),
          () -> "b read the first row");
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("DELETE FROM moonkey_revoked_head WHERE project = 'headless'");
      }
      a.record(token("tok_second"));
      Await.until(
          Duration.ofSeconds(10),
          () -> b.isRevoked(RevokedSessions.fingerprint("tok_second")),
          () -> "b read the row written after the head was lost");
    }
  }

  @Test
  void aDatabaseOfThePreviousReleaseKeepsWorkingAndItsRevocationsAreImported() throws Exception {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      // The table as the previous release made it, with one revocation of this project.
      statement.execute(
          "CREATE TABLE moonkey_revoked (project VARCHAR(16) NOT NULL, fingerprint BIGINT NOT NULL,"
              + " revoked_at BIGINT NOT NULL, PRIMARY KEY (project, fingerprint))");
      statement.execute(
          "INSERT INTO moonkey_revoked VALUES ('upgraded', "
              + RevokedSessions.fingerprint("tok_before_upgrade")
              + ", 1764000000000)");
    }
    try (RevokedSessions a = node("upgraded");
        RevokedSessions b = node("upgraded")) {
      Await.until(
          Duration.ofSeconds(10),
          () -> a.isRevoked(RevokedSessions.fingerprint("tok_before_upgrade")),
          () -> "imported from the previous release's table");
      a.record(token("tok_after_upgrade"));
      Await.until(
          Duration.ofSeconds(10),
          () -> b.isRevoked(RevokedSessions.fingerprint("tok_after_upgrade")),
          () -> "shared through the new table");
    } finally {
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("DROP TABLE moonkey_revoked");
      }
    }
  }

  @Test
  void everySessionOfAUserEndsOnTheOtherNodeAndTheWriterDoesNotApplyItsOwnRowTwice()
      throws Exception {
    try (RevokedSessions a = node("owners_1");
        RevokedSessions b = node("owners_1")) {
      long user = RevokedSessions.ownerFingerprint("user_1");
      long phone = RevokedSessions.fingerprint("tok_phone");
      long laptop = RevokedSessions.fingerprint("tok_laptop");
      long phoneLearnt = b.ownerEpoch();
      long laptopLearnt = b.ownerEpoch();
      // Another node's revocation is written first, so that node a reads its own row back.
      b.recordOwner("user_9", null);
      b.awaitSyncs();

      a.recordOwner("user_1", "tok_laptop");
      long learntAfterOnA = a.ownerEpoch();
      a.awaitSyncs();

      Await.until(
          Duration.ofSeconds(10),
          () -> b.endsOwner(user, phoneLearnt, phone, 0),
          () -> "node b ends the user's session");
      assertFalse(b.endsOwner(user, laptopLearnt, laptop, 0), "the session kept stays on b too");
      a.refreshNow();
      assertTrue(a.endsOwner(RevokedSessions.ownerFingerprint("user_9"), 0, 1, 0));
      assertFalse(
          a.endsOwner(user, learntAfterOnA, phone, 0),
          "read back, a's own row is not a new arrival: a session a learnt after it stays");
      assertEquals(
          4,
          count(
              "SELECT COUNT(*) FROM "
                  + JdbcRevocationList.LOG
                  + " WHERE project = '"
                  + ProjectId.ownersOf("owners_1")
                  + "'"),
          "two rows per revocation, under the list's own id");
    }
  }
}
