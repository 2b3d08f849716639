package fun.moonkey.logout;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.event.LogoutEvents;
import fun.moonkey.metrics.LogoutMetrics;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out one {@link LogoutService} per configuration to the entry points of one application, so
 * that a {@code LogoutFilter} and a {@code LogoutResource} configured alike share one MoonKey
 * client (and what later hangs on it: retries, a circuit breaker, a bulkhead).
 *
 * <p>A service is started by the first {@link #acquire} of its configuration and closed when the
 * last {@link Lease} of it is closed, exactly once. Entry points with different configurations get
 * different services. Thread-safe.
 *
 * <p>Each service's {@link LogoutMetrics} is a platform MBean while the service runs, named {@code
 * fun.moonkey:type=LogoutService,context="<label>",id=<n>}.
 *
 * <p>A servlet application keeps its registry in a {@code ServletContext} attribute (see {@code
 * fun.moonkey.servlet.SharedServices}); a runtime without servlets uses one registry per
 * application.
 */
public final class ServiceRegistry {

  private static final Logger LOG = System.getLogger(ServiceRegistry.class.getName());

  private final Map<MoonKeyConfig, Entry> entries = new HashMap<>();
  private static final AtomicInteger IDS = new AtomicInteger();

  private final LogoutEvents events;
  private final String label;

  /**
   * A registry whose services tell the {@link fun.moonkey.event.LogoutListener}s that {@code
   * ServiceLoader} finds through the calling thread's context class loader (a web application's
   * own, during its start).
   */
  public ServiceRegistry() {
    this(LogoutEvents.discover(Thread.currentThread().getContextClassLoader()), "application");
  }

  /**
   * @param events the listeners every service of this registry tells
   * @param label names the application in the services' JMX names (a context path such as {@code
   *     /app}); see {@link LogoutMetrics#objectName}
   */
  public ServiceRegistry(LogoutEvents events, String label) {
    this.events = Objects.requireNonNull(events, "events");
    this.label = Objects.requireNonNull(label, "label");
  }

  /**
   * The listeners of this application's logouts, shared by all its services: register more with
   * {@link LogoutEvents#register}, for example from a {@code ServletContextListener}.
   */
  public LogoutEvents events() {
    return events;
  }

  /**
   * Returns the service of this configuration, starting it when it is the first user.
   *
   * @param config a validated configuration
   * @return a lease; close it when the entry point stops
   */
  public synchronized Lease acquire(MoonKeyConfig config) {
    Objects.requireNonNull(config, "config");
    Entry entry = entries.get(config);
    if (entry == null) {
      LogoutService service = LogoutService.start(config, null, events);
      entry =
          new Entry(
              service,
              service.metrics().register(LogoutMetrics.objectName(label, IDS.getAndIncrement())));
      entries.put(config, entry);
    } else {
      LOG.log(Level.DEBUG, "Sharing the running MoonKey client with another entry point");
    }
    entry.users++;
    return new Lease(config, entry.service);
  }

  /**
   * @return how many services are running
   */
  public synchronized int size() {
    return entries.size();
  }

  private synchronized void release(MoonKeyConfig config) {
    Entry entry = entries.get(config);
    if (entry != null && --entry.users == 0) {
      entries.remove(config);
      try {
        entry.mbean.close();
      } catch (Exception e) {
        LOG.log(Level.DEBUG, "MoonKey metrics not unregistered", e);
      } finally {
        entry.service.close();
      }
    }
  }

  private static final class Entry {
    final LogoutService service;
    final AutoCloseable mbean;
    int users;

    Entry(LogoutService service, AutoCloseable mbean) {
      this.service = service;
      this.mbean = mbean;
    }
  }

  /** One entry point's use of a shared service. {@link #close()} is idempotent. */
  public final class Lease implements AutoCloseable {
    private final MoonKeyConfig config;
    private final LogoutService service;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Lease(MoonKeyConfig config, LogoutService service) {
      this.config = config;
      this.service = service;
    }

    /** The shared service; do not close it directly. */
    public LogoutService service() {
      return service;
    }

    /** Gives the service back; the last lease of a configuration closes it. */
    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        release(config);
      }
    }
  }
}
