package fun.moonkey.testing;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@code DataSource} around a real one that lets a test act when a statement is prepared: fail
 * it, or do something first (kill the server, say). Everything else goes to the real one.
 */
public final class FaultyDataSource implements DataSource {

  /** What to do before a statement whose SQL the test picked is prepared. */
  @FunctionalInterface
  public interface Fault {
    void before(String sql) throws SQLException;
  }

  private final DataSource real;
  private final AtomicReference<Predicate<String>> which = new AtomicReference<>(sql -> false);
  private final AtomicReference<Fault> fault = new AtomicReference<>();
  private volatile boolean dead;

  public FaultyDataSource(DataSource real) {
    this.real = Objects.requireNonNull(real, "real");
  }

  /** From now on, runs {@code fault} before each statement that {@code which} picks. */
  public void onStatement(Predicate<String> which, Fault fault) {
    this.fault.set(fault);
    this.which.set(which);
  }

  /** No more faults. */
  public void clear() {
    which.set(sql -> false);
  }

  /** Every connection refused from now on, as from a node that died. */
  public void die() {
    dead = true;
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (dead) {
      throw new SQLException("this node is dead", "08001");
    }
    Connection connection = real.getConnection();
    return (Connection)
        Proxy.newProxyInstance(
            FaultyDataSource.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (dead) {
                throw new SQLException("this node is dead", "08001");
              }
              if (method.getName().equals("prepareStatement")
                  && which.get().test((String) args[0])) {
                fault.get().before((String) args[0]);
              }
              try {
                return method.invoke(connection, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("not in tests");
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return real.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    real.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    real.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return real.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return real.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return real.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return real.isWrapperFor(type);
  }
}
