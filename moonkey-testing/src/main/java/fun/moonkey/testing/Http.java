package fun.moonkey.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A small HTTP client for tests: no redirects followed, no cookie jar, explicit headers. */
public final class Http {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final HttpRequest.Builder builder;
  private final List<String> cookies = new ArrayList<>();

  private Http(URI uri) {
    this.builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
  }

  /** A request to {@code uri}. */
  public static Http to(URI uri) {
    return new Http(uri);
  }

  /** Adds a request header. */
  public Http header(String name, String value) {
    builder.header(name, value);
    return this;
  }

  /** Adds a cookie to the {@code Cookie} header. */
  public Http cookie(String name, String value) {
    cookies.add(name + "=" + value);
    return this;
  }

  /** Asks for JSON the way {@code fetch} code does. */
  public Http json() {
    return header("Accept", "application/json");
  }

  /** Sends with a method and no body. */
  public HttpResponse<String> send(String method) throws IOException, InterruptedException {
    if (!cookies.isEmpty()) {
      builder.header("Cookie", String.join("; ", cookies));
    }
    builder.method(method, HttpRequest.BodyPublishers.noBody());
    return CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** POST with a body of the given {@code Content-Type}. */
  public HttpResponse<String> post(String contentType, String body)
      throws IOException, InterruptedException {
    if (!cookies.isEmpty()) {
      builder.header("Cookie", String.join("; ", cookies));
    }
    builder.header("Content-Type", contentType);
    builder.POST(HttpRequest.BodyPublishers.ofString(body));
    return CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** POST with no body. */
  public HttpResponse<String> post() throws IOException, InterruptedException {
    return send("POST");
  }

  /** GET. */
  public HttpResponse<String> get() throws IOException, InterruptedException {
    return send("GET");
  }

  /**
   * @return the value of the {@code JSESSIONID} cookie a response set
   */
  public static String sessionCookie(HttpResponse<?> response) {
    for (String header : response.headers().allValues("Set-Cookie")) {
      if (header.startsWith("JSESSIONID=")) {
        return header.substring("JSESSIONID=".length(), header.indexOf(';'));
      }
    }
    throw new AssertionError("no JSESSIONID in " + response.headers().allValues("Set-Cookie"));
  }
}
