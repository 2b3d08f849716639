package fun.moonkey.containers;

import java.net.URI;
import java.time.Duration;
import java.util.function.IntPredicate;

/** A server started by a test as a process of its own, with its WARs deployed. */
public interface Server extends AutoCloseable {

  /** A short name for logs and reports, such as {@code tomcat11}. */
  String name();

  /** {@code http://127.0.0.1:port/<context>/}. */
  URI base(String context);

  /** The server's process, its log included. */
  ContainerProcess process();

  /**
   * Polls {@code path} under {@code context} until its status satisfies {@code ready}.
   *
   * @throws AssertionError when the server dies or {@code timeout} passes first
   */
  default void awaitReady(String context, String path, IntPredicate ready, Duration timeout) {
    process().awaitReady(base(context).resolve(path), ready, timeout);
  }

  /** Ends the server and everything it started. */
  @Override
  void close();
}
