package fun.moonkey.revocation;

import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.core.Configuration;
import java.net.http.HttpClient;
import java.util.concurrent.atomic.AtomicReference;
import org.glassfish.jersey.client.spi.Connector;
import org.glassfish.jersey.client.spi.ConnectorProvider;
import org.glassfish.jersey.jnh.connector.JavaNetHttpConnector;

/**
 * Provides Jersey's {@code java.net.http} connector and keeps hold of its {@link HttpClient} so
 * that it can be shut down with the revoker.
 *
 * <p>Why this connector: {@code HttpURLConnection} logs request headers, the {@code Authorization}
 * header among them, at FINE, retries a failed write once on its own, and keeps at most five idle
 * connections per host. The JDK client does none of that.
 *
 * <p>Why the class-loader swap: the JDK client starts a selector thread that inherits the creating
 * thread's context class loader. Created under a web application's loader, a container would report
 * it as a thread the application failed to stop, and it would pin that loader.
 */
final class JdkHttpClientHolder implements ConnectorProvider {

  private final AtomicReference<JavaNetHttpConnector> connector = new AtomicReference<>();

  @Override
  public Connector getConnector(Client client, Configuration runtimeConfig) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
    try {
      JavaNetHttpConnector created = new JavaNetHttpConnector(client, runtimeConfig);
      connector.set(created);
      return created;
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /**
   * Shuts the JDK client down where the platform can (Java 21+); on Java 17 it ends when
   * unreachable.
   */
  void close() {
    JavaNetHttpConnector current = connector.getAndSet(null);
    if (current != null && current.getHttpClient() instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // Closing is best effort; the client holds no state we must keep.
      }
    }
  }
}
