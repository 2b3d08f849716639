package fun.moonkey.store;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.testing.Await;
import fun.moonkey.testing.TestClock;
import fun.moonkey.testing.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes whose clocks are two minutes apart share one revocation list on a real PostgreSQL: what
 * either records, the other enforces, because read positions come from the database and not from
 * the writers' clocks.
 */
class SkewedClocksFaultTest {

  private static final Instant NOW = Instant.parse("2026-12-05T09:00:00Z");

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

  private static RevokedSessions node(TestClock clock) {
    JdbcRevocationList list = new JdbcRevocationList(dataSource, "skewed");
    list.createTableIfMissing();
    return new RevokedSessions(list, Duration.ofMillis(100), Duration.ofHours(12), clock);
  }

  private static List<Credential> token(String value) {
    return List.of(new Credential(CredentialType.SESSION_TOKEN, value, "test"));
  }

  @Test
  void aRevocationWrittenByEitherNodeIsSeenByTheOtherWhateverTheirClocksSay() throws Exception {
    TestClock behind = new TestClock(NOW);
    TestClock ahead = new TestClock(NOW.plus(Duration.ofMinutes(2)));
    try (RevokedSessions slow = node(behind);
        RevokedSessions fast = node(ahead)) {
      // Both nodes have read the table once: each has a read position.
      long warmUp = RevokedSessions.fingerprint("tok_warm_up");
      slow.record(token("tok_warm_up"));
      Await.until(Duration.ofSeconds(20), () -> fast.isRevoked(warmUp), () -> "warm-up seen");

      long fromBehind = RevokedSessions.fingerprint("tok_from_behind");
      slow.record(token("tok_from_behind"));
      long fromAhead = RevokedSessions.fingerprint("tok_from_ahead");
      fast.record(token("tok_from_ahead"));

      Await.until(
          Duration.ofSeconds(20),
          () -> fast.isRevoked(fromBehind),
          () -> "the node 2 minutes ahead sees what the node behind wrote");
      Await.until(
          Duration.ofSeconds(20),
          () -> slow.isRevoked(fromAhead),
          () -> "the node behind sees what the node ahead wrote");
      assertTrue(slow.isRevoked(fromBehind) && fast.isRevoked(fromAhead), "and each its own");
    }
  }
}
