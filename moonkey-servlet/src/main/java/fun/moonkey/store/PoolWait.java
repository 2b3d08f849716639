package fun.moonkey.store;

import fun.moonkey.revocation.NamedThreads;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Takes connections from the application's pool with a bound on the wait. {@code
 * DataSource.getConnection()} has none of its own that the library can set: a pool without a wait
 * timeout, or a driver opening a connection to a database that accepts the socket and never answers
 * (stopped, or frozen mid-handshake), holds the caller for good. So the call runs on a thread of
 * this class ({@code moonkey-pool-…}, ended after two idle seconds) while the caller waits at most
 * the bound; a connection handed out after the caller gave up is closed at once, which gives it
 * back.
 *
 * <p>While a call that outlived its bound is still waiting, the next ones fail at once instead of
 * leaving another thread behind: one stuck thread at most per table, however long the database
 * stays away. Thread-safe.
 */
final class PoolWait {

  private static final Logger LOG = System.getLogger(PoolWait.class.getName());
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final DataSource dataSource;
  private final Duration bound;
  private final ThreadPoolExecutor takers;
  private final AtomicInteger overdue = new AtomicInteger();

  /**
   * @param bound how long a caller waits for a connection
   */
  PoolWait(DataSource dataSource, Duration bound) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.bound = Objects.requireNonNull(bound, "bound");
    this.takers =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            2,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            NamedThreads.numbered("moonkey-pool-" + INSTANCES.incrementAndGet() + "-"));
  }

  /**
   * A connection from the pool, within the bound.
   *
   * @throws SQLTimeoutException when the pool did not hand one out within the bound
   * @throws SQLTransientConnectionException when an earlier call's wait is still outstanding
   * @throws SQLException the pool's own failure
   */
  Connection take() throws SQLException {
    if (overdue.get() > 0) {
      throw new SQLTransientConnectionException(
          "the pool has not handed out the connection asked for "
              + bound.toMillis()
              + " ms or more ago; not asking again until it does",
          "08001");
    }
    CompletableFuture<Connection> taken = new CompletableFuture<>();
    takers.execute(() -> takeFor(taken));
    try {
      return taken.get(bound.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      overdue.incrementAndGet();
      if (taken.completeExceptionally(e)) {
        throw new SQLTimeoutException(
            "no connection from the pool within " + bound.toMillis() + " ms", "08001", e);
      }
      // Handed out just now.
      overdue.decrementAndGet();
      return result(taken);
    } catch (ExecutionException e) {
      throw unwrapped(e);
    }
  }

  /** On a taker: asks the pool, and gives back what comes after the caller left. */
  private void takeFor(CompletableFuture<Connection> taken) {
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException | RuntimeException e) {
      if (!taken.completeExceptionally(e)) {
        overdue.decrementAndGet();
      }
      return;
    }
    if (!taken.complete(connection)) {
      overdue.decrementAndGet();
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.log(Level.DEBUG, "A connection handed out late could not be given back", e);
      }
    }
  }

  private static Connection result(CompletableFuture<Connection> taken) throws SQLException {
    try {
      return taken.get();
    } catch (ExecutionException e) {
      throw unwrapped(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLTimeoutException("interrupted", "08001", e);
    }
  }

  private static SQLException unwrapped(ExecutionException e) {
    Throwable cause = e.getCause();
    if (cause instanceof SQLException sql) {
      return sql;
    }
    if (cause instanceof RuntimeException runtime) {
      throw runtime;
    }
    return new SQLException("the pool failed", "08001", cause);
  }

  /** The threads waiting on the pool now, for tests. */
  int waiting() {
    return takers.getActiveCount();
  }
}
