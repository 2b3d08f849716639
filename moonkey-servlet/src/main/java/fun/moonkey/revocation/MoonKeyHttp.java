package fun.moonkey.revocation;

import fun.moonkey.config.MoonKeyConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;

/**
 * The wire side of the MoonKey API: builds its requests (key, {@code User-Agent}, JSON) and sends
 * them on the JDK's own {@code java.net.http} client.
 *
 * <p>Why the JDK client and no JAX-RS client: the library then needs no HTTP jar at all, so it
 * behaves the same whichever JAX-RS implementation the server brings or the WAR bundles (Payara's
 * Jersey has no {@code java.net.http} connector; WildFly's {@code ClientBuilder} is RESTEasy's,
 * which ignores Jersey's settings). The JDK client also never logs headers unless asked to by a
 * system property, takes a body on {@code DELETE}, follows no redirect by default and pools its
 * connections without a per-host cap.
 *
 * <p>Why the class-loader swap: the client's selector thread inherits the creating thread's context
 * class loader. Created under a web application's loader, it would pin that loader and a container
 * would report it as a thread the application failed to stop. The client's other work runs on the
 * revoker's own executor, whose threads stop with it.
 *
 * <p>Built completely at construction (no class of it is loaded later). Thread-safe.
 */
final class MoonKeyHttp implements AutoCloseable {

  /** The most of an answer's body that is ever read, in bytes. */
  static final int MAX_ANSWER_BODY = 1 << 20;

  /**
   * Sends one request; the seam where tests put a failing network.
   *
   * <p>A {@code send} that is interrupted aborts its exchange, as the JDK client does.
   */
  @FunctionalInterface
  interface Exchange {
    HttpResponse<InputStream> send(HttpRequest request) throws IOException, InterruptedException;
  }

  private final String apiUrl;
  private final String authorization;
  private final HttpClient client;
  private final Exchange exchange;

  /**
   * @param config the API URL, secret key and timeout
   * @param sslContext the TLS context for {@code https}, or null for the JVM's default
   * @param executor runs the client's own work
   * @param decorate wraps the exchange (tests inject faults here); {@code UnaryOperator.identity()}
   *     otherwise
   */
  MoonKeyHttp(
      MoonKeyConfig config,
      SSLContext sslContext,
      Executor executor,
      UnaryOperator<Exchange> decorate) {
    this.apiUrl = config.apiUrl().toString().replaceAll("/+$", "");
    this.authorization = "Bearer " + config.secretKey();
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(config.timeout())
            .executor(Objects.requireNonNull(executor, "executor"));
    if (sslContext != null) {
      builder.sslContext(sslContext);
    }
    this.client = underPlatformLoader(builder);
    HttpResponse.BodyHandler<InputStream> handler = HttpResponse.BodyHandlers.ofInputStream();
    this.exchange = decorate.apply(request -> client.send(request, handler));
  }

  private static HttpClient underPlatformLoader(HttpClient.Builder builder) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
    try {
      return builder.build();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** {@code DELETE path} with a JSON body. */
  HttpResponse<InputStream> delete(String path, String json, Duration timeout)
      throws IOException, InterruptedException {
    return exchange.send(
        request(path, timeout)
            .header("Content-Type", "application/json")
            .method("DELETE", HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
            .build());
  }

  /** {@code POST path} with a JSON body. */
  HttpResponse<InputStream> post(String path, String json, Duration timeout)
      throws IOException, InterruptedException {
    return exchange.send(
        request(path, timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
            .build());
  }

  /** {@code GET path?name=value}, the value URL-encoded. */
  HttpResponse<InputStream> get(String path, String name, String value, Duration timeout)
      throws IOException, InterruptedException {
    String query = "?" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    return exchange.send(request(path + query, timeout).GET().build());
  }

  private HttpRequest.Builder request(String pathAndQuery, Duration timeout) {
    return HttpRequest.newBuilder(URI.create(apiUrl + pathAndQuery))
        .timeout(timeout)
        .header("Authorization", authorization)
        .header("Accept", "application/json")
        .header("User-Agent", SessionRevoker.USER_AGENT);
  }

  /**
   * Reads at most {@code limit} bytes of a body and closes it. A body that cannot be read counts as
   * empty: the status decides.
   */
  static byte[] read(HttpResponse<InputStream> response, int limit) {
    try (InputStream in = response.body()) {
      return in.readNBytes(limit);
    } catch (IOException e) {
      return new byte[0];
    }
  }

  /**
   * Stops the JDK client at once where the platform can ({@code shutdownNow}, Java 21+); on Java 17
   * it ends when unreachable. Not {@code close()}: that waits for exchanges still in flight.
   */
  @Override
  public void close() {
    try {
      HttpClient.class.getMethod("shutdownNow").invoke(client);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Java 17 has no shutdownNow; the client holds no state we must keep.
    }
  }

  @Override
  public String toString() {
    return "MoonKeyHttp[" + apiUrl + "]";
  }
}
