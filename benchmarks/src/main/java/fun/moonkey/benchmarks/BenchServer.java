package fun.moonkey.benchmarks;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Embedded Jetty 12 on 127.0.0.1 with a bounded pool, serving filters and servlets under /app. */
final class BenchServer implements AutoCloseable {

  private final Server server;
  private final QueuedThreadPool pool;
  private final ServletContextHandler context;

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

  /** Adds a listener to the context, such as an {@code HttpSessionListener}. */
  BenchServer listener(java.util.EventListener listener) {
    context.addEventListener(listener);
    return this;
  }

  BenchServer start() throws Exception {
    server.start();
    return this;
  }

  URI uri(String path) {
    int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    return URI.create("http://127.0.0.1:" + port + "/app" + path);
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    }
  }
}
