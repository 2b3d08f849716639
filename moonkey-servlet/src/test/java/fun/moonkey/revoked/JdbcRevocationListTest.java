package fun.moonkey.revoked;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.testing.Await;
import fun.moonkey.testing.TestPostgres;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared revocation list on a real PostgreSQL, two nodes being two lists. */
class JdbcRevocationListTest {

  private static TestPostgres postgres;
  private static DataSource dataSource;

  @BeforeAll
  static void startPostgres() throws Exception {
    assumeTrue(TestPostgres.available(), TestPostgres.unavailableReason());
    postgres = TestPostgres.start();
    dataSource = postgres.dataSource();
    new JdbcRevocationList(dataSource, "p").createTableIfMissing();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  private static RevokedSessions node(String project) {
    return new RevokedSessions(
        new JdbcRevocationList(dataSource, project), Duration.ofMillis(200), Clock.systemUTC());
  }

  @Test
  void whatOneNodeRecordsTheOtherEnforcesWithinARefreshAndAnotherProjectNever() throws Exception {
    try (RevokedSessions a = node("project_1");
        RevokedSessions b = node("project_1");
        RevokedSessions stranger = node("project_2")) {
      long print = RevokedSessions.fingerprint("tok_everywhere");
      assertFalse(b.isRevoked(print));

      a.record(List.of(new Credential(CredentialType.SESSION_TOKEN, "tok_everywhere", "test")));

      Await.until(Duration.ofSeconds(5), () -> b.isRevoked(print), () -> "node b learnt it");
      try (RevokedSessions late = node("project_1")) {
        Await.until(
            Duration.ofSeconds(5), () -> late.isRevoked(print), () -> "a node started later too");
      }
      assertFalse(stranger.isRevoked(print), "another MoonKey project's list is its own");
    }
  }
}
