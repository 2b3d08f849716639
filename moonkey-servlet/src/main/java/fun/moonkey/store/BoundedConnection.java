package fun.moonkey.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executor;

/**
 * A pooled connection whose socket reads the library bounds while it holds it ({@link
 * Connection#setNetworkTimeout}), set back to what the pool had when it is closed, so that the
 * application's own use of the connection is unchanged. A driver without network timeouts leaves
 * the connection as it is.
 */
final class BoundedConnection {

  /** Runs the driver's timeout work on the calling thread: the library starts no thread for it. */
  private static final Executor INLINE = Runnable::run;

  private BoundedConnection() {}

  /**
   * @param millis the bound on each read while the library holds the connection
   * @return the connection, with {@code close()} setting the pool's bound back first
   */
  static Connection of(Connection connection, int millis) throws SQLException {
    int before;
    try {
      before = connection.getNetworkTimeout();
      connection.setNetworkTimeout(INLINE, millis);
    } catch (SQLException | UnsupportedOperationException | AbstractMethodError unsupported) {
      return connection;
    }
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close") && method.getParameterCount() == 0) {
                try {
                  if (!connection.isClosed()) {
                    connection.setNetworkTimeout(INLINE, before);
                  }
                } catch (SQLException broken) {
                  // Closed by the driver after a timeout: the pool discards it anyway.
                }
              }
              try {
                return method.invoke(connection, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
