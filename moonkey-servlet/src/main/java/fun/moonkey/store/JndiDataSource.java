package fun.moonkey.store;

import fun.moonkey.config.ConfigKeys;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * The application's {@code DataSource} that a {@code jdbc:} {@link ConfigKeys#PENDING_STORE} names.
 */
public final class JndiDataSource {

  private JndiDataSource() {}

  /**
   * Looks the name up on the calling thread: the application's, during its start, so that {@code
   * java:comp/env} names resolve.
   *
   * @throws IllegalStateException naming the setting when the name is not bound to a DataSource
   */
  public static DataSource lookup(String jndiName) {
    Object found;
    try {
      found = new InitialContext().lookup(jndiName);
    } catch (NamingException e) {
      throw new IllegalStateException(
          ConfigKeys.PREFIX
              + ConfigKeys.PENDING_STORE
              + ": no DataSource is bound at the JNDI name '"
              + jndiName
              + "' ("
              + e.getClass().getSimpleName()
              + "); declare it (Tomcat: a <Resource> in context.xml; Payara: a JDBC resource) or"
              + " fix the name",
          e);
    }
    if (!(found instanceof DataSource dataSource)) {
      throw new IllegalStateException(
          ConfigKeys.PREFIX
              + ConfigKeys.PENDING_STORE
              + ": the JNDI name '"
              + jndiName
              + "' is bound to "
              + (found == null ? "null" : "a " + found.getClass().getName())
              + ", not a javax.sql.DataSource");
    }
    return dataSource;
  }
}
