package fun.moonkey.logout;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.event.LogoutEvents;
import fun.moonkey.metrics.LogoutMetrics;
import fun.moonkey.metrics.SessionAdmin;
import fun.moonkey.store.RevokedLists;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * Hands out one {@link LogoutService} per configuration to the entry points of one application, so
 * that a {@code LogoutFilter} and a {@code LogoutResource} configured alike share one MoonKey
 * client (and what later hangs on it: retries, a circuit breaker, a bulkhead). Entry points
 * configured apart share the application's revoked list ({@link RevokedLists}) all the same.
 *
 * <p>A service is started by the first {@link #acquire} of its configuration and closed when the
 * last {@link Lease} of it is closed, exactly once. Entry points with different configurations get
 * different services. Thread-safe.
 *
 * <p>Each service's {@link LogoutMetrics} is a platform MBean while the service runs, named {@code
 * fun.moonkey:type=LogoutService,context="<label>",id=<n>}, and goes wherever {@link #exportTo}
 * says too; its {@link SessionAdmin} operation (an administrator's end of a user's sessions) is one
 * beside it, {@code fun.moonkey:type=SessionAdmin,...} with the same context and id.
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
  private final Path workDirectory;
  private final List<MetricsExport> exports = new ArrayList<>();
  private final RevokedLists revokedLists = new RevokedLists();

  /**
   * Shows each running service's figures in one more place than JMX (MicroProfile Metrics, say).
   */
  @FunctionalInterface
  public interface MetricsExport {
    /**
     * @param metrics the service's figures
     * @param context the application's label, as in the MBean's name
     * @param id the service's id, as in the MBean's name
     * @return what withdraws the figures when the service stops
     */
    AutoCloseable export(LogoutMetrics metrics, String context, int id);
  }

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
    this(events, label, null);
  }

  /**
   * @param events the listeners every service of this registry tells
   * @param label names the application in the services' JMX names
   * @param workDirectory the application's work directory ({@code ServletContext.TEMPDIR}), where
   *     its services journal pending revocations when {@code pending-store} is unset; null for none
   */
  public ServiceRegistry(LogoutEvents events, String label, Path workDirectory) {
    this.events = Objects.requireNonNull(events, "events");
    this.label = Objects.requireNonNull(label, "label");
    this.workDirectory = workDirectory;
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
  public Lease acquire(MoonKeyConfig config) {
    return acquire(config, null);
  }

  /**
   * Returns the service of this configuration, starting it with {@code sslContext} when it is the
   * first user.
   *
   * @param config a validated configuration
   * @param sslContext the TLS context for MoonKey (to trust a private CA), or null for the JVM's
   * @return a lease; close it when the entry point stops
   * @throws IllegalArgumentException when the service of this configuration already runs with
   *     another TLS context
   */
  public synchronized Lease acquire(MoonKeyConfig config, SSLContext sslContext) {
    Objects.requireNonNull(config, "config");
    Entry entry = entries.get(config);
    if (entry != null && entry.sslContext != sslContext) {
      throw new IllegalArgumentException(
          "The MoonKey client of this configuration already runs with another SSLContext");
    }
    if (entry == null) {
      LogoutService service =
          LogoutService.start(config, sslContext, events, workDirectory, revokedLists);
      int id = IDS.getAndIncrement();
      AutoCloseable metrics = service.metrics().register(LogoutMetrics.objectName(label, id));
      AutoCloseable admin =
          new SessionAdmin(service::endAllSessionsOf, config.timeout())
              .register(SessionAdmin.objectName(label, id));
      entry =
          new Entry(
              service,
              sslContext,
              id,
              () -> {
                try {
                  admin.close();
                } finally {
                  metrics.close();
                }
              });
      for (MetricsExport export : exports) {
        entry.export(export, label);
      }
      entries.put(config, entry);
    } else {
      LOG.log(Level.DEBUG, "Sharing the running MoonKey client with another entry point");
    }
    entry.users++;
    return new Lease(config, entry.service);
  }

  /**
   * Exports the figures of every running service and of each one started later, until the returned
   * handle is closed.
   *
   * @param export where the figures go
   * @return withdraws the export from every service
   */
  public synchronized AutoCloseable exportTo(MetricsExport export) {
    Objects.requireNonNull(export, "export");
    exports.add(export);
    for (Entry entry : entries.values()) {
      entry.export(export, label);
    }
    return () -> {
      synchronized (this) {
        exports.remove(export);
        entries.values().forEach(entry -> entry.withdraw(export));
      }
    };
  }

  /**
   * @return how many services are running
   */
  public synchronized int size() {
    return entries.size();
  }

  private void release(MoonKeyConfig config) {
    Entry entry;
    synchronized (this) {
      entry = entries.get(config);
      if (entry == null || --entry.users > 0) {
        return;
      }
      entries.remove(config);
      exports.forEach(entry::withdraw);
    }
    // Closed outside the lock: draining the retrier takes up to shutdown-grace, and other entry
    // points of the application must not wait for it to acquire their own service.
    try {
      entry.mbean.close();
    } catch (Exception e) {
      LOG.log(Level.DEBUG, "MoonKey metrics not unregistered", e);
    } finally {
      entry.service.close();
    }
  }

  private static final class Entry {
    final LogoutService service;
    final SSLContext sslContext;
    final int id;
    final AutoCloseable mbean;
    final Map<MetricsExport, AutoCloseable> exported = new HashMap<>();
    int users;

    Entry(LogoutService service, SSLContext sslContext, int id, AutoCloseable mbean) {
      this.service = service;
      this.sslContext = sslContext;
      this.id = id;
      this.mbean = mbean;
    }

    void export(MetricsExport export, String label) {
      try {
        exported.put(export, export.export(service.metrics(), label, id));
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "MoonKey metrics not exported to " + export, e);
      }
    }

    void withdraw(MetricsExport export) {
      AutoCloseable handle = exported.remove(export);
      if (handle != null) {
        try {
          handle.close();
        } catch (Exception e) {
          LOG.log(Level.DEBUG, "MoonKey metrics not withdrawn from " + export, e);
        }
      }
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
