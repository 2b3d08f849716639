package fun.moonkey.revocation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.credential.Credential;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;

/**
 * The MoonKey API over HTTP: builds its requests (key, {@code User-Agent}, JSON), sends them on the
 * JDK's {@code java.net.http} client without blocking a thread, and reads the answers into typed
 * results. Knows nothing of budgets, retries or the breaker: that is {@link SessionRevoker}'s job.
 *
 * <p>Why the JDK client and no JAX-RS client: the library then needs no HTTP jar at all, so it
 * behaves the same whichever JAX-RS implementation the server brings or the WAR bundles (Payara's
 * Jersey has no {@code java.net.http} connector; WildFly's {@code ClientBuilder} is RESTEasy's,
 * which ignores Jersey's settings). The JDK client also never logs headers unless asked to by a
 * system property, takes a body on {@code DELETE}, follows no redirect, pools its connections
 * without a per-host cap, and aborts an exchange when its future is cancelled.
 *
 * <p>Why the class-loader swap: the client's selector thread inherits the creating thread's context
 * class loader. Created under a web application's loader, it would pin that loader and a container
 * would report it as a thread the application failed to stop. The client's other work runs on the
 * executor it is given, whose threads stop with the revoker.
 *
 * <p>Why every answer is read on that executor ({@code handleAsync}), not where the JDK completes
 * {@code sendAsync}'s future: before it hands the future back, the JDK's client moves its
 * completion onto {@code CompletableFuture}'s default executor, which on a JVM whose common pool
 * has a parallelism of 1 (2 CPUs, Java 17) starts a new, unnamed thread ({@code Thread-N}) per
 * response. Nothing of the library runs on that thread: it only runs the JDK's own empty step, and
 * the answer is read, classified and retried on the revoker's {@code moonkey-io} threads.
 *
 * <p>Built completely at construction (no class of it is loaded later). Thread-safe.
 */
final class MoonKeyClient implements AutoCloseable {

  /** The path of the revocation endpoint under the API base. */
  static final String DELETE_PATH = "/v1/auth/sessions/delete";

  /** MoonKey's verify endpoint: who a token or JWT belongs to. */
  static final String VERIFY_PATH = "/v1/auth/sessions/verify";

  /** MoonKey's endpoint that lists a user's sessions. */
  static final String LIST_PATH = "/v1/auth/sessions/list";

  /** {@code moonkey-jakarta/<version>}, sent as {@code User-Agent}. */
  static final String USER_AGENT = "moonkey-jakarta/" + version();

  /** The most of a verify or list answer's body that is ever read, in bytes. */
  static final int MAX_ANSWER_BODY = 1 << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** How long after the caller's deadline the JDK client's own request timeout fires. */
  private static final Duration BACKSTOP = Duration.ofMillis(500);

  /**
   * Sends one request; the seam where tests put a failing network. The returned future, when
   * cancelled, aborts the exchange, as the JDK client's does.
   */
  @FunctionalInterface
  interface Exchange {
    CompletableFuture<HttpResponse<byte[]>> send(
        HttpRequest request, HttpResponse.BodyHandler<byte[]> body);
  }

  /**
   * One exchange in flight: its typed answer, and the way to abort it.
   *
   * @param answer completes when the answer has been read (for {@code delete}, never exceptionally)
   * @param exchange the JDK client's future, cancelled to abort the exchange
   */
  record Call<T>(CompletableFuture<T> answer, CompletableFuture<?> exchange) {
    /** Aborts the exchange (its connection is closed); the answer then completes at once. */
    void abort() {
      exchange.cancel(true);
    }
  }

  private final String apiUrl;
  private final String secretKey;
  private final String authorization;
  private final Clock clock;
  private final HttpClient client;
  private final Exchange exchange;
  private final Executor answers;

