package fun.moonkey.servlet;

import jakarta.servlet.ServletContext;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * The web applications whose start {@link MoonKeyInitializer} has seen and whose stop it has not,
 * by class loader; and what each must close when it stops.
 *
 * <p>Why: a JAX-RS runtime other than Jersey (RESTEasy on WildFly) configures a {@code Feature}
 * without handing it the {@code ServletContext}, but on the application's own thread, under the
 * application's class loader. With this, the feature finds its application's context (its
 * context-params, its shared MoonKey client) and starts at deployment like the filter.
 *
 * <p>Weak keys: a class loader of an undeployed application is never pinned. Thread-safe.
 */
public final class RunningApplications {

  private static final Logger LOG = System.getLogger(RunningApplications.class.getName());

  private static final Map<ClassLoader, Entry> RUNNING = new WeakHashMap<>();

  private RunningApplications() {}

  /**
   * @param loader a class loader, usually the calling thread's context class loader
   * @return the running application whose class loader is {@code loader} or one of its parents
   */
  public static Optional<ServletContext> of(ClassLoader loader) {
    synchronized (RUNNING) {
      for (ClassLoader l = loader; l != null; l = l.getParent()) {
        Entry entry = RUNNING.get(l);
        if (entry != null) {
          return Optional.of(entry.context);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Closes {@code resource} when the application stops (after its filters and servlets).
   *
   * @throws IllegalStateException when the application is not running
   */
  public static void closeWhenStopped(ServletContext context, AutoCloseable resource) {
    Objects.requireNonNull(resource, "resource");
    synchronized (RUNNING) {
      Entry entry = RUNNING.get(context.getClassLoader());
      if (entry == null || entry.context != context) {
        throw new IllegalStateException("not a running application: " + context.getContextPath());
      }
      entry.resources.add(resource);
    }
  }

  static void started(ServletContext context) {
    synchronized (RUNNING) {
      RUNNING.put(context.getClassLoader(), new Entry(context));
    }
  }

  /** Closes what the application of {@code loader} registered, and forgets it. */
  static void stopped(ClassLoader loader) {
    Entry entry;
    synchronized (RUNNING) {
      entry = RUNNING.remove(loader);
    }
    if (entry == null) {
      return;
    }
    for (AutoCloseable resource : entry.resources) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "A MoonKey resource did not close cleanly", e);
      }
    }
  }

  private static final class Entry {
    final ServletContext context;
    final List<AutoCloseable> resources = new ArrayList<>();

    Entry(ServletContext context) {
      this.context = context;
    }
  }
}
