package fun.moonkey.pending;

import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.store.Schema;
import fun.moonkey.store.SharedTable;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * Pending revocations in a table of the application's database ({@value #TABLE}), shared by every
 * node of a cluster, so that any node delivers what any node queued.
 *
 * <p>Each row is leased: the node that queued it holds it for {@link #lease} and renews the lease
 * at every {@link #refresh}; a row whose lease has run out (its node died, or stopped and released
 * it) is claimed by the first node to set itself as the owner with one conditional {@code UPDATE},
 * so two nodes never deliver a row at the same time. A delivered row is deleted. Delivery is at
 * least once: a node that dies after MoonKey revoked and before the {@code DELETE} leaves a row
 * that another node sends again (MoonKey answers 404, which counts as revoked).
 *
 * <p>Credentials are stored sealed ({@link Sealer}), with their hash beside them for the logs; the
 * {@code project} column (a hash of MoonKey's URL and secret key) keeps each MoonKey project's rows
 * to its own clients. One portable dialect: {@code BIGINT}, {@code VARCHAR}, no vendor syntax;
 * {@link Schema} has the statements. Thread-safe.
 */
final class JdbcPendingStore implements PendingStore {

  /** The table's name. */
  static final String TABLE = Schema.PENDING;

  /** The most rows one claim takes. */
  static final int CLAIM_BATCH = 500;

  private static final Logger LOG = System.getLogger(JdbcPendingStore.class.getName());

  private final SharedTable table;
  private final String project;
  private final Sealer sealer;
  private final Duration lease;
  private final Clock clock;
  private final String owner = UUID.randomUUID().toString();

  JdbcPendingStore(
      DataSource dataSource, String project, Sealer sealer, Duration lease, Clock clock) {
    this.table = new SharedTable(dataSource, TABLE);
    this.project = Objects.requireNonNull(project, "project");
    this.sealer = Objects.requireNonNull(sealer, "sealer");
    this.lease = Objects.requireNonNull(lease, "lease");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Creates the table when it is missing (another node may create it at the same time).
   *
   * @throws UncheckedIOException when the table is neither there nor can be created
   */
  void createTableIfMissing() {
    table.createIfMissing();
  }

  /** This node's owner id in {@code lease_owner}. */
  String owner() {
    return owner;
  }

  @Override
  public List<PendingRevocation> pending() {
    return claimFree();
  }

  @Override
  public PendingRevocation add(Credential credential, Instant firstFailed) {
    // Above 2^62: never the id of a local journal's entry (see FallbackStore).
    long id = ThreadLocalRandom.current().nextLong(1L << 62, Long.MAX_VALUE);
    table.update(
        "cannot record the revocation of " + credential.hash(),
        "INSERT INTO "
            + TABLE
            + " (id, project, credential_type, credential_hash, sealed, first_failed,"
            + " lease_owner, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        insert -> {
          insert.setLong(1, id);
          insert.setString(2, project);
          insert.setString(3, credential.type().field());
          insert.setString(4, credential.hash());
          insert.setString(5, sealer.seal(credential.value(), row(id)));
          insert.setLong(6, firstFailed.toEpochMilli());
          insert.setString(7, owner);
          insert.setLong(8, leaseEnd());
        });
    return new PendingRevocation(id, credential, firstFailed);
  }

  /** Deletes the row; where that fails, its lease runs out and a node sends it again. */
  @Override
  public void done(long id) {
    table.update(
        "cannot delete the done revocation " + id,
        "DELETE FROM " + TABLE + " WHERE id = ? AND lease_owner = ?",
        delete -> {
          delete.setLong(1, id);
          delete.setString(2, owner);
        });
  }

  @Override
  public Duration refreshEvery() {
    return lease.dividedBy(3);
  }

  @Override
  public List<PendingRevocation> refresh() {
    table.update(
        "cannot renew this node's leases",
        "UPDATE " + TABLE + " SET lease_until = ? WHERE project = ? AND lease_owner = ?",
        renew -> {
          renew.setLong(1, leaseEnd());
          renew.setString(2, project);
          renew.setString(3, owner);
        });
    return claimFree();
  }

  /** Gives up this node's leases, so that another node takes what remains at once. */
  @Override
  public void close() {
    try {
      int released =
          table.update(
              "cannot release this node's leases",
              "UPDATE " + TABLE + " SET lease_until = 0 WHERE project = ? AND lease_owner = ?",
              release -> {
                release.setString(1, project);
                release.setString(2, owner);
              });
      if (released > 0) {
        LOG.log(
            Level.INFO,
            "{0} pending revocation(s) left in {1} for another node or the next start",
            released,
            TABLE);
      }
    } catch (UncheckedIOException e) {
      LOG.log(
          Level.WARNING,
          "Cannot release this node''s pending revocations; another node takes them when their"
              + " lease runs out: {0}",
          e.getCause().getMessage());
    }
  }

  /** Claims, one conditional update each, rows whose lease has run out. */
  private List<PendingRevocation> claimFree() {
    long now = clock.millis();
    List<PendingRevocation> claimed = new ArrayList<>();
    try (Connection connection = table.connection()) {
      List<Long> free = new ArrayList<>();
      SharedTable.query(
          connection,
          "SELECT id FROM " + TABLE + " WHERE project = ? AND lease_until < ?",
          CLAIM_BATCH,
          select -> {
            select.setString(1, project);
            select.setLong(2, now);
          },
          row -> free.add(row.getLong(1)));
      for (long id : free) {
        claim(connection, id, now).ifPresent(claimed::add);
      }
    } catch (SQLException e) {
      throw table.failure("cannot claim pending revocations", e);
    }
    return claimed;
  }

  private Optional<PendingRevocation> claim(Connection connection, long id, long now)
      throws SQLException {
    int taken =
        SharedTable.update(
            connection,
            "UPDATE "
                + TABLE
                + " SET lease_owner = ?, lease_until = ? WHERE id = ? AND lease_until < ?",
            take -> {
              take.setString(1, owner);
              take.setLong(2, leaseEnd());
              take.setLong(3, id);
              take.setLong(4, now);
            });
    if (taken != 1) {
      return Optional.empty(); // another node was first
    }
    List<PendingRevocation> read = new ArrayList<>(1);
    List<String> damaged = new ArrayList<>(1);
    SharedTable.query(
        connection,
        "SELECT credential_type, credential_hash, sealed, first_failed FROM "
            + TABLE
            + " WHERE id = ?",
        1,
        select -> select.setLong(1, id),
        row -> {
          Optional<PendingRevocation> revocation = opened(id, row);
          if (revocation.isPresent()) {
            read.add(revocation.get());
          } else {
            damaged.add(row.getString(2));
          }
        });
    if (!damaged.isEmpty()) {
      // Its project hash says it is ours, yet it does not open: it can never be delivered.
      LOG.log(
          Level.ERROR,
          "Pending revocation of {0} in {1} is damaged and cannot be delivered; deleted",
          damaged.get(0),
          TABLE);
      done(id);
    }
    return read.stream().findFirst();
  }

  private Optional<PendingRevocation> opened(long id, ResultSet row) throws SQLException {
    CredentialType type = PendingJournal.type(row.getString(1));
    String value;
    try {
      value = sealer.open(row.getString(3), row(id));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (type == null || !Credential.isAcceptable(value)) {
      return Optional.empty();
    }
    return Optional.of(
        new PendingRevocation(
            id,
            new Credential(type, value, "pending-store"),
            Instant.ofEpochMilli(row.getLong(4))));
  }

  /**
   * Takes over the rows this MoonKey project left under its previous secret key ({@code
   * previous-secret-key}): each row of {@code previousProject} that no node holds is opened with
   * {@code previousSealer}, sealed anew with this store's key and moved to this project, free to
   * claim, by one conditional {@code UPDATE} (of two nodes adopting at once, one moves it). A row
   * that does not open stays where it is.
   *
   * @return how many rows moved
   * @throws UncheckedIOException when the table cannot be reached
   */
  int adopt(String previousProject, Sealer previousSealer) {
    long now = clock.millis();
    int moved = 0;
    try (Connection connection = table.connection()) {
      Map<Long, String> free = new LinkedHashMap<>();
      SharedTable.query(
          connection,
          "SELECT id, sealed FROM " + TABLE + " WHERE project = ? AND lease_until < ?",
          CLAIM_BATCH,
          SharedTable.projectAnd(previousProject, now),
          row -> free.put(row.getLong(1), row.getString(2)));
      for (Map.Entry<Long, String> row : free.entrySet()) {
        long id = row.getKey();
        String value;
        try {
          value = previousSealer.open(row.getValue(), previousProject + ":" + id);
        } catch (IllegalArgumentException e) {
          continue; // not the previous key's: left alone
        }
        moved +=
            SharedTable.update(
                connection,
                "UPDATE "
                    + TABLE
                    + " SET project = ?, sealed = ? WHERE id = ? AND project = ? AND lease_until < ?",
                update -> {
                  update.setString(1, project);
                  update.setString(2, sealer.seal(value, row(id)));
                  update.setLong(3, id);
                  update.setString(4, previousProject);
                  update.setLong(5, now);
                });
      }
    } catch (SQLException e) {
      throw table.failure("cannot take over the previous secret key's pending revocations", e);
    }
    return moved;
  }

  /**
   * How many rows of other MoonKey projects (neither this one nor {@code alsoMine}) no node holds:
   * for the start-up's warning about revocations queued under another secret key.
   *
   * @throws UncheckedIOException when the table cannot be reached
   */
  int freeRowsOfOtherProjects(String alsoMine) {
    long now = clock.millis();
    int[] count = new int[1];
    table.query(
        "cannot count other projects' pending revocations",
        "SELECT COUNT(*) FROM "
            + TABLE
            + " WHERE project <> ? AND project <> ? AND lease_until < ?",
        1,
        select -> {
          select.setString(1, project);
          select.setString(2, alsoMine);
          select.setLong(3, now);
        },
        row -> count[0] = row.getInt(1));
    return count[0];
  }

  private long leaseEnd() {
    return clock.millis() + lease.toMillis();
  }

  private String row(long id) {
    return project + ":" + id;
  }

  @Override
  public String toString() {
    return "JdbcPendingStore[" + TABLE + ", project " + project + ", lease " + lease + "]";
  }
}
