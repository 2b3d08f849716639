package fun.moonkey.store;

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
import fun.moonkey.testing.FaultyDataSource;
import fun.moonkey.testing.TestClock;
import fun.moonkey.testing.TestPostgres;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
  void anAddWritesTheLocalStoreOnlyAndTheNextRefreshMovesItToTheTable() throws Exception {
    JdbcPendingStore table = node(Duration.ofSeconds(30));
    PendingJournal local = WorkDirectoryStore.open(work, URI.create("https://x"), KEY);
    try (FallbackStore store = new FallbackStore(table, local, true)) {
      PendingRevocation queued = store.add(token("tok_ahead"), T);
      assertEquals(0, rows(), "no database on the add");
      assertEquals(1, local.pending().size(), "written ahead to the journal");

      store.refresh();
      assertEquals(1, rows(), "moved");
      assertEquals(List.of(), local.pending(), "and out of the local journal");
      assertEquals(Set.of(), values(store.refresh()), "held by this node: not handed out again");

      store.done(queued.id()); // known to the retrier by its local id
      assertEquals(1, rows(), "no database on done either");
      store.refresh();
      assertEquals(0, rows());
    }
  }

  @Test
  void anOutageKeepsWhatIsQueuedLocalAndMovesItWhenTheDatabaseIsBack() throws Exception {
    JdbcPendingStore table = node(Duration.ofSeconds(30));
    PendingJournal local = WorkDirectoryStore.open(work, URI.create("https://x"), KEY);
    List<PendingRevocation> queued = new ArrayList<>();
    try (FallbackStore store = new FallbackStore(table, local, true)) {
      queued.add(store.add(token("tok_before"), T));
      store.refresh();
      postgres.stop();
      try {
        queued.add(store.add(token("tok_during"), T));
        assertEquals(List.of(), store.refresh(), "nothing to claim from a database that is down");
        store.done(queued.get(0).id()); // delivered meanwhile: its row waits for the database
      } finally {
        postgres.restart();
      }
      assertEquals(1, rows(), "tok_during is not in the table yet, tok_before still is");
      store.refresh();
      assertEquals(1, rows(), "tok_during moved to the table, tok_before's row deleted");
      assertEquals(List.of(), local.pending(), "and out of the local journal");

      store.done(queued.get(1).id());
      store.refresh();
      assertEquals(0, rows());
    }
  }

  @Test
  void aRowClaimedButNotReadIsTakenUpAtTheNextRefresh() throws Exception {
    JdbcPendingStore queued = node(Duration.ofSeconds(30));
    for (int i = 0; i < 3; i++) {
      queued.add(token("tok_stranded_" + i), T);
    }
    queued.close(); // released: b claims them at its first look
    FaultyDataSource faulty = new FaultyDataSource(dataSource);
    JdbcPendingStore b =
        new JdbcPendingStore(
            faulty, PROJECT, new Sealer(KEY), Duration.ofSeconds(30), new TestClock(T));
    // The claim commits; reading what it claimed fails.
    faulty.onStatement(
        sql -> sql.startsWith("SELECT id FROM"),
        sql -> {
          throw new SQLException("connection lost", "08006");
        });
    assertThrows(UncheckedIOException.class, b::refresh);
    assertEquals(3, ownedBy(b.owner()), "claimed in the table");

    faulty.clear();
    assertEquals(Set.of("tok_stranded_0", "tok_stranded_1", "tok_stranded_2"), values(b.refresh()));
    assertEquals(Set.of(), values(b.refresh()), "once");
  }

  @ParameterizedTest(name = "the other node''s clock {0} minutes off")
  @ValueSource(ints = {2, -2})
  void clocksMinutesApartMoveNoRowEarlyNorLate(int minutes) {
    TestClock clockA = new TestClock(T);
    TestClock clockB = new TestClock(T.plus(Duration.ofMinutes(minutes)));
    JdbcPendingStore a = node(Duration.ofSeconds(30), clockA);
    JdbcPendingStore b = node(Duration.ofSeconds(30), clockB);
    a.add(token("tok_skew_1"), T);
    a.add(token("tok_skew_2"), T);
    for (int round = 0; round < 12; round++) {
      clockA.advance(Duration.ofSeconds(10));
      clockB.advance(Duration.ofSeconds(10));
      assertEquals(List.of(), a.refresh());
      assertEquals(List.of(), b.refresh(), "a renews: b takes nothing, round " + round);
    }
    // a dies: b takes its rows a lease after it last saw them change, by b's clock.
    for (int round = 0; round < 2; round++) {
      clockB.advance(Duration.ofSeconds(10));
      assertEquals(List.of(), b.refresh(), "within the lease, round " + round);
    }
    clockB.advance(Duration.ofSeconds(10));
    assertEquals(Set.of("tok_skew_1", "tok_skew_2"), values(b.refresh()));
  }

  @Test
  void aRenewalIsSeenEvenWhenTheOwnersClockStandsStill() {
    TestClock still = new TestClock(T);
    TestClock clockB = new TestClock(T);
    JdbcPendingStore a = node(Duration.ofSeconds(30), still);
    JdbcPendingStore b = node(Duration.ofSeconds(30), clockB);
    a.add(token("tok_still"), T);
    for (int round = 0; round < 6; round++) {
      clockB.advance(Duration.ofSeconds(10));
      a.refresh();
      assertEquals(List.of(), b.refresh(), "round " + round);
    }
  }

  private static int ownedBy(String owner) throws Exception {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet count =
            statement.executeQuery(
                "SELECT COUNT(*) FROM moonkey_pending WHERE lease_owner = '" + owner + "'")) {
      count.next();
      return count.getInt(1);
    }
  }

  @Test
  void aRetrierDeliversTheRowsOfANodeThatDiedOnceEach() throws Exception {
    TestClock clock = new TestClock(T);
    JdbcPendingStore dead = node(Duration.ofSeconds(30), clock);
    for (int i = 0; i < 5; i++) {
      dead.add(token("tok_dead_" + i), T); // then never renewed, never released
    }
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
    // A 300 ms lease on the survivor's clock: it refreshes every 100 ms of real time, and the test
    // moves its clock by 100 ms at each look, so the dead node's rows go to it after a few looks.
    JdbcPendingStore survivorTable = node(Duration.ofMillis(300), clock);
    RevocationRetrier survivor =
        new RevocationRetrier(
            settings,
            credential -> {
              calls.add(credential.value());
              return CompletableFuture.completedFuture(new RevocationOutcome.Revoked(200));
            },
            new Backoff(settings.backoffInitial(), settings.backoffMax(), () -> 0.5),
            clock,
            new FallbackStore(survivorTable, new MemoryStore(), false));
    try {
      Await.until(
          Duration.ofSeconds(30),
          () -> {
            clock.advance(Duration.ofMillis(100));
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
