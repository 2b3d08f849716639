package fun.moonkey.emulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

/** A plain HTTP/1.1 client for talking to an emulator in tests. */
final class Wire {

  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final MoonKeyEmulator emulator;
  private final HttpClient client;

  Wire(MoonKeyEmulator emulator) {
    this(emulator, HttpClient.newBuilder());
  }

  Wire(MoonKeyEmulator emulator, HttpClient.Builder client) {
    this.emulator = emulator;
    this.client = client.version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
  }

  HttpClient client() {
    return client;
  }

  URI uri(String pathAndQuery) {
    return URI.create(emulator.baseUri() + pathAndQuery);
  }

  /** A request with the emulator's secret key and, when there is a body, a JSON content type. */
  HttpRequest.Builder api(String method, String pathAndQuery, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(pathAndQuery))
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + emulator.secretKey())
            .header("Accept", "application/json");
    if (json == null) {
      return request.method(method, BodyPublishers.noBody());
    }
    return request
        .header("Content-Type", "application/json")
        .method(method, BodyPublishers.ofString(json));
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return client.send(request.build(), BodyHandlers.ofString());
  }

  HttpResponse<String> delete(String json) throws IOException, InterruptedException {
    return send(api("DELETE", MoonKeyApi.DELETE_PATH, json));
  }

  HttpResponse<String> verify(String json) throws IOException, InterruptedException {
    return send(api("POST", MoonKeyApi.VERIFY_PATH, json));
  }
}
