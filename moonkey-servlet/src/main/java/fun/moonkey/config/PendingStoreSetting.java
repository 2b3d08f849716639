package fun.moonkey.config;

import java.nio.file.Path;
import java.util.Objects;

/** Where pending revocations are kept: the value of {@link ConfigKeys#PENDING_STORE}. */
public sealed interface PendingStoreSetting {

  /** Unset: a journal in the application's work directory, or memory where there is none. */
  record WorkDirectory() implements PendingStoreSetting {
    @Override
    public String toString() {
      return "(the application's work directory)";
    }
  }

  /** {@value ConfigKeys#PENDING_STORE_MEMORY}: memory only; a restart or a crash loses them. */
  record Memory() implements PendingStoreSetting {
    @Override
    public String toString() {
      return ConfigKeys.PENDING_STORE_MEMORY;
    }
  }

  /**
   * A journal in a directory of its own.
   *
   * @param path an absolute, normalised path
   */
  record Directory(Path path) implements PendingStoreSetting {
    /** Checks for null. */
    public Directory {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String toString() {
      return path.toString();
    }
  }

  /**
   * A table in the application's database, shared by every node: {@code jdbc:<JNDI name>}.
   *
   * @param jndiName the application's {@code DataSource}, such as {@code
   *     java:comp/env/jdbc/moonkey}
   */
  record Jdbc(String jndiName) implements PendingStoreSetting {
    /** Checks for null. */
    public Jdbc {
      Objects.requireNonNull(jndiName, "jndiName");
    }

    @Override
    public String toString() {
      return ConfigKeys.PENDING_STORE_JDBC + jndiName;
    }
  }
}
