package fun.moonkey.store;

import fun.moonkey.credential.Credential;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * Pending revocations in a table of the application's database ({@value #TABLE}), shared by every
 * node of a cluster, so that any node delivers what any node queued. Every method blocks on the
 * database: callers run it off the logout path (see {@link FallbackStore}).
 *
 * <p><b>Leases.</b> Each row names the node that holds it ({@code lease_owner}, a random id per
 * start) and a lease value ({@code lease_until}) that the node raises at every {@link #refresh}.
 * Another node takes a node's rows over when it has seen that node's highest lease value stay the
 * same for {@link #lease} by its own clock (the node stopped renewing: it died or lost the
 * database), or at once when the node released them ({@code 0}, a clean stop). Only durations on
 * one node's clock are compared, never two nodes' clocks, so clocks that disagree by minutes move
 * no row early. The take-over is one conditional {@code UPDATE} per dead node ({@code WHERE
 * lease_owner = ? AND lease_until <= <the value seen>}): atomic, so two nodes never take the same
 * row, and a node that renewed in between keeps its rows.
 *
 * <p><b>Nothing stranded.</b> At every refresh the rows the table says this node owns are compared
 * with those it holds (handed out by {@link #add}, {@link #addAll} or a refresh, not yet {@link
 * #done}); a row owned but not held (its claim committed, then the read failed) is read and handed
 * out again.
 *
 * <p>Delivery is at least once: a node that dies after MoonKey revoked and before the {@code
 * DELETE} leaves a row that another node sends again (MoonKey answers 404, which counts as
 * revoked). Credentials are stored sealed ({@link Sealer}), with their hash beside them for the
 * logs; the {@code project} column (a hash of MoonKey's URL and secret key) keeps each MoonKey
 * project's rows to its own clients. One portable dialect ({@link Schema}). Thread-safe; no I/O
 * under its lock.
 */
final class JdbcPendingStore implements PendingStore {

  /** The table's name. */
  static final String TABLE = Schema.PENDING;

  /** The most rows one statement names by id (an {@code IN} list). */
  static final int CHUNK = 100;

  private static final Logger LOG = System.getLogger(JdbcPendingStore.class.getName());
  private static final String COLUMNS =
      "id, credential_type, credential_hash, sealed, first_failed";

  private final SharedTable table;
  private final String project;
  private final Sealer sealer;
  private final Duration lease;
  private final Clock clock;
  private final String owner = UUID.randomUUID().toString();

  /** Ids handed out and not yet done: the rows this node delivers. */
  private final Set<Long> held = new HashSet<>();

  /**
   * Other nodes' highest lease value, and when (this clock) it was first seen at that value, by
   * project and node ({@code "<project> <lease_owner>"}).
   */
  private final Map<String, Seen> others = new HashMap<>();

  private final PreviousKey previous;

  private long lastLease;

  /** Whether the rows of other keys were looked at, for the one warning of a start. */
  private boolean otherKeysLookedAt;

  /** A refresh failed since the last look at the other nodes: they may have renewed unseen. */
  private boolean blind;

  private record Seen(long value, long since) {}

  /**
   * The rows a MoonKey project left under its previous secret key ({@code previous-secret-key}):
   * their project id and the previous key's sealer.
   */
  record PreviousKey(String project, Sealer sealer) {

    /** Checks for nulls. */
    PreviousKey {
      Objects.requireNonNull(project, "project");
      Objects.requireNonNull(sealer, "sealer");
    }
  }

  JdbcPendingStore(
      DataSource dataSource, String project, Sealer sealer, Duration lease, Clock clock) {
    this(dataSource, project, sealer, lease, clock, null);
  }

  /**
   * @param previous the previous secret key's rows, adopted before every claim; null where the key
   *     was not rotated (a start then warns once of rows of another key that wait, see {@link
   *     RotationWarning})
   */
  JdbcPendingStore(
      DataSource dataSource,
      String project,
      Sealer sealer,
      Duration lease,
      Clock clock,
      PreviousKey previous) {
    this.previous = previous;
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

  /**
   * One cheap statement, to learn whether the database answers.
   *
   * @throws UncheckedIOException when it does not
   */
  void probe() {
    table.query(
        "cannot reach the database",
        "SELECT id FROM " + TABLE + " WHERE 1 = 0",
        1,
        select -> {},
        row -> {});
  }

  /** This node's owner id in {@code lease_owner}. */
  String owner() {
    return owner;
  }

  /** The rows this node holds now, by id (for tests and the logs). */
  synchronized Set<Long> held() {
    return Set.copyOf(held);
  }

  /** At start-up: what the table holds that no running node delivers (see {@link #refresh}). */
  @Override
  public List<PendingRevocation> pending() {
    return refresh();
  }

  @Override
  public PendingRevocation add(Credential credential, Reach reach, Instant firstFailed) {
    PendingRevocation revocation = new PendingRevocation(newId(), credential, reach, firstFailed);
    addAll(List.of(revocation));
    return revocation;
  }

  /** A fresh row id: above 2^62, never the id of a local journal's entry (see FallbackStore). */
  static long newId() {
    return ThreadLocalRandom.current().nextLong(1L << 62, Long.MAX_VALUE);
  }

  /**
   * Inserts revocations with the ids they carry (from {@link #newId}), in one transaction: all or
   * none. A row that is already there (an earlier attempt committed, then its answer was lost) is
   * not inserted twice.
   *
   * @throws UncheckedIOException when they cannot be inserted
   */
  void addAll(List<PendingRevocation> revocations) {
    if (revocations.isEmpty()) {
      return;
    }
    long until = nextLease();
    try (Connection connection = table.connection()) {
      try {
        insert(connection, revocations, until);
      } catch (SQLException e) {
        if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
          throw e;
        }
        // An integrity violation: some are in already. Each alone, skipping those.
        for (PendingRevocation revocation : revocations) {
          try {
            insert(connection, List.of(revocation), until);
          } catch (SQLException one) {
            if (one.getSQLState() == null || !one.getSQLState().startsWith("23")) {
              throw one;
            }
          }
        }
      }
    } catch (SQLException e) {
      throw table.failure("cannot record " + revocations.size() + " pending revocation(s)", e);
    }
    synchronized (this) {
      revocations.forEach(revocation -> held.add(revocation.id()));
    }
  }

  private void insert(Connection connection, List<PendingRevocation> revocations, long until)
      throws SQLException {
    SharedTable.inTransaction(
        connection,
        () -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO "
                      + TABLE
                      + " (id, project, credential_type, credential_hash, sealed, first_failed,"
                      + " lease_owner, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setQueryTimeout(SharedTable.QUERY_TIMEOUT_SECONDS);
            for (PendingRevocation revocation : revocations) {
              Credential credential = revocation.credential();
              insert.setLong(1, revocation.id());
              insert.setString(2, project);
              insert.setString(3, revocation.field());
              insert.setString(4, credential.hash());
              insert.setString(5, sealer.seal(credential.value(), row(revocation.id())));
              insert.setLong(6, revocation.firstFailed().toEpochMilli());
              insert.setString(7, owner);
              insert.setLong(8, until);
              insert.addBatch();
            }
            insert.executeBatch();
          }
        });
  }

  /** Deletes the row; where that fails, the row stays held, for a later {@link #doneAll}. */
  @Override
  public void done(long id) {
    doneAll(List.of(id));
  }

  /**
   * Deletes this node's rows by id, a chunk a statement; a row another node took meanwhile is left
   * to it. Each deleted id is held no more.
   *
   * @throws UncheckedIOException when they cannot be deleted
   */
  void doneAll(List<Long> ids) {
    for (int from = 0; from < ids.size(); from += CHUNK) {
      List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
      table.update(
          "cannot delete " + chunk.size() + " done revocation(s)",
          "DELETE FROM " + TABLE + " WHERE lease_owner = ? AND id IN (" + marks(chunk) + ")",
          delete -> {
            delete.setString(1, owner);
            for (int i = 0; i < chunk.size(); i++) {
              delete.setLong(i + 2, chunk.get(i));
            }
          });
      synchronized (this) {
        chunk.forEach(held::remove);
      }
    }
  }

  @Override
  public Duration refreshEvery() {
    return lease.dividedBy(3);
  }

  /**
   * Renews this node's rows, takes over those of nodes that stopped renewing, and takes up again
   * the rows it owns and does not hold.
   *
   * @return the rows newly held, to deliver now
   * @throws UncheckedIOException when the database fails; what was claimed before the failure is
   *     taken up by the next refresh
   */
  @Override
  public List<PendingRevocation> refresh() {
    try {
      return renewAndClaim();
    } catch (UncheckedIOException e) {
      missedRefresh();
      throw e;
    }
  }

  /** A refresh could not reach the database: the next look at other nodes' leases starts anew. */
  synchronized void missedRefresh() {
    blind = true;
  }

  private List<PendingRevocation> renewAndClaim() {
    adoptOrWarn();
    table.update(
        "cannot renew this node's leases",
        "UPDATE " + TABLE + " SET lease_until = ? WHERE project = ? AND lease_owner = ?",
        renew -> {
          renew.setLong(1, nextLease());
          renew.setString(2, project);
          renew.setString(3, owner);
        });
    for (Map.Entry<String, Long> stopped : stoppedOwners().entrySet()) {
      int taken =
          table.update(
              "cannot take over pending revocations",
              "UPDATE "
                  + TABLE
                  + " SET lease_owner = ?, lease_until = ? WHERE project = ? AND lease_owner = ?"
                  + " AND lease_until <= ?",
              take -> {
                take.setString(1, owner);
                take.setLong(2, nextLease());
                take.setString(3, project);
                take.setString(4, stopped.getKey());
                take.setLong(5, stopped.getValue());
              });
      if (taken > 0) {
        LOG.log(Level.DEBUG, "Took over {0} pending revocation(s) of a node that stopped", taken);
      }
    }
    return takeUp();
  }

  /**
   * The other nodes whose rows may be taken now, with the highest lease value seen: released
   * ({@code 0}), or unchanged for a whole lease by this clock.
   */
  private Map<String, Long> stoppedOwners() {
    return stoppedOwners(project);
  }

  /** {@link #stoppedOwners()} among the rows of {@code ofProject}. */
  private Map<String, Long> stoppedOwners(String ofProject) {
    Map<String, Long> highest = new HashMap<>();
    table.query(
        "cannot read the other nodes' leases",
        "SELECT lease_owner, MAX(lease_until) FROM "
            + TABLE
            + " WHERE project = ? AND lease_owner <> ? GROUP BY lease_owner",
        0,
        select -> {
          select.setString(1, ofProject);
          select.setString(2, owner);
        },
        row -> highest.put(ofProject + " " + row.getString(1), row.getLong(2)));
    long now = clock.millis();
    Map<String, Long> stopped = new HashMap<>();
    synchronized (this) {
      // After a failed refresh this node saw no renewal for a while, which says nothing of the
      // other nodes (they could not reach the database either): their leases count from now.
      boolean reset = blind;
      if (ofProject.equals(project)) {
        blind = false;
      }
      others.keySet().removeIf(key -> key.startsWith(ofProject + " ") && !highest.containsKey(key));
      for (Map.Entry<String, Long> node : highest.entrySet()) {
        Seen seen = others.get(node.getKey());
        if (seen == null || seen.value() != node.getValue() || reset) {
          seen = new Seen(node.getValue(), now);
          others.put(node.getKey(), seen);
        }
        if (seen.value() <= 0 || now - seen.since() >= lease.toMillis()) {
          stopped.put(node.getKey().substring(ofProject.length() + 1), seen.value());
        }
      }
    }
    return stopped;
  }

  /** Reads the rows the table says this node owns and it does not hold, and holds them. */
  private List<PendingRevocation> takeUp() {
    List<Long> owned = new ArrayList<>();
    table.query(
        "cannot read this node's pending revocations",
        "SELECT id FROM " + TABLE + " WHERE project = ? AND lease_owner = ?",
        0,
        select -> {
          select.setString(1, project);
          select.setString(2, owner);
        },
        row -> owned.add(row.getLong(1)));
    synchronized (this) {
      owned.removeIf(held::contains);
    }
    List<PendingRevocation> taken = new ArrayList<>();
    List<Long> damaged = new ArrayList<>();
    for (int from = 0; from < owned.size(); from += CHUNK) {
      List<Long> chunk = owned.subList(from, Math.min(owned.size(), from + CHUNK));
      table.query(
          "cannot read pending revocations",
          "SELECT "
              + COLUMNS
              + " FROM "
              + TABLE
              + " WHERE lease_owner = ? AND id IN ("
              + marks(chunk)
              + ")",
          0,
          select -> {
            select.setString(1, owner);
            for (int i = 0; i < chunk.size(); i++) {
              select.setLong(i + 2, chunk.get(i));
            }
          },
          row -> {
            Optional<PendingRevocation> revocation = opened(row);
            if (revocation.isPresent()) {
              taken.add(revocation.get());
            } else {
              // Its project hash says it is ours, yet it does not open: never deliverable.
              LOG.log(
                  Level.ERROR,
                  "Pending revocation of {0} in {1} is damaged and cannot be delivered; deleted",
                  row.getString(3),
                  TABLE);
              damaged.add(row.getLong(1));
            }
          });
    }
    synchronized (this) {
      taken.forEach(revocation -> held.add(revocation.id()));
    }
    if (!damaged.isEmpty()) {
      doneAll(damaged);
    }
    return taken;
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

  private Optional<PendingRevocation> opened(ResultSet row) throws SQLException {
    long id = row.getLong(1);
    Reach.Kind kind = Reach.parse(row.getString(2));
    String value;
    try {
      value = sealer.open(row.getString(4), row(id));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (kind == null || !Credential.isAcceptable(value)) {
      return Optional.empty();
    }
    return Optional.of(
        new PendingRevocation(
            id,
            new Credential(kind.type(), value, "pending-store"),
            kind.reach(),
            Instant.ofEpochMilli(row.getLong(5))));
  }

  /**
   * Takes over the rows this MoonKey project left under its previous secret key ({@code
   * previous-secret-key}): each row of {@code previousProject} whose node released it or stopped
   * renewing it (by the rule of {@link #refresh}) is opened with {@code previousSealer}, sealed
   * anew with this store's key and moved to this project, held by this node, by one conditional
   * {@code UPDATE} (of two nodes adopting at once, one moves it). The next {@link #refresh} hands
   * it out. A row that does not open stays where it is.
   *
   * @return how many rows moved
   * @throws UncheckedIOException when the table cannot be reached
   */
  int adopt(String previousProject, Sealer previousSealer) {
    Map<String, Long> stopped = stoppedOwners(previousProject);
    if (stopped.isEmpty()) {
      return 0;
    }
    int moved = 0;
    try (Connection connection = table.connection()) {
      for (Map.Entry<String, Long> node : stopped.entrySet()) {
        Map<Long, String> free = new LinkedHashMap<>();
        SharedTable.query(
            connection,
            "SELECT id, sealed FROM "
                + TABLE
                + " WHERE project = ? AND lease_owner = ? AND lease_until <= ?",
            0,
            select -> {
              select.setString(1, previousProject);
              select.setString(2, node.getKey());
              select.setLong(3, node.getValue());
            },
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
                      + " SET project = ?, sealed = ?, lease_owner = ?, lease_until = ? WHERE id = ?"
                      + " AND project = ? AND lease_owner = ? AND lease_until <= ?",
                  update -> {
                    update.setString(1, project);
                    update.setString(2, sealer.seal(value, row(id)));
                    update.setString(3, owner);
                    update.setLong(4, nextLease());
                    update.setLong(5, id);
                    update.setString(6, previousProject);
                    update.setString(7, node.getKey());
                    update.setLong(8, node.getValue());
                  });
        }
      }
    } catch (SQLException e) {
      throw table.failure("cannot take over the previous secret key's pending revocations", e);
    }
    return moved;
  }

  /**
   * With a previous key, moves its rows to this project ({@link #adopt}); without, warns once per
   * start of rows of another key that no node delivers.
   */
  private void adoptOrWarn() {
    if (previous != null) {
      int moved = adopt(previous.project(), previous.sealer());
      if (moved > 0) {
        LOG.log(
            Level.INFO,
            "{0} pending revocation(s) queued under the previous secret key taken over from {1}",
            moved,
            TABLE);
      }
      return;
    }
    synchronized (this) {
      if (otherKeysLookedAt) {
        return;
      }
      otherKeysLookedAt = true;
    }
    RotationWarning.log(freeRowsOfOtherProjects(project), TABLE);
  }

  /**
   * How many rows of other MoonKey projects (neither this one nor {@code alsoMine}) their nodes
   * released at a stop: for the start-up's warning about revocations queued under another secret
   * key.
   *
   * @throws UncheckedIOException when the table cannot be reached
   */
  int freeRowsOfOtherProjects(String alsoMine) {
    int[] count = new int[1];
    table.query(
        "cannot count other projects' pending revocations",
        "SELECT COUNT(*) FROM "
            + TABLE
            + " WHERE project <> ? AND project <> ? AND lease_until <= 0",
        1,
        select -> {
          select.setString(1, project);
          select.setString(2, alsoMine);
        },
        row -> count[0] = row.getInt(1));
    return count[0];
  }

  /**
   * The lease value of this node's next write: a lease from now, and always above the last one, so
   * that another node sees every renewal as a change even where this clock stands still or steps
   * back.
   */
  private synchronized long nextLease() {
    lastLease = Math.max(clock.millis() + lease.toMillis(), lastLease + 1);
    return lastLease;
  }

  private static String marks(List<Long> ids) {
    return String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
  }

  private String row(long id) {
    return project + ":" + id;
  }

  @Override
  public String toString() {
    return "JdbcPendingStore[" + TABLE + ", project " + project + ", lease " + lease + "]";
  }
}
