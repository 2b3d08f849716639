package fun.moonkey.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The sample's sign-in check: asks MoonKey whether a session token is valid ({@code POST
 * /v1/auth/sessions/verify}) and returns the session id and user it belongs to.
 *
 * <p>This is application code, not part of the library: a real MoonKey app does the same in its own
 * sign-in endpoint. One JAX-RS {@link Client} with explicit timeouts (Jersey's defaults are
 * infinite), closed by {@link #close()} when the application stops. Thread-safe.
 */
public final class SessionVerifier implements AutoCloseable {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI verifyUri;
  private final String secretKey;
  private final Client client;

  /**
   * @param apiUrl the MoonKey API base, such as {@code https://api.moonkey.fun}
   * @param secretKey the MoonKey secret key
   */
  public SessionVerifier(URI apiUrl, String secretKey) {
    String base = Objects.requireNonNull(apiUrl, "apiUrl").toString();
    this.verifyUri =
        URI.create((base.endsWith("/") ? base : base + "/") + "v1/auth/sessions/verify");
    this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
    this.client =
        ClientBuilder.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .readTimeout(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            // Jersey's DataSource provider needs Jakarta Activation, which Tomcat lacks; unused
            // here, and without this Jersey logs a WARNING on the first call.
            .property("jersey.config.disableDefaultProvider", "DATASOURCE")
            .build();
  }

  /**
   * Verifies {@code token} at MoonKey.
   *
   * @param token a session token, already checked for length and characters
   * @return the session, or empty when MoonKey says the token is not (or no longer) valid
   * @throws VerificationUnavailableException when MoonKey could not be asked or answered
   *     unexpectedly
   */
  public Optional<VerifiedSession> verify(String token) {
    Map<String, String> body = Map.of("session_token", token);
    try (Response response =
        client
            .target(verifyUri)
            .request(MediaType.APPLICATION_JSON_TYPE)
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + secretKey)
            .post(Entity.entity(JSON.writeValueAsString(body), MediaType.APPLICATION_JSON_TYPE))) {
      int status = response.getStatus();
      if (status == 401 || status == 404) {
        return Optional.empty();
      }
      if (status != 200) {
        throw new VerificationUnavailableException("MoonKey answered verify with " + status);
      }
      return Optional.of(parse(JSON.readTree(response.readEntity(String.class))));
    } catch (ProcessingException | IOException e) {
      throw new VerificationUnavailableException(
          "MoonKey verify failed: " + e.getClass().getSimpleName());
    }
  }

  private static VerifiedSession parse(JsonNode answer) {
    String sessionId = answer.path("session").path("id").textValue();
    String userId = answer.path("session").path("user_id").textValue();
    if (sessionId == null || userId == null) {
      throw new VerificationUnavailableException("MoonKey's verify answer has no session id");
    }
    return new VerifiedSession(sessionId, userId, answer.path("user").path("email").textValue());
  }

  @Override
  public void close() {
    client.close();
  }
}
