package fun.moonkey.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.testing.TestPostgres;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared table across a key rotation, on a real PostgreSQL: {@link JdbcPendingStore#adopt}. */
class JdbcKeyRotationTest {

  private static final URI MOONKEY = URI.create("https://api.moonkey.fun");
  private static final String OLD_KEY = "sk_test_rotation_old";
  private static final String NEW_KEY = "sk_test_rotation_new";
  private static final Instant T = Instant.parse("2026-12-04T08:00:00Z");

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

  @BeforeEach
  void emptyTable() throws Exception {
    node(NEW_KEY).createTableIfMissing();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("DELETE FROM " + JdbcPendingStore.TABLE);
    }
  }

  private static JdbcPendingStore node(String key) {
    return new JdbcPendingStore(
        dataSource,
        ProjectId.of(MOONKEY, key),
        new Sealer(key),
        Duration.ofSeconds(30),
        Clock.systemUTC());
  }

  private static Credential token(String value) {
    return new Credential(CredentialType.SESSION_TOKEN, value, "test");
  }

  private static List<String> values(List<PendingRevocation> revocations) {
    List<String> values = new ArrayList<>();
    revocations.forEach(r -> values.add(r.credential().value()));
    return values;
  }

  private static List<String> column(String name) throws Exception {
    List<String> values = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT " + name + " FROM " + JdbcPendingStore.TABLE + " ORDER BY first_failed")) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }

  @Test
  void theNewKeyTakesOverTheOldKeysFreeRowsSealedAnew() throws Exception {
    JdbcPendingStore old = node(OLD_KEY);
    old.add(token("tok_old_a"), T);
    old.add(token("tok_old_b"), T.plusSeconds(1));
    old.close(); // its leases released: free for any node

    JdbcPendingStore rotated = node(NEW_KEY);
    assertEquals(List.of(), rotated.pending(), "not its project's rows yet");
    assertEquals(2, rotated.freeRowsOfOtherProjects(ProjectId.of(MOONKEY, NEW_KEY)));
    assertEquals(2, rotated.adopt(ProjectId.of(MOONKEY, OLD_KEY), new Sealer(OLD_KEY)));
    assertEquals(0, rotated.freeRowsOfOtherProjects(ProjectId.of(MOONKEY, NEW_KEY)));

    assertEquals(List.of("tok_old_a", "tok_old_b"), values(rotated.pending()));
    assertEquals(
        List.of(ProjectId.of(MOONKEY, NEW_KEY), ProjectId.of(MOONKEY, NEW_KEY)), column("project"));
    for (String sealed : column("sealed")) {
      for (String form : CredentialTraces.forms("tok_old_a")) {
        assertFalse(sealed.contains(form), sealed);
      }
    }
    assertEquals(List.of(), node(OLD_KEY).pending(), "gone from the old project");
  }

  @Test
  void aRowThatANodeOfTheOldKeyStillHoldsIsLeftToItUntilItReleasesIt() {
    JdbcPendingStore old = node(OLD_KEY);
    old.add(token("tok_held"), T);
    JdbcPendingStore rotated = node(NEW_KEY);
    assertEquals(0, rotated.adopt(ProjectId.of(MOONKEY, OLD_KEY), new Sealer(OLD_KEY)));
    assertEquals(List.of(), rotated.pending());

    old.close();
    assertEquals(1, rotated.adopt(ProjectId.of(MOONKEY, OLD_KEY), new Sealer(OLD_KEY)));
    assertEquals(List.of("tok_held"), values(rotated.pending()));
  }

  @Test
  void aRowThatDoesNotOpenWithThePreviousKeyStaysWhereItIs() throws Exception {
    JdbcPendingStore old = node(OLD_KEY);
    old.add(token("tok_other_key"), T);
    old.close();
    JdbcPendingStore rotated = node(NEW_KEY);
    assertEquals(
        0, rotated.adopt(ProjectId.of(MOONKEY, OLD_KEY), new Sealer("sk_test_not_that_one")));
    assertEquals(List.of(ProjectId.of(MOONKEY, OLD_KEY)), column("project"));
    assertEquals(List.of("tok_other_key"), values(node(OLD_KEY).pending()));
  }
}
