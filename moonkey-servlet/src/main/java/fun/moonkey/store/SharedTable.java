package fun.moonkey.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * One table the library keeps in the application's database (the shared pending revocations, the
 * revoked sessions): created when missing, and every statement run with a query timeout, its
 * connection given back, its failure one {@link UncheckedIOException} that names the table and the
 * SQL state (the drivers' messages quote SQL, never a value: only hashes and sealed values are
 * sent). Thread-safe.
 *
 * <p><b>Timeouts.</b> The connections come from the application's pool, whose connect, login and
 * wait timeouts are the application's to set (the library opens none itself). The wait for one is
 * bounded all the same ({@link #CONNECTION_WAIT}, {@link PoolWait}). A query timeout alone does not
 * bound a statement on a database that stopped answering: the driver's cancel request goes to the
 * same stalled server. So each connection the library takes has its socket reads bounded too
 * ({@link Connection#setNetworkTimeout}, {@link #NETWORK_TIMEOUT_MILLIS}, set back to the pool's
 * value when it is given back). Callers run all of this off the logout path besides.
 */
public final class SharedTable {

  /** Every statement's limit, in seconds: a database that hangs does not hold a thread longer. */
  public static final int QUERY_TIMEOUT_SECONDS = 5;

  /**
   * How long a read on a connection the library took may wait, in milliseconds: the query timeout
   * and two seconds, so that a statement's own timeout fires first where the server still answers.
   */
  public static final int NETWORK_TIMEOUT_MILLIS = QUERY_TIMEOUT_SECONDS * 1000 + 2000;

  /** How long the library waits for a connection from the application's pool. */
  public static final Duration CONNECTION_WAIT = Duration.ofSeconds(10);

  private static final Logger LOG = System.getLogger(SharedTable.class.getName());

  private final PoolWait pool;
  private final String name;
  private final List<String> ddl;

  /** Sets a statement's parameters. */
  @FunctionalInterface
  public interface Parameters {
    void set(PreparedStatement statement) throws SQLException;
  }

  /** Statements run on a connection, in a transaction of their own. */
  @FunctionalInterface
  public interface Work {
    void run() throws SQLException;
  }

  /** Reads one row of a result. */
  @FunctionalInterface
  public interface Row {
    void read(ResultSet row) throws SQLException;
  }

  /**
   * @param name the table's name, one of {@link Schema}'s
   */
  public SharedTable(DataSource dataSource, String name) {
    this(dataSource, name, CONNECTION_WAIT);
  }

  /**
   * @param connectionWait how long to wait for a connection from the pool
   */
  SharedTable(DataSource dataSource, String name, Duration connectionWait) {
    this.pool = new PoolWait(dataSource, connectionWait);
    this.name = Objects.requireNonNull(name, "name");
    this.ddl = Schema.ddl(name);
  }

  /** The table's name. */
  public String name() {
    return name;
  }

  /**
   * Creates the table when it is missing; another node may create it at the same time.
   *
   * @throws UncheckedIOException when it is neither there nor can be created
   */
  public void createIfMissing() {
    if (exists()) {
      return;
    }
    try (Connection connection = connection();
        Statement statement = connection.createStatement()) {
      for (String create : ddl) {
        statement.execute(create);
      }
      LOG.log(Level.INFO, "Created the table {0}", name);
    } catch (SQLException e) {
      if (!exists()) {
        throw failure("cannot create the table", e);
      }
    }
  }

  private boolean exists() {
    try (Connection connection = connection();
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      statement.executeQuery("SELECT * FROM " + name + " WHERE 1 = 0").close();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * Runs an {@code INSERT}, {@code UPDATE} or {@code DELETE}.
   *
   * @param what what it does, for the failure's message
   * @return the rows it changed
   */
  public int update(String what, String sql, Parameters parameters) {
    try (Connection connection = connection()) {
      return update(connection, sql, parameters);
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  /** {@link #update} on a connection the caller holds (several statements in a row). */
  public static int update(Connection connection, String sql, Parameters parameters)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      parameters.set(statement);
      return statement.executeUpdate();
    }
  }

  /**
   * Runs a {@code SELECT}, handing each row to {@code row}.
   *
   * @param maxRows the most rows to read, 0 for all
   */
  public void query(String what, String sql, int maxRows, Parameters parameters, Row row) {
    try (Connection connection = connection()) {
      query(connection, sql, maxRows, parameters, row);
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  /** {@link #query} on a connection the caller holds. */
  public static void query(
      Connection connection, String sql, int maxRows, Parameters parameters, Row row)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      statement.setMaxRows(maxRows);
      statement.setFetchSize(500);
      parameters.set(statement);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          row.read(rows);
        }
      }
    }
  }

  /** The parameters {@code project = ?} then a number: a project's rows before or after it. */
  public static Parameters projectAnd(String project, long value) {
    return statement -> {
      statement.setString(1, project);
      statement.setLong(2, value);
    };
  }

  /**
   * A connection from the pool within {@link #CONNECTION_WAIT}, for several statements in a row,
   * its reads bounded by {@link #NETWORK_TIMEOUT_MILLIS} until it is closed (given back with the
   * pool's own bound).
   */
  public Connection connection() throws SQLException {
    return BoundedConnection.of(pool.take(), NETWORK_TIMEOUT_MILLIS);
  }

  /** The threads waiting on the pool for this table now. */
  int waitingOnThePool() {
    return pool.waiting();
  }

  /**
   * Runs {@code work} on {@code connection} in one transaction: committed when it returns, rolled
   * back when it throws; the connection's auto-commit is set back after.
   */
  public static void inTransaction(Connection connection, Work work) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      work.run();
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /** The failure of a statement, naming the table, what it did and the SQL state. */
  public UncheckedIOException failure(String what, SQLException e) {
    return new UncheckedIOException(
        new IOException(
            name + ": " + what + " (" + e.getSQLState() + ": " + e.getMessage() + ")", e));
  }

  @Override
  public String toString() {
    return "SharedTable[" + name + "]";
  }
}