  /**
   * @param config the API URL, secret key, timeout and proxy
   * @param sslContext the TLS context for {@code https}, or null for the JVM's default
   * @param clock for the HTTP-date form of {@code Retry-After}
   * @param executor runs the client's own work and reads every answer (never blocks in either)
   * @param decorate wraps the exchange (tests inject faults here); {@code UnaryOperator.identity()}
   *     otherwise
   */
  MoonKeyClient(
      MoonKeyConfig config,
      SSLContext sslContext,
      Clock clock,
      Executor executor,
      UnaryOperator<Exchange> decorate) {
    this.apiUrl = config.apiUrl().toString().replaceAll("/+$", "");
    this.secretKey = config.secretKey();
    this.authorization = "Bearer " + config.secretKey();
    this.clock = Objects.requireNonNull(clock, "clock");
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(config.timeout())
            .proxy(config.proxy().selector())
            .executor(Objects.requireNonNull(executor, "executor"));
    if (sslContext != null) {
      builder.sslContext(sslContext);
    }
    this.client = underPlatformLoader(builder);
    this.exchange = decorate.apply(client::sendAsync);
    this.answers =
        task -> {
          try {
            executor.execute(task);
          } catch (RejectedExecutionException e) {
            // The revoker is closing: its operations have ended; read the answer where it is.
            task.run();
          }
        };
    warmUp();
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

  /**
   * Resolves now what the first call would otherwise load (Jackson's writer and reader, the body
   * reader), so that a class missing from the WAR stops the start instead of failing the first
   * logout.
   */
  private static void warmUp() {
    try {
      JSON.readTree(JSON.writeValueAsString(Map.of("session_id", "warm-up")));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Jackson cannot write and read a JSON object of one string");
    }
    BoundedBody.reading(0);
  }

  /**
   * {@code DELETE /v1/auth/sessions/delete} for one credential.
   *
   * @param timeout the most the exchange may take
   * @return the call; its answer is the typed outcome, a throwable included (as a {@link
   *     RevocationOutcome.TransientFailure} or {@link RevocationOutcome.TlsFailure})
   */
  Call<RevocationOutcome> delete(Credential credential, Duration timeout) {
    CompletableFuture<HttpResponse<byte[]>> sent =
        send(
            request(DELETE_PATH, timeout)
                .header("Content-Type", "application/json")
                .method("DELETE", json(credential))
                .build(),
            MoonKeyClient::deleteBody);
    return new Call<>(
        sent.handleAsync(
            (response, failure) ->
                failure == null
                    ? classify(response, credential)
                    : Failures.outcome(failure, secretKey, credential.value()),
            answers),
        sent);
  }

  /**
   * {@code POST /v1/auth/sessions/verify}: whose session a token or JWT names.
   *
   * @return the call; its answer is the owner, or empty when MoonKey does not know the session
   *     (404, or 401 {@code invalid_session}); it completes with a {@link MoonKeyFailure} on a
   *     refused secret key (any other 401, 403), any other answer or a failure
   */
  Call<Optional<SessionOwner>> verify(Credential credential, Duration timeout) {
    HttpRequest request =
        request(VERIFY_PATH, timeout)
            .header("Content-Type", "application/json")
            .POST(json(credential))
            .build();
    return lookup(
        request,
        credential,
        response -> {
          int status = response.statusCode();
          if (status == 404
              || (status == 401
                  && "invalid_session".equals(AnswerClassifier.errorType(response.body())))) {
            return Optional.empty();
          }
          JsonNode session = answer(response, "verify").path("session");
          String id = session.path("id").asText(null);
          String user = session.path("user_id").asText(null);
          if (id == null || user == null) {
            throw new MoonKeyFailure(
                RevocationOutcome.TransientFailure.of(
                    RevocationOutcome.TransientFailure.Kind.CALL,
                    "MoonKey's verify answer has no session id or user"));
          }
          return Optional.of(new SessionOwner(id, user));
        });
  }

  /**
   * {@code GET /v1/auth/sessions/list?user_id=}: the ids of a user's active sessions.
   *
   * @return the call; its answer completes with a {@link MoonKeyFailure} on a non-2xx answer or a
   *     failure
   */
  Call<List<String>> list(String userId, Duration timeout) {
    String query = "?user_id=" + URLEncoder.encode(userId, StandardCharsets.UTF_8);
    return lookup(
        request(LIST_PATH + query, timeout).GET().build(),
        null,
        response -> {
          List<String> ids = new ArrayList<>();
          for (JsonNode session : answer(response, "list").path("sessions")) {
            String id = session.path("id").asText(null);
            if (id != null && Credential.isAcceptable(id)) {
              ids.add(id);
            }
          }
          return List.copyOf(ids);
        });
  }

  /**
   * Sends a lookup (verify, list), whose answer body is read up to {@link #MAX_ANSWER_BODY}.
   *
   * @param about the credential the lookup is about, named in a failure; null for none
   * @param read the answer to its result; throws a {@link MoonKeyFailure} for an unusable one
   */
  private <T> Call<T> lookup(
      HttpRequest request, Credential about, Function<HttpResponse<byte[]>, T> read) {
    CompletableFuture<HttpResponse<byte[]>> sent =
        send(request, info -> BoundedBody.reading(MAX_ANSWER_BODY));
    return new Call<>(
        sent.handleAsync(
            (response, failure) -> {
              if (failure != null) {
                throw failure(failure, about);
              }
              return read.apply(response);
            },
            answers),
        sent);
  }

  private CompletableFuture<HttpResponse<byte[]>> send(
      HttpRequest request, HttpResponse.BodyHandler<byte[]> body) {
    try {
      return exchange.send(request, body);
    } catch (Throwable e) {
      // An Error too (a class missing from the WAR, say): a typed failure now, not a hang.
      return CompletableFuture.failedFuture(e);
    }
  }

  private HttpRequest.Builder request(String pathAndQuery, Duration timeout) {
    return HttpRequest.newBuilder(URI.create(apiUrl + pathAndQuery))
        // The caller's deadline ends the exchange; the JDK's own timer is only a backstop after it.
        .timeout(timeout.plus(BACKSTOP))
        .header("Authorization", authorization)
        .header("Accept", "application/json")
        .header("User-Agent", USER_AGENT);
  }

  private static HttpRequest.BodyPublisher json(Credential credential) {
    try {
      return HttpRequest.BodyPublishers.ofString(
          JSON.writeValueAsString(Map.of(credential.type().field(), credential.value())),
          StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON object of one string", e);
    }
  }

  /**
   * An error body is read up to a small bound, for its {@code error_type}. A success body is read
   * only when its {@code Content-Length} is that small (MoonKey's is a few dozen bytes): read to
   * its end, it leaves the connection in the pool for the next call. Any other body is dropped with
   * its connection instead of being drained.
   */
  private static HttpResponse.BodySubscriber<byte[]> deleteBody(HttpResponse.ResponseInfo info) {
    long length = info.headers().firstValueAsLong("Content-Length").orElse(-1);
    boolean read =
        info.statusCode() >= 300 || (length >= 0 && length <= AnswerClassifier.MAX_ERROR_BODY);
    return BoundedBody.reading(read ? AnswerClassifier.MAX_ERROR_BODY : 0);
  }

  private RevocationOutcome classify(HttpResponse<byte[]> response, Credential credential) {
    int status = response.statusCode();
    RevocationOutcome outcome =
        AnswerClassifier.classify(
            status,
            response.headers().firstValue("Retry-After").orElse(null),
            status >= 300 ? response.body() : new byte[0],
            clock.instant());
    // An error_type that echoes the credential would carry it into the logs.
    if (outcome instanceof RevocationOutcome.Rejected rejected
        && rejected.errorType() != null
        && rejected.errorType().contains(credential.value())) {
      return new RevocationOutcome.Rejected(status, null);
    }
    return outcome;
  }

  /** A 2xx answer as JSON; any other status is a {@link MoonKeyFailure} of its outcome. */
  private JsonNode answer(HttpResponse<byte[]> response, String what) {
    int status = response.statusCode();
    if (status / 100 != 2) {
      RevocationOutcome outcome =
          AnswerClassifier.classify(
              status,
              response.headers().firstValue("Retry-After").orElse(null),
              response.body(),
              clock.instant());
      throw new MoonKeyFailure(
          outcome.isRevoked()
              ? RevocationOutcome.TransientFailure.of(
                  RevocationOutcome.TransientFailure.Kind.CALL,
                  "MoonKey answered " + status + " to " + what)
              : outcome);
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new MoonKeyFailure(
          RevocationOutcome.TransientFailure.of(
              RevocationOutcome.TransientFailure.Kind.CALL,
              "MoonKey's " + what + " answer is not JSON"));
    }
  }

  private MoonKeyFailure failure(Throwable failure, Credential credential) {
    return failure instanceof MoonKeyFailure known
        ? known
        : new MoonKeyFailure(
            Failures.outcome(failure, secretKey, credential == null ? null : credential.value()));
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
    return "MoonKeyClient[" + apiUrl + "]";
  }

  private static String version() {
    Properties properties = new Properties();
    try (InputStream in = MoonKeyClient.class.getResourceAsStream("moonkey.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // An unknown version still identifies the library.
    }
    return properties.getProperty("version", "unknown");
  }
}
