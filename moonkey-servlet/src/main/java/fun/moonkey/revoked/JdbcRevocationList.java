package fun.moonkey.revoked;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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

  private static final int QUERY_TIMEOUT_SECONDS = 5;
  private static final Logger LOG = System.getLogger(JdbcRevocationList.class.getName());

  private final DataSource dataSource;
  private final String project;

  JdbcRevocationList(DataSource dataSource, String project) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.project = Objects.requireNonNull(project, "project");
  }

  void createTableIfMissing() {
    if (tableExists()) {
      return;
    }
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      for (String ddl : DDL) {
        statement.execute(ddl);
      }
      LOG.log(Level.INFO, "Created the table {0} for revoked sessions", TABLE);
    } catch (SQLException e) {
      if (!tableExists()) {
        throw failure("cannot create the table " + TABLE, e);
      }
    }
  }

  private boolean tableExists() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      statement.executeQuery("SELECT fingerprint FROM " + TABLE + " WHERE 1 = 0").close();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /** Records a fingerprint, stamped {@code at} (the writing node's clock); a repeat is no error. */
  void add(long fingerprint, long at) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO " + TABLE + " (project, fingerprint, revoked_at) VALUES (?, ?, ?)")) {
      insert.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      insert.setString(1, project);
      insert.setLong(2, fingerprint);
      insert.setLong(3, at);
      insert.executeUpdate();
    } catch (SQLException e) {
      if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
        return; // already there: another node, or an earlier try, recorded it
      }
      throw failure("cannot record a revoked session", e);
    }
  }

  /** Hands every fingerprint written at or after {@code since} to {@code each}. */
  void since(long since, LongConsumer each) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT fingerprint FROM " + TABLE + " WHERE project = ? AND revoked_at >= ?")) {
      select.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      select.setFetchSize(1000);
      select.setString(1, project);
      select.setLong(2, since);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          each.accept(rows.getLong(1));
        }
      }
    } catch (SQLException e) {
      throw failure("cannot read the revoked sessions", e);
    }
  }

  /** Deletes what was written before {@code before}. */
  void prune(long before) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete =
            connection.prepareStatement(
                "DELETE FROM " + TABLE + " WHERE project = ? AND revoked_at < ?")) {
      delete.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      delete.setString(1, project);
      delete.setLong(2, before);
      delete.executeUpdate();
    } catch (SQLException e) {
      throw failure("cannot prune the revoked sessions", e);
    }
  }

  private static UncheckedIOException failure(String what, SQLException e) {
    return new UncheckedIOException(
        new IOException(
            TABLE + ": " + what + " (" + e.getSQLState() + ": " + e.getMessage() + ")", e));
  }
}
