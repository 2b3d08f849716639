package fun.moonkey.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * A real {@code DataSource} seen through a counter: how many statements ran (each {@code execute…}
 * call is one round trip, a batch included) and how many rows were read from a table. {@link #hold}
 * makes every {@code getConnection} wait until {@link #release}, a database that is slow to answer.
 * Thread-safe.
 */
final class CountingDataSource {

  private final DataSource real;
  private final String countedTable;
  private final AtomicLong statements = new AtomicLong();
  private final AtomicLong rowsRead = new AtomicLong();
  private final AtomicReference<CountDownLatch> gate = new AtomicReference<>();

  /**
   * @param countedTable the table whose rows {@link #rowsRead} counts: rows of a {@code SELECT}
   *     whose text names it after {@code FROM}
   */
  CountingDataSource(DataSource real, String countedTable) {
    this.real = real;
    this.countedTable = countedTable.toLowerCase(Locale.ROOT);
  }

  DataSource dataSource() {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getConnection")) {
                CountDownLatch held = gate.get();
                if (held != null && !held.await(60, TimeUnit.SECONDS)) {
                  throw new IllegalStateException("the test never released the database");
                }
                return connection((Connection) invoke(real, method, args));
              }
              return invoke(real, method, args);
            });
  }

  long statements() {
    return statements.get();
  }

  long rowsRead() {
    return rowsRead.get();
  }

  /** From now on, connections are handed out only after {@link #release}. */
  void hold() {
    gate.set(new CountDownLatch(1));
  }

  void release() {
    CountDownLatch held = gate.getAndSet(null);
    if (held != null) {
      held.countDown();
    }
  }

  private Connection connection(Connection connection) {
    return wrap(
        Connection.class,
        connection,
        (proxy, method, args) -> {
          Object result = invoke(connection, method, args);
          if (method.getName().equals("prepareStatement")) {
            return statement(PreparedStatement.class, (Statement) result, (String) args[0]);
          }
          if (method.getName().equals("createStatement")) {
            return statement(Statement.class, (Statement) result, null);
          }
          return result;
        });
  }

  private <S extends Statement> S statement(Class<S> type, Statement statement, String sql) {
    return wrap(
        type,
        type.cast(statement),
        (proxy, method, args) -> {
          Object result = invoke(statement, method, args);
          if (method.getName().startsWith("execute")) {
            statements.incrementAndGet();
            String text = sql != null ? sql : args != null ? String.valueOf(args[0]) : "";
            if (result instanceof ResultSet rows && reads(text)) {
              return counted(rows);
            }
          }
          return result;
        });
  }

  private boolean reads(String sql) {
    return sql.toLowerCase(Locale.ROOT).matches("(?s)select .* from " + countedTable + "\\b.*");
  }

  private ResultSet counted(ResultSet rows) {
    return wrap(
        ResultSet.class,
        rows,
        (proxy, method, args) -> {
          Object result = invoke(rows, method, args);
          if (method.getName().equals("next") && Boolean.TRUE.equals(result)) {
            rowsRead.incrementAndGet();
          }
          return result;
        });
  }

  private static <T> T wrap(Class<T> type, T target, InvocationHandler handler) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
