package fun.moonkey.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar moonkey-emulator-<version>-standalone.jar}, as a user runs it beside their own
 * server: its own process, nothing of the test class path.
 */
class StandaloneJarIT {

  private static final Pattern READY =
      Pattern.compile(
          "MoonKey emulator at (http://127\\.0\\.0\\.1:\\d+) \\(secret key sk_test_it\\)");

  @Test
  void runsWithItsOwnClassPathAndPrintsEachRequestWithoutTheToken() throws Exception {
    Path jar = Path.of(System.getProperty("emulator.standalone-jar"));
    assertTrue(Files.isRegularFile(jar), jar + " was built");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                List.of(java, "-jar", jar.toString(), "--port", "0", "--key", "sk_test_it"))
            .redirectErrorStream(true)
            .start();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String first = out.readLine();
      Matcher ready = READY.matcher(first == null ? "" : first);
      assertTrue(ready.find(), first);
      URI base = URI.create(ready.group(1));
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

      JsonNode created =
          Json.parse(
              client
                  .send(
                      HttpRequest.newBuilder(base.resolve("/_emulator/sessions"))
                          .POST(
                              HttpRequest.BodyPublishers.ofString("{\"email\":\"a@example.com\"}"))
                          .header("Content-Type", "application/json")
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      String token = created.path("session_token").asText();
      assertFalse(token.isEmpty(), created.toString());
      HttpResponse<String> deleted =
          client.send(
              HttpRequest.newBuilder(base.resolve("/v1/auth/sessions/delete"))
                  .method(
                      "DELETE",
                      HttpRequest.BodyPublishers.ofString("{\"session_token\":\"" + token + "\"}"))
                  .header("Authorization", "Bearer sk_test_it")
                  .header("Content-Type", "application/json")
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertEquals(200, deleted.statusCode(), deleted.body());
      String sessionLine = out.readLine();
      assertTrue(sessionLine.startsWith("POST /_emulator/sessions -> 200"), sessionLine);
      String deleteLine = out.readLine();
      assertTrue(
          deleteLine.matches("DELETE /v1/auth/sessions/delete session_token#[0-9a-f]{8} -> 200"),
          deleteLine);
      assertFalse(deleteLine.contains(token), deleteLine);
    } finally {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
