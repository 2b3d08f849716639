package fun.moonkey.revoked;

import fun.moonkey.store.Schema;
import fun.moonkey.store.SharedTable;
import java.sql.SQLException;
import java.util.Objects;
import java.util.function.LongConsumer;
import javax.sql.DataSource;

/**
 * The revocation list in the application's database ({@value #TABLE}), shared by every node: one
 * row per revoked credential's fingerprint, with when a node wrote it. Portable SQL, like the
 * pending store's table. Thread-safe.
 */
final class JdbcRevocationList {

  static final String TABLE = Schema.REVOKED;

  private final SharedTable table;
  private final String project;

  JdbcRevocationList(DataSource dataSource, String project) {
    this.table = new SharedTable(dataSource, TABLE);
    this.project = Objects.requireNonNull(project, "project");
  }

  void createTableIfMissing() {
    table.createIfMissing();
  }

  /** Records a fingerprint, stamped {@code at} (the writing node's clock); a repeat is no error. */
  void add(long fingerprint, long at) {
    try (var connection = table.connection()) {
      SharedTable.update(
          connection,
          "INSERT INTO " + TABLE + " (project, fingerprint, revoked_at) VALUES (?, ?, ?)",
          insert -> {
            insert.setString(1, project);
            insert.setLong(2, fingerprint);
            insert.setLong(3, at);
          });
    } catch (SQLException e) {
      if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
        return; // already there: another node, or an earlier try, recorded it
      }
      throw table.failure("cannot record a revoked session", e);
    }
  }

  /** Hands every fingerprint written at or after {@code since} to {@code each}. */
  void since(long since, LongConsumer each) {
    table.query(
        "cannot read the revoked sessions",
        "SELECT fingerprint FROM " + TABLE + " WHERE project = ? AND revoked_at >= ?",
        0,
        SharedTable.projectAnd(project, since),
        row -> each.accept(row.getLong(1)));
  }

  /** Deletes what was written before {@code before}. */
  void prune(long before) {
    table.update(
        "cannot prune the revoked sessions",
        "DELETE FROM " + TABLE + " WHERE project = ? AND revoked_at < ?",
        SharedTable.projectAnd(project, before));
  }
}
