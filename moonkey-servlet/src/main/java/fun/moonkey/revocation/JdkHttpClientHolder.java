package fun.moonkey.revocation;

import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.core.Configuration;
import java.net.http.HttpClient;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.glassfish.jersey.client.ClientRequest;
import org.glassfish.jersey.client.ClientResponse;
import org.glassfish.jersey.client.spi.AsyncConnectorCallback;
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
 * it as a thread the application failed to stop, and it would pin that loader. The same holds for
 * the worker threads of the client's default executor, which the JDK starts lazily on the thread
 * that sends a request (a request thread of the web application): so every call into the connector
 * runs under the platform loader too. Tomcat's message for a worker started under the application's
 * loader is "The web application [name] appears to have started a thread named
 * [HttpClient-1-Worker-0] but has failed to stop it"; on Java 17 the client cannot be shut down,
 * and its idle workers live on for up to a minute after the application stopped.
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
      return new PlatformLoaderConnector(created);
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

  /** Runs every call into the JDK client under the platform class loader (see the class doc). */
  private static final class PlatformLoaderConnector implements Connector {

    private final Connector delegate;

    PlatformLoaderConnector(Connector delegate) {
      this.delegate = delegate;
    }

    @Override
    public ClientResponse apply(ClientRequest request) {
      return underPlatformLoader(() -> delegate.apply(request));
    }

    @Override
    public Future<?> apply(ClientRequest request, AsyncConnectorCallback callback) {
      return underPlatformLoader(() -> delegate.apply(request, callback));
    }

    @Override
    public String getName() {
      return delegate.getName();
    }

    @Override
    public void close() {
      delegate.close();
    }

    private static <T> T underPlatformLoader(Supplier<T> call) {
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
      try {
        return call.get();
      } finally {
        thread.setContextClassLoader(previous);
      }
    }
  }
}
