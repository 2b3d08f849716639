package fun.moonkey.servlet;

import fun.moonkey.event.LogoutEvents;
import fun.moonkey.logout.ServiceRegistry;
import jakarta.servlet.ServletContext;
import java.io.File;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@link ServiceRegistry} of a web application, kept in a {@code ServletContext} attribute so
 * that every entry point of the application (the filter, the JAX-RS resource) finds the same one.
 */
public final class SharedServices {

  /** The {@code ServletContext} attribute that holds the registry. */
  public static final String ATTRIBUTE = ServiceRegistry.class.getName();

  private static final Object LOCK = new Object();

  private SharedServices() {}

  /**
   * @param context the web application
   * @return its registry, created on first use
   */
  public static ServiceRegistry of(ServletContext context) {
    Objects.requireNonNull(context, "context");
    // One lock for all contexts: the check-then-set must be atomic, and it runs at start-up only.
    synchronized (LOCK) {
      Object existing = context.getAttribute(ATTRIBUTE);
      if (existing instanceof ServiceRegistry registry) {
        return registry;
      }
      String path = context.getContextPath();
      ServiceRegistry registry =
          new ServiceRegistry(
              LogoutEvents.discover(Thread.currentThread().getContextClassLoader()),
              path.isEmpty() ? "/" : path,
              workDirectory(context));
      context.setAttribute(ATTRIBUTE, registry);
      return registry;
    }
  }

  /** The container's work directory of the application, the {@code ServletContext.TEMPDIR}. */
  private static Path workDirectory(ServletContext context) {
    Object dir = context.getAttribute(ServletContext.TEMPDIR);
    return dir instanceof File file ? file.toPath() : null;
  }
}
