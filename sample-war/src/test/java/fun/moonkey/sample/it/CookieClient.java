package fun.moonkey.sample.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An HTTP client that keeps cookies by name, as a browser on one path would, and never follows
 * redirects, so that every answer can be checked as it came. Setting a cookie with {@code
 * Max-Age=0} removes it, as in a browser; {@link #keepCookies()} copies the jar for replaying old
 * cookies later.
 */
final class CookieClient {

  private final HttpClient http =
      HttpClient.newBuilder()
          // As a browser over plain http; see ContainerProcess for the h2c upgrade on Payara.
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final Map<String, String> cookies = new LinkedHashMap<>();

  Map<String, String> keepCookies() {
    return new LinkedHashMap<>(cookies);
  }

  void useCookies(Map<String, String> jar) {
    cookies.clear();
    cookies.putAll(jar);
  }

  HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return send(request(uri).GET());
  }

  HttpResponse<String> post(URI uri, String contentType, String body, String accept)
      throws IOException, InterruptedException {
    HttpRequest.Builder builder = request(uri).POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    if (accept != null) {
      builder.header("Accept", accept);
    }
    return send(builder);
  }

  private HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    if (!cookies.isEmpty()) {
      builder.header(
          "Cookie",
          cookies.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining("; ")));
    }
    return builder;
  }

  private HttpResponse<String> send(HttpRequest.Builder builder)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    for (String header : response.headers().allValues("Set-Cookie")) {
      String pair = header.split(";", 2)[0];
      int eq = pair.indexOf('=');
      String name = pair.substring(0, eq).strip();
      String value = pair.substring(eq + 1).strip();
      if (header.toLowerCase(java.util.Locale.ROOT).contains("max-age=0") || value.isEmpty()) {
        cookies.remove(name);
      } else {
        cookies.put(name, value);
      }
    }
    return response;
  }
}
