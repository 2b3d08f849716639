package fun.moonkey.revoked;

import fun.moonkey.store.SharedTable;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;
import javax.sql.DataSource;

/**
 * The revocation list in the application's database ({@value #TABLE}), shared by every node: one
 * row per revoked credential's fingerprint, with when a node wrote it. Portable SQL, like the
 * pending store's table. Thread-safe.
 */
final class JdbcRevocationList {

  static final String TABLE = "moonkey_revoked";

  static final List<String> DDL =
      List.of(
          "CREATE TABLE "
              + TABLE
              + " (project VARCHAR(16) NOT NULL, fingerprint BIGINT NOT NULL,"
              + " revoked_at BIGINT NOT NULL, PRIMARY KEY (project, fingerprint))",
          "CREATE INDEX " + TABLE + "_time ON " + TABLE + " (project, revoked_at)");

  private final SharedTable table;
  private final String project;

  JdbcRevocationList(DataSource dataSource, String project) {
    this.table = new SharedTable(dataSource, TABLE, DDL);
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
        select -> {
          select.setString(1, project);
          select.setLong(2, since);
        },
        row -> each.accept(row.getLong(1)));
  }

  /** Deletes what was written before {@code before}. */
  void prune(long before) {
    table.update(
        "cannot prune the revoked sessions",
        "DELETE FROM " + TABLE + " WHERE project = ? AND revoked_at < ?",
        delete -> {
          delete.setString(1, project);
          delete.setLong(2, before);
        });
  }
}
