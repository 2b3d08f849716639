package fun.moonkey.containers.matrix;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/** What the clusters tests read of the shared database, and the driver they hand a server. */
final class SharedDatabase {

  private SharedDatabase() {}

  /** The rows of the library's pending-revocations table. */
  static int pendingRows(DataSource dataSource) throws Exception {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM moonkey_pending")) {
      count.next();
      return count.getInt(1);
    }
  }

  /**
   * The rows of the pending-revocations table once they number {@code expected}, or as they are
   * when {@code timeout} has passed: a node moves what it queued to the table on a thread of its
   * own, just after the logout has answered.
   */
  static int awaitPendingRows(DataSource dataSource, int expected, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    int rows = pendingRows(dataSource);
    while (rows != expected && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
      rows = pendingRows(dataSource);
    }
    return rows;
  }

  /** The PostgreSQL JDBC driver's jar, as the build resolved it. */
  static Path driverJar() throws Exception {
    return Path.of(
        org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
