package fun.moonkey.containers.matrix;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A browser as far as cookies go: one cookie store (which honours {@code Max-Age=0} as a browser
 * does), redirects not followed so that a test sees the {@code 303}, and the headers a browser
 * sends with a same-origin form post.
 */
final class Browser {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final CookieManager cookies = new CookieManager();
  private final HttpClient client =
      HttpClient.newBuilder()
          // As a browser over plain http; see ContainerProcess for the h2c upgrade on Payara.
          .version(HttpClient.Version.HTTP_1_1)
          .cookieHandler(cookies)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A link followed from a page of the same origin, as a browser sends it. */
  HttpResponse<String> followLink(URI uri) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
            .header("Sec-Fetch-Site", "same-origin")
            .header("Sec-Fetch-Mode", "navigate")
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A same-origin {@code fetch} GET that wants JSON. */
  HttpResponse<String> getJson(URI uri) throws IOException, InterruptedException {
    return client.send(
        sameOrigin(uri).header("Accept", "application/json").GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A same-origin HTML form post, as a browser sends it. */
  HttpResponse<String> postForm(URI uri, String form) throws IOException, InterruptedException {
    return client.send(
        sameOrigin(uri)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
            .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A same-origin {@code fetch} POST that wants JSON. */
  HttpResponse<String> postJson(URI uri) throws IOException, InterruptedException {
    return client.send(
        sameOrigin(uri)
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A form post that another site's page makes the browser send, with its Fetch Metadata. */
  HttpResponse<String> postFormFromAnotherSite(URI uri, String origin)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Origin", origin)
            .header("Sec-Fetch-Site", "cross-site")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A form post with a body that another site's page makes the browser send. */
  HttpResponse<String> postFormFromAnotherSite(URI uri, String origin, String form)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Origin", origin)
            .header("Sec-Fetch-Site", "cross-site")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder sameOrigin(URI uri) {
    return HttpRequest.newBuilder(uri)
        .timeout(TIMEOUT)
        .header("Origin", uri.getScheme() + "://" + uri.getAuthority())
        .header("Sec-Fetch-Site", "same-origin");
  }

  /** The cookies this browser would send to {@code uri}. */
  List<HttpCookie> cookiesFor(URI uri) {
    return cookies.getCookieStore().get(uri);
  }

  boolean hasCookie(URI uri, String name) {
    return cookiesFor(uri).stream().anyMatch(cookie -> cookie.getName().equals(name));
  }
}
