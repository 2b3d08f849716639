package fun.moonkey.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Proves, before a contender is measured, that its logout really revokes a session at MoonKey: it
 * signs a user in at the emulator (in its stateful mode), checks that the session is active, sends
 * one logout the way the wrk script does, and checks that the emulator received a deletion and that
 * the session is no longer active. Any other outcome throws, so that no figures are reported for a
 * contender that never reached MoonKey.
 */
final class RevocationProbe {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final URI emulator;
  private final String secretKey;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(TIMEOUT)
          .build();

  RevocationProbe(URI emulator, String secretKey) {
    this.emulator = emulator;
    this.secretKey = secretKey;
  }

  /** A logout posted to {@code logout} with the headers of {@code logout.lua}. */
  void throughServer(String contender, URI logout) throws IOException, InterruptedException {
    String token = signIn(contender);
    HttpResponse<String> answer =
        send(
            HttpRequest.newBuilder(logout)
                .header("Cookie", "session_token=" + token)
                .header("Origin", "http://" + logout.getHost() + ":" + logout.getPort())
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()));
    if (answer.statusCode() >= 400 || answer.body().contains("\"revocation\"")) {
      throw failure(contender, "the logout got " + answer.statusCode() + " " + answer.body());
    }
    requireRevoked(contender, token);
  }

  /** A deletion sent to the emulator with the headers and body of {@code delete.lua}. */
  void direct(String contender) throws IOException, InterruptedException {
    String token = signIn(contender);
    HttpResponse<String> answer = delete(token);
    if (answer.statusCode() != 200) {
      throw failure(contender, "the deletion got " + answer.statusCode() + " " + answer.body());
    }
    requireRevoked(contender, token);
  }

  private String signIn(String contender) throws IOException, InterruptedException {
    HttpResponse<String> created =
        send(
            HttpRequest.newBuilder(emulator.resolve("/_emulator/sessions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"probe@example.com\"}")));
    if (created.statusCode() != 200) {
      throw failure(contender, "the emulator did not sign the probe user in: " + created.body());
    }
    String token = JSON.readTree(created.body()).path("session_token").asText("");
    if (token.isEmpty() || verify(token) != 200) {
      throw failure(contender, "the probe session is not active before the logout");
    }
    return token;
  }

  private void requireRevoked(String contender, String token)
      throws IOException, InterruptedException {
    JsonNode received =
        JSON.readTree(
            send(HttpRequest.newBuilder(emulator.resolve("/_emulator/requests")).GET()).body());
    long deletions = 0;
    for (JsonNode request : received) {
      if (request.path("method").asText().equals("DELETE")
          && request.path("path").asText().equals(EmulatorMain.DELETE_PATH)) {
        deletions++;
      }
    }
    if (deletions == 0) {
      throw failure(contender, "MoonKey received no deletion");
    }
    int status = verify(token);
    if (status != 401) {
      throw failure(
          contender, "the session is still active after the logout (verify: " + status + ")");
    }
  }

  private int verify(String token) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(emulator.resolve("/v1/auth/sessions/verify"))
            .header("Authorization", "Bearer " + secretKey)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(credential(token))))
        .statusCode();
  }

  private HttpResponse<String> delete(String token) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(emulator.resolve(EmulatorMain.DELETE_PATH))
            .header("Authorization", "Bearer " + secretKey)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .method("DELETE", HttpRequest.BodyPublishers.ofString(credential(token))));
  }

  private static String credential(String token) {
    return JSON.createObjectNode().put("session_token", token).toString();
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static IllegalStateException failure(String contender, String what) {
    return new IllegalStateException(
        contender + ": the check before the load run failed, so no figures are reported: " + what);
  }
}
