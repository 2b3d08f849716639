package fun.moonkey.containers.matrix;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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

  /** The PostgreSQL JDBC driver's jar, as the build resolved it. */
  static Path driverJar() throws Exception {
    return Path.of(
        org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
