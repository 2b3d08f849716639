package fun.moonkey.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.testing.Await;
import fun.moonkey.testing.TestPostgres;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared revocation list while its database is down: logouts are recorded without waiting, each
 * node enforces its own at once, and what they recorded reaches the other nodes when the database
 * is back.
 */
class RevokedListOutageFaultTest {

  private TestPostgres postgres;

  @BeforeEach
  void startPostgres() throws Exception {
    assumeTrue(TestPostgres.available(), TestPostgres.unavailableReason());
    postgres = TestPostgres.start();
  }

  @AfterEach
  void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  private RevokedSessions node() {
    return new RevokedSessions(
        new JdbcRevocationList(postgres.dataSource(), "outage"),
        Duration.ofMillis(100),
        Duration.ofHours(12),
        Clock.systemUTC());
  }

  private static List<Credential> token(String value) {
    return List.of(new Credential(CredentialType.SESSION_TOKEN, value, "test"));
  }

  @Test
  void whatNodesRecordWhileTheDatabaseIsDownReachesTheOthersWhenItIsBack() throws Exception {
    try (RevokedSessions a = node();
        RevokedSessions b = node()) {
      a.awaitSyncs();
      b.awaitSyncs();
      postgres.stop();

      a.record(token("tok_during_outage_a"));
      b.record(token("tok_during_outage_b"));
      long fromA = RevokedSessions.fingerprint("tok_during_outage_a");
      long fromB = RevokedSessions.fingerprint("tok_during_outage_b");
      assertTrue(a.isRevoked(fromA) && b.isRevoked(fromB), "each node enforces its own at once");
      a.awaitSyncs();
      b.awaitSyncs();
      assertFalse(b.isRevoked(fromA), "not through a database that is down");

      postgres.restart();

      Await.until(Duration.ofSeconds(30), () -> b.isRevoked(fromA), () -> "b learnt a's");
      Await.until(Duration.ofSeconds(30), () -> a.isRevoked(fromB), () -> "a learnt b's");
    }
  }
}
