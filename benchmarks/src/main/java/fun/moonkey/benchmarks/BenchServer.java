package fun.moonkey.benchmarks;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.util.EnumSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Embedded Jetty 12 with a bounded pool, one filter and one servlet, that samples its busy threads
 * every millisecond to report the peak.
 */
final class BenchServer implements AutoCloseable {

  private final Server server;
  private final QueuedThreadPool pool;
  private final ServletContextHandler context;
  private final AtomicInteger peakBusy = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicLong busySum =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong samples =
      new java.util.concurrent.atomic.AtomicLong();
  private final ScheduledExecutorService sampler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "busy-sampler");
            t.setDaemon(true);
            return t;
          });

  BenchServer(int maxThreads) {
    pool = new QueuedThreadPool(maxThreads, Math.min(8, maxThreads));
    pool.setName("bench-jetty");
    server = new Server(pool);
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    connector.setAcceptQueueSize(4096);
    server.addConnector(connector);
    context = new ServletContextHandler(ServletContextHandler.SESSIONS);
    context.setContextPath("/app");
    server.setHandler(context);
  }

  BenchServer filter(Filter filter, boolean asyncSupported) {
    FilterHolder holder = new FilterHolder(filter);
    holder.setAsyncSupported(asyncSupported);
    context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
    return this;
  }

  BenchServer filter(
      Class<? extends Filter> type, java.util.Map<String, String> params, boolean asyncSupported) {
    FilterHolder holder = new FilterHolder(type);
    holder.setInitParameters(params);
    holder.setAsyncSupported(asyncSupported);
    context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
    return this;
  }

  BenchServer servlet(HttpServlet servlet, String mapping, boolean asyncSupported) {
    ServletHolder holder = new ServletHolder(servlet);
    holder.setAsyncSupported(asyncSupported);
    context.addServlet(holder, mapping);
    return this;
  }

  BenchServer start() throws Exception {
    server.start();
    sampler.scheduleAtFixedRate(
        () -> {
          int busy = pool.getBusyThreads();
          peakBusy.accumulateAndGet(busy, Math::max);
          busySum.addAndGet(busy);
          samples.incrementAndGet();
        },
        1,
        1,
        TimeUnit.MILLISECONDS);
    return this;
  }

  URI uri(String path) {
    int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    return URI.create("http://127.0.0.1:" + port + "/app" + path);
  }

  /** Resets the busy-thread peak, for a new measurement window. */
  void resetPeak() {
    peakBusy.set(0);
    busySum.set(0);
    samples.set(0);
  }

  /** Resets the busy-thread peak once {@code delay} has passed: the measured window's start. */
  void resetPeakAfter(java.time.Duration delay) {
    sampler.schedule(this::resetPeak, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  int peakBusyThreads() {
    return peakBusy.get();
  }

  /** Busy container threads on average over the samples since the last reset. */
  double meanBusyThreads() {
    long n = samples.get();
    return n == 0 ? 0 : busySum.get() / (double) n;
  }

  @Override
  public void close() {
    sampler.shutdownNow();
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    }
  }
}
