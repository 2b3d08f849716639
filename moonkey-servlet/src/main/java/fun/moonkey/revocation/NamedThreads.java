package fun.moonkey.revocation;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes every thread the library starts: named {@code moonkey-<role>-…}, a daemon, and with the
 * library's own class loader as its context class loader, whichever thread happened to start it.
 *
 * <p>Why the loader: a pool starts its threads lazily, from whatever thread submits first (a
 * request thread, a container's thread under another application's loader, or a thread of the JDK's
 * HTTP client, which the library once used, under the platform loader), and a new thread inherits
 * that thread's context loader. Tomcat's log manager files every logger under the context loader of
 * the thread that creates it: a logger first created on a thread that carried the platform loader
 * was detached from {@code conf/logging.properties}, so {@code fun.moonkey.level = FINE} did not
 * reach it and its warnings went to no handler. Threads are stopped by their owner's {@code
 * close()}, so the loader they hold is never pinned past the application.
 */
public final class NamedThreads {

  private NamedThreads() {}

  /**
   * @param prefix the name of each thread before its number, such as {@code moonkey-io-1-}
   * @return a factory of daemon threads named {@code prefix1}, {@code prefix2}, …
   */
  public static ThreadFactory numbered(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    AtomicInteger count = new AtomicInteger();
    return runnable -> thread(runnable, prefix + count.incrementAndGet());
  }

  /**
   * @param name the name of every thread, such as {@code moonkey-retrier-1}, for a pool of one
   * @return a factory of daemon threads all named {@code name}
   */
  public static ThreadFactory single(String name) {
    Objects.requireNonNull(name, "name");
    return runnable -> thread(runnable, name);
  }

  private static Thread thread(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    thread.setContextClassLoader(NamedThreads.class.getClassLoader());
    return thread;
  }
}
