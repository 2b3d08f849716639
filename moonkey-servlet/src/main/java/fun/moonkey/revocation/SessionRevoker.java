package fun.moonkey.revocation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fun.moonkey.config.ConfigKeys;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.credential.Credential;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.client.ClientProperties;

/**
 * The MoonKey API client: revokes one session with {@code DELETE /v1/auth/sessions/delete}.
 *
 * <p>One Jersey {@link Client} per instance, on the {@code java.net.http} connector, with explicit
 * timeouts, no redirects followed, and its own named daemon threads. Every call completes within
 * the configured {@code timeout}: when MoonKey has not answered by then, the outcome is a {@link
 * RevocationOutcome.TransientFailure}. Thread-safe; share one instance per configured MoonKey
 * client, and {@link #close()} it when the application stops.
 */
public final class SessionRevoker implements AutoCloseable {

  /** The path of the revocation endpoint under the API base. */
  public static final String DELETE_PATH = "/v1/auth/sessions/delete";

  /** {@code moonkey-jakarta/<version>}, sent as {@code User-Agent}. */
  public static final String USER_AGENT = "moonkey-jakarta/" + version();

  private static final Logger LOG = System.getLogger(SessionRevoker.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final MoonKeyConfig config;
  private final Clock clock;
  private final ExecutorService executor;
  private final ScheduledExecutorService scheduler;
  private final JdkHttpClientHolder httpClient = new JdkHttpClientHolder();
  private final Client client;
  private final WebTarget target;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param config the API URL, secret key and timeout to use
   */
  public SessionRevoker(MoonKeyConfig config) {
    this(config, Clock.systemUTC());
  }

  SessionRevoker(MoonKeyConfig config, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    int instance = INSTANCES.incrementAndGet();
    this.executor = Executors.newCachedThreadPool(named("moonkey-revoker-" + instance + "-"));
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(1, named("moonkey-deadline-" + instance + "-"));
    timer.setRemoveOnCancelPolicy(true);
    this.scheduler = timer;
    int timeoutMillis = Math.toIntExact(config.timeout().toMillis());
    ClientConfig clientConfig =
        new ClientConfig()
            .connectorProvider(httpClient)
            .property(ClientProperties.CONNECT_TIMEOUT, timeoutMillis)
            .property(ClientProperties.READ_TIMEOUT, timeoutMillis)
            .property(ClientProperties.FOLLOW_REDIRECTS, false)
            // MoonKey's delete endpoint takes its credential in a DELETE body.
            .property(ClientProperties.SUPPRESS_HTTP_COMPLIANCE_VALIDATION, true);
    this.client =
        ClientBuilder.newBuilder()
            .withConfig(clientConfig)
            .executorService(executor)
            .scheduledExecutorService(scheduler)
            .build();
    this.target = client.target(config.apiUrl()).path(DELETE_PATH);
  }

  /**
   * Revokes one session at MoonKey.
   *
   * @param credential the session's id, token or JWT
   * @return the outcome; the stage never completes exceptionally and completes within the
   *     configured timeout
   * @throws IllegalStateException after {@link #close()}
   */
  public CompletionStage<RevocationOutcome> revoke(Credential credential) {
    Objects.requireNonNull(credential, "credential");
    if (closed.get()) {
      throw new IllegalStateException("SessionRevoker is closed");
    }
    long start = System.nanoTime();
    CompletableFuture<RevocationOutcome> result = new CompletableFuture<>();
    Duration budget = config.timeout();
    ScheduledFuture<?> deadline =
        scheduler.schedule(
            () ->
                result.complete(
                    new RevocationOutcome.TransientFailure(
                        0,
                        "no answer within " + budget.toMillis() + " ms",
                        Optional.empty(),
                        null)),
            budget.toMillis(),
            TimeUnit.MILLISECONDS);
    send(credential)
        .whenComplete(
            (outcome, failure) -> {
              deadline.cancel(false);
              result.complete(outcome != null ? outcome : fromException(failure));
            });
    return result.whenComplete(
        (outcome, ignored) -> log(credential, outcome, (System.nanoTime() - start) / 1_000_000));
  }

  /**
   * Blocking form of {@link #revoke(Credential)}: returns within the configured timeout.
   *
   * @param credential the session's id, token or JWT
   * @return the outcome
   */
  public RevocationOutcome revokeAndWait(Credential credential) {
    return revoke(credential).toCompletableFuture().join();
  }

  private CompletionStage<RevocationOutcome> send(Credential credential) {
    String body;
    try {
      body = JSON.writeValueAsString(Map.of(credential.type().field(), credential.value()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON object of one string", e);
    }
    try {
      return target
          .request(MediaType.APPLICATION_JSON_TYPE)
          .header(HttpHeaders.AUTHORIZATION, "Bearer " + config.secretKey())
          .header(HttpHeaders.USER_AGENT, USER_AGENT)
          .rx()
          .method("DELETE", Entity.entity(body, MediaType.APPLICATION_JSON_TYPE))
          .thenApply(response -> classify(response, credential));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private RevocationOutcome classify(Response response, Credential credential) {
    try (response) {
      int status = response.getStatus();
      byte[] errorBody = new byte[0];
      if (status >= 300 && response.hasEntity()) {
        try (InputStream in = response.readEntity(InputStream.class)) {
          errorBody = in.readNBytes(AnswerClassifier.MAX_ERROR_BODY);
        } catch (IOException | ProcessingException e) {
          // The status decides; a body that cannot be read only loses the error_type.
        }
      }
      RevocationOutcome outcome =
          AnswerClassifier.classify(
              status, response.getHeaderString("Retry-After"), errorBody, clock.instant());
      // An error_type that echoes the credential would carry it into the logs.
      if (outcome instanceof RevocationOutcome.Rejected rejected
          && rejected.errorType() != null
          && rejected.errorType().contains(credential.value())) {
        return new RevocationOutcome.Rejected(status, null);
      }
      return outcome;
    }
  }

  private static RevocationOutcome fromException(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException
            || cause instanceof ProcessingException
            || cause instanceof UncheckedIOException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return new RevocationOutcome.TransientFailure(
        0, cause.getClass().getSimpleName(), Optional.empty(), cause);
  }

  private void log(Credential credential, RevocationOutcome outcome, long millis) {
    if (outcome instanceof RevocationOutcome.Revoked) {
      LOG.log(Level.DEBUG, "Revoked {0} at MoonKey in {1} ms", credential.hash(), millis);
    } else if (outcome instanceof RevocationOutcome.AlreadyGone) {
      LOG.log(Level.DEBUG, "{0} was already gone at MoonKey (HTTP 404)", credential.hash());
    } else if (outcome instanceof RevocationOutcome.Unauthorised u) {
      LOG.log(
          Level.ERROR,
          "MoonKey refused the secret key (HTTP {0}) while revoking {1}: check the setting {2}"
              + " (environment variable {3})",
          u.status(),
          credential.hash(),
          ConfigKeys.PREFIX + ConfigKeys.SECRET_KEY,
          ConfigKeys.envName(ConfigKeys.SECRET_KEY));
    } else if (outcome instanceof RevocationOutcome.Rejected r) {
      LOG.log(
          Level.WARNING,
          "MoonKey rejected the revocation of {0} (HTTP {1}, error_type {2}); not retried",
          credential.hash(),
          r.status(),
          r.errorType());
    } else if (outcome instanceof RevocationOutcome.TransientFailure t) {
      LOG.log(
          Level.WARNING,
          "Revocation of {0} at MoonKey failed after {1} ms: {2}",
          credential.hash(),
          millis,
          t.reason());
    }
  }

  /**
   * Stops the client and every thread this instance started. Calls in flight complete with a
   * transient failure. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    client.close();
    httpClient.close();
    scheduler.shutdownNow();
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
      scheduler.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "SessionRevoker[" + config.apiUrl() + ", " + config.maskedSecretKey() + "]";
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static String version() {
    Properties properties = new Properties();
    try (InputStream in = SessionRevoker.class.getResourceAsStream("moonkey.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // An unknown version still identifies the library.
    }
    return properties.getProperty("version", "unknown");
  }
}
