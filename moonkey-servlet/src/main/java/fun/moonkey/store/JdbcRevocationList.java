package fun.moonkey.store;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;
import java.util.function.LongConsumer;
import javax.sql.DataSource;

/**
 * The revocation list in the application's database, shared by every node: an append-only log
 * ({@value #LOG}) of revoked credentials' fingerprints, each at a position ({@code seq}) taken from
 * the project's row in {@value #HEAD}. A writer takes its positions by an {@code UPDATE} of that
 * row and inserts its rows in the same transaction; the row's lock makes the next writer wait for
 * the commit, so positions become visible in order and a reader that has read up to N never misses
 * a row at or below N. No node's clock is read or compared. Portable SQL, like the pending store's
 * table. Thread-safe.
 */
final class JdbcRevocationList {

  static final String LOG = Schema.REVOKED;
  static final String HEAD = Schema.REVOKED_HEAD;

  /**
   * The table of earlier releases, stamped with the writers' clocks: imported once, never written.
   */
  static final String BEFORE = "moonkey_revoked";

  private static final Logger LOGGER = System.getLogger(JdbcRevocationList.class.getName());

  private final SharedTable log;
  private final SharedTable head;
  private final String project;

  JdbcRevocationList(DataSource dataSource, String project) {
    this(new SharedTable(dataSource, LOG), new SharedTable(dataSource, HEAD), project);
  }

  private JdbcRevocationList(SharedTable log, SharedTable head, String project) {
    this.log = log;
    this.head = head;
    this.project = Objects.requireNonNull(project, "project");
  }

  /**
   * The project's second list in the same tables, under an id of its own: the users whose every
   * session a logout revoked ({@link OwnerRevocations}), written and read as pairs (the user, the
   * session kept).
   */
  JdbcRevocationList owners() {
    return new JdbcRevocationList(log, head, ProjectId.ownersOf(project));
  }

  /** Creates both tables when missing, and the project's head row; another node may race. */
  void createTableIfMissing() {
    log.createIfMissing();
    head.createIfMissing();
    try (Connection connection = head.connection()) {
      insertHead(connection);
    } catch (SQLException e) {
      throw head.failure("cannot create the project's head row", e);
    }
  }

  /**
   * Appends {@code count} fingerprints in one transaction, at consecutive positions.
   *
   * @return the position of the last one; the first is {@code last - count + 1}
   */
  long append(long[] fingerprints, int count) {
    try (Connection connection = log.connection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        long last = take(connection, count);
        try (PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO " + LOG + " (project, seq, fingerprint) VALUES (?, ?, ?)")) {
          insert.setQueryTimeout(SharedTable.QUERY_TIMEOUT_SECONDS);
          for (int i = 0; i < count; i++) {
            insert.setString(1, project);
            insert.setLong(2, last - count + 1 + i);
            insert.setLong(3, fingerprints[i]);
            insert.addBatch();
          }
          insert.executeBatch();
        }
        connection.commit();
        return last;
      } catch (SQLException | RuntimeException e) {
        rollback(connection);
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw log.failure("cannot record revoked sessions", e);
    }
  }

  /** Moves the project's head by {@code count} under the row's lock, held until the commit. */
  private long take(Connection connection, int count) throws SQLException {
    String move = "UPDATE " + HEAD + " SET seq = seq + ? WHERE project = ?";
    SharedTable.Parameters parameters =
        statement -> {
          statement.setLong(1, count);
          statement.setString(2, project);
        };
    if (SharedTable.update(connection, move, parameters) == 0) {
      // The head row is made at start-up; one deleted by hand is made again, in a transaction of
      // its own (a failed insert would end this one on some databases), then taken again.
      connection.rollback();
      connection.setAutoCommit(true);
      insertHead(connection);
      connection.setAutoCommit(false);
      if (SharedTable.update(connection, move, parameters) == 0) {
        throw new SQLException("the head row of " + HEAD + " cannot be made", "02000");
      }
    }
    long[] last = {0};
    SharedTable.query(
        connection,
        "SELECT seq FROM " + HEAD + " WHERE project = ?",
        1,
        statement -> statement.setString(1, project),
        row -> last[0] = row.getLong(1));
    return last[0];
  }

  private void insertHead(Connection connection) throws SQLException {
    try {
      // From the log's last position, not 0: a head row deleted by hand must not hand out
      // positions that readers have passed.
      SharedTable.update(
          connection,
          "INSERT INTO "
              + HEAD
              + " (project, seq) SELECT ?, COALESCE(MAX(seq), 0) FROM "
              + LOG
              + " WHERE project = ?",
          statement -> {
            statement.setString(1, project);
            statement.setString(2, project);
          });
    } catch (SQLException e) {
      if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
        throw e;
      }
      // There already: another node, or an earlier start, made it.
    }
  }

  private static void rollback(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      LOGGER.log(Level.DEBUG, "Rollback failed; the connection is closed next", e);
    }
  }

  /** What {@link #after} hands each row to. */
  @FunctionalInterface
  interface RowConsumer {
    void accept(long position, long fingerprint);
  }

  /**
   * Hands every fingerprint after {@code position} to {@code each}, in order, with its position.
   *
   * @return the last position read, or {@code position} when there was nothing new
   */
  long after(long position, RowConsumer each) {
    long[] last = {position};
    log.query(
        "cannot read the revoked sessions",
        "SELECT seq, fingerprint FROM " + LOG + " WHERE project = ? AND seq > ? ORDER BY seq",
        0,
        SharedTable.projectAnd(project, position),
        row -> {
          last[0] = row.getLong(1);
          each.accept(last[0], row.getLong(2));
        });
    return last[0];
  }

  /** Deletes the rows at or before {@code position}. */
  void pruneUpTo(long position) {
    log.update(
        "cannot prune the revoked sessions",
        "DELETE FROM " + LOG + " WHERE project = ? AND seq <= ?",
        SharedTable.projectAnd(project, position));
  }

  /**
   * Hands every fingerprint of the project in the previous release's table to {@code each}, so that
   * an upgrade forgets no revocation; does nothing when that table is not there.
   *
   * @return whether the table was there
   */
  boolean importBefore(LongConsumer each) {
    try (Connection connection = log.connection()) {
      SharedTable.query(
          connection,
          "SELECT fingerprint FROM " + BEFORE + " WHERE project = ?",
          0,
          statement -> statement.setString(1, project),
          row -> each.accept(row.getLong(1)));
      return true;
    } catch (SQLException e) {
      LOGGER.log(Level.DEBUG, "No revoked sessions of an earlier release to import ({0})", BEFORE);
      return false;
    }
  }
}
