package fun.moonkey.pending;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fun.moonkey.config.PendingStoreSetting;
import fun.moonkey.config.Reliability;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.revocation.Backoff;
import fun.moonkey.revocation.RevocationOutcome;
import fun.moonkey.testing.Await;
import fun.moonkey.testing.TestClock;
import fun.moonkey.testing.TestPostgres;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared pending store on a real PostgreSQL, several "nodes" being several stores. */
class JdbcPendingStoreTest {

  private static final String KEY = "sk_test_jdbc_pending_store";
  private static final String PROJECT =
      WorkDirectoryStore.project(URI.create("https://api.moonkey.fun"), KEY);
  private static final Instant T = Instant.parse("2026-12-02T06:00:00Z");

  private static TestPostgres postgres;
  private static DataSource dataSource;

  @TempDir Path work;

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
    node(Duration.ofSeconds(30)).createTableIfMissing();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("DELETE FROM " + JdbcPendingStore.TABLE);
    }
  }

  private static JdbcPendingStore node(Duration lease) {
    return node(lease, Clock.systemUTC());
  }

  private static JdbcPendingStore node(Duration lease, Clock clock) {
    return new JdbcPendingStore(dataSource, PROJECT, new Sealer(KEY), lease, clock);
  }

  private static Credential token(String value) {
    return new Credential(CredentialType.SESSION_TOKEN, value, "test");
  }

  private static Set<String> values(List<PendingRevocation> revocations) {
    Set<String> values = new HashSet<>();
    revocations.forEach(r -> values.add(r.credential().value()));
    return values;
  }

  private static int rows() throws Exception {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM moonkey_pending")) {
      count.next();
      return count.getInt(1);
    }
  }

  @Test
  void aRowIsTheQueuingNodesUntilItsLeaseRunsOutThenAnotherNodeTakesIt() {
    TestClock clock = new TestClock(T);
    JdbcPendingStore a = node(Duration.ofSeconds(1), clock);
    JdbcPendingStore b = node(Duration.ofSeconds(1), clock);
    a.add(token("tok_a1"), T);
    a.add(token("tok_a2"), T);

    assertEquals(List.of(), b.refresh(), "leased to a");
    clock.advance(Duration.ofMillis(999));
    assertEquals(List.of(), b.refresh(), "still leased to a");
    clock.advance(Duration.ofMillis(2));
    // a died: it renewed nothing. b takes both, with what a recorded.
    List<PendingRevocation> taken = b.refresh();
    assertEquals(Set.of("tok_a1", "tok_a2"), values(taken));
    assertEquals(T, taken.get(0).firstFailed());
    assertEquals(CredentialType.SESSION_TOKEN, taken.get(0).credential().type());
    assertEquals(List.of(), a.refresh(), "a, back, does not take them again: b renews them");
  }

  @Test
  void aRenewedLeaseKeepsTheRowWithItsNode() {
    TestClock clock = new TestClock(T);
    JdbcPendingStore a = node(Duration.ofMillis(600), clock);
    JdbcPendingStore b = node(Duration.ofMillis(600), clock);
    a.add(token("tok_kept"), T);
    for (int i = 0; i < 4; i++) {
      clock.advance(Duration.ofMillis(500));
      a.refresh();
      assertEquals(List.of(), b.refresh());
    }
    // Not renewed any more: the next node to look takes it.
    clock.advance(Duration.ofMillis(601));
    assertEquals(Set.of("tok_kept"), values(b.refresh()));
  }

  @Test
  void twoNodesClaimingAtOnceTakeEachRowOnce() throws Exception {
    JdbcPendingStore queued = node(Duration.ofSeconds(30));
    for (int i = 0; i < 200; i++) {
      queued.add(token("tok_" + i), T);
    }
    queued.close(); // released: free for any node at once
    JdbcPendingStore a = node(Duration.ofSeconds(30));
    JdbcPendingStore b = node(Duration.ofSeconds(30));
    CyclicBarrier start = new CyclicBarrier(2);
    CompletableFuture<List<PendingRevocation>> byA =
        CompletableFuture.supplyAsync(() -> awaitThen(start, a::pending));
    CompletableFuture<List<PendingRevocation>> byB =
        CompletableFuture.supplyAsync(() -> awaitThen(start, b::pending));

    Set<String> fromA = values(byA.get());
    Set<String> fromB = values(byB.get());

    Set<String> both = new HashSet<>(fromA);
    both.retainAll(fromB);
    assertEquals(Set.of(), both, "no row claimed twice");
    assertEquals(200, fromA.size() + fromB.size());
  }

  private static <T> T awaitThen(CyclicBarrier barrier, java.util.function.Supplier<T> then) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return then.get();
  }

  @Test
  void aDoneRowIsDeletedAndOnlyByItsNode() throws Exception {
    JdbcPendingStore a = node(Duration.ofSeconds(30));
    JdbcPendingStore b = node(Duration.ofSeconds(30));
    long id = a.add(token("tok_done"), T).id();
    b.done(id);
    assertEquals(1, rows(), "b does not own it");
    a.done(id);
    assertEquals(0, rows());
  }

  @Test
  void theTableHoldsTheCredentialSealedAndItsHashOnly() throws Exception {
    JdbcPendingStore a = node(Duration.ofSeconds(30));
    Credential secret = token("tok_a_real_looking_secret_value");
    a.add(secret, T);
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT * FROM moonkey_pending")) {
      assertTrue(row.next());
      ResultSetMetaData columns = row.getMetaData();
      for (int i = 1; i <= columns.getColumnCount(); i++) {
        String value = row.getString(i);
        assertFalse(value.contains("real_looking_secret"), columns.getColumnName(i) + ": " + value);
      }
      assertEquals(secret.hash(), row.getString("credential_hash"));
    }
    // Another MoonKey project (another key) never sees the row.
    JdbcPendingStore other =
        new JdbcPendingStore(
            dataSource,
            WorkDirectoryStore.project(URI.create("https://api.moonkey.fun"), "sk_test_other"),
            new Sealer("sk_test_other"),
            Duration.ofSeconds(30),
            Clock.systemUTC());
    a.close();
    assertEquals(List.of(), other.pending());
  }

  @Test
  void aSealedValueOpensOnlyWithItsKeyAndInItsRow() {
    Sealer sealer = new Sealer(KEY);
    String sealed = sealer.seal("tok_sealed", "p:1");
    assertEquals("tok_sealed", sealer.open(sealed, "p:1"));
    assertThrows(IllegalArgumentException.class, () -> sealer.open(sealed, "p:2"));
    assertThrows(IllegalArgumentException.class, () -> new Sealer("sk_test_x").open(sealed, "p:1"));
    assertFalse(sealed.equals(sealer.seal("tok_sealed", "p:1")), "a fresh nonce each time");
  }

  @Test
  void anOutageGoesToTheLocalStoreAndMovesToTheTableWhenTheDatabaseIsBack() throws Exception {
    JdbcPendingStore table = node(Duration.ofSeconds(30));
    PendingJournal local = WorkDirectoryStore.open(work, URI.create("https://x"), KEY);
    List<PendingRevocation> queued = new ArrayList<>();
    try (FallbackStore store = new FallbackStore(table, local, true)) {
      queued.add(store.add(token("tok_before"), T));
      postgres.stop();
      try {
        queued.add(store.add(token("tok_during"), T));
        assertEquals(List.of(), store.refresh(), "nothing to claim from a database that is down");
      } finally {
        postgres.restart();
      }
      assertEquals(1, rows(), "tok_during is not in the table yet");
      store.refresh();
      assertEquals(2, rows(), "tok_during moved to the table");
      assertEquals(List.of(), local.pending(), "and out of the local journal");

      store.done(queued.get(1).id()); // known to the retrier by its local id
      store.done(queued.get(0).id());
      assertEquals(0, rows());
    }
  }

  @Test
  void aRetrierDeliversTheRowsOfANodeThatDiedOnceEach() throws Exception {
    // The clock stands still once the dead node's leases have run out, so the survivor's own
    // leases never do, however slowly a loaded machine runs it: a second delivery would be a bug.
    TestClock clock = new TestClock(T);
    JdbcPendingStore dead = node(Duration.ofMillis(900), clock);
    for (int i = 0; i < 5; i++) {
      dead.add(token("tok_dead_" + i), T); // then never renewed, never released
    }
    clock.advance(Duration.ofSeconds(1));
    List<String> calls = new CopyOnWriteArrayList<>();
    Reliability settings =
        new Reliability(
            3,
            Duration.ofMillis(10),
            Duration.ofMillis(50),
            Duration.ofHours(1),
            100,
            new PendingStoreSetting.Jdbc("test"),
            4,
            5,
            Duration.ofSeconds(1),
            Duration.ZERO);
    RevocationRetrier survivor =
        new RevocationRetrier(
            settings,
            credential -> {
              calls.add(credential.value());
              return CompletableFuture.completedFuture(new RevocationOutcome.Revoked(200));
            },
            new Backoff(settings.backoffInitial(), settings.backoffMax(), () -> 0.5),
            clock,
            new FallbackStore(node(Duration.ofMillis(900), clock), new MemoryStore(), false));
    try {
      Await.until(
          Duration.ofSeconds(30),
          () -> {
            try {
              return rows() == 0;
            } catch (Exception e) {
              return false;
            }
          },
          () -> "the survivor delivered the dead node's rows; MoonKey got " + calls);
      assertEquals(5, calls.size(), calls.toString());
      assertEquals(5, new HashSet<>(calls).size(), "each once");
      assertEquals(5, survivor.delivered());
    } finally {
      survivor.close();
    }
  }
}
