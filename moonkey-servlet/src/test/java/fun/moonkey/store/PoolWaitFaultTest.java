package fun.moonkey.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fun.moonkey.testing.Await;
import fun.moonkey.testing.TestPostgres;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The wait for a connection from the application's pool, bounded, on a real PostgreSQL frozen with
 * {@code SIGSTOP} behind a data source without any timeout of its own (its driver accepts the
 * socket and waits for the handshake's answer for good): the library's thread is let go at the
 * bound, at most one thread stays behind waiting, and the connection that comes after the thaw is
 * given back.
 */
class PoolWaitFaultTest {

  private static final Duration BOUND = Duration.ofMillis(500);

  /** Counts the connections a data source hands out and those closed again. */
  private static final class Counted {
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final DataSource dataSource;

    Counted(DataSource real) {
      dataSource =
          (DataSource)
              Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {DataSource.class},
                  (proxy, method, args) -> {
                    Object result = invoke(method, real, args);
                    if (method.getName().equals("getConnection")) {
                      opened.incrementAndGet();
                      return counting((Connection) result);
                    }
                    return result;
                  });
    }

    private Connection counting(Connection real) {
      return (Connection)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> {
                if (method.getName().equals("close") && !real.isClosed()) {
                  closed.incrementAndGet();
                }
                return invoke(method, real, args);
              });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args)
        throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }

  @Test
  @Timeout(120) // without the bound, the first call would wait for the thaw that never comes
  void aFrozenDatabaseHoldsTheLibrarysThreadOnlyUntilTheBoundAndOneThreadAtMostStaysBehind()
      throws Exception {
    assumeTrue(TestPostgres.available(), TestPostgres.unavailableReason());
    try (TestPostgres postgres = TestPostgres.start()) {
      Counted source = new Counted(postgres.unboundedDataSource());
      SharedTable table = new SharedTable(source.dataSource, Schema.PENDING, BOUND);
      try (Connection healthy = table.connection()) {
        assertTrue(healthy.isValid(2));
      }

      postgres.freeze();
      try {
        long start = System.nanoTime();
        SQLTimeoutException timedOut = assertThrows(SQLTimeoutException.class, table::connection);
        long took = (System.nanoTime() - start) / 1_000_000;
        System.out.println(
            "measured: no connection from a frozen database, let go in " + took + " ms");
        assertTrue(took >= BOUND.toMillis() && took < BOUND.toMillis() + 1000, took + " ms");
        assertTrue(timedOut.getMessage().contains("500 ms"), timedOut.getMessage());

        start = System.nanoTime();
        assertThrows(SQLTransientConnectionException.class, table::connection);
        took = (System.nanoTime() - start) / 1_000_000;
        assertTrue(took < 200, "the next call fails at once: " + took + " ms");
        assertEquals(1, table.waitingOnThePool(), "one thread waits on the pool, not two");
      } finally {
        postgres.thaw();
      }

      // The connection the driver completes after the thaw is given back, and the table works.
      Await.until(
          Duration.ofSeconds(20),
          () -> source.opened.get() == 2 && source.closed.get() == 2,
          () -> "opened " + source.opened + ", closed " + source.closed);
      try (Connection again = table.connection()) {
        assertTrue(again.isValid(2));
      } catch (SQLException e) {
        throw new AssertionError("the table works again after the thaw", e);
      }
    }
  }
}
