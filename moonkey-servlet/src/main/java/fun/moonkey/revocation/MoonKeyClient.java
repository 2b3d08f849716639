package fun.moonkey.revocation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.credential.Credential;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.entity.BasicAsyncEntityProducer;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The MoonKey API over HTTP: builds its requests (key, {@code User-Agent}, JSON), sends them on
 * Apache HttpClient 5's asynchronous client without blocking a thread, and reads the answers into
 * typed results on the client's own I/O thread. Knows nothing of budgets, retries or the breaker:
 * that is {@link SessionRevoker}'s job.
 *
 * <p>Why a bundled client and no JAX-RS client: the library jar carries HttpClient relocated under
 * {@code fun.moonkey.shaded}, so it behaves the same whichever JAX-RS implementation the server
 * brings or the WAR bundles (Payara's Jersey has no {@code java.net.http} connector; WildFly's
 * {@code ClientBuilder} is RESTEasy's), and no application's own HttpClient or SLF4J can clash with
 * it. Why not the JDK's {@code java.net.http} client, used first: it completes every response
 * through {@code CompletableFuture}'s default executor, which on a JVM whose common pool has a
 * parallelism of 1 (2 CPUs) starts a new thread per response, and it cannot be stopped on Java 17.
 *
 * <p>The client: HTTP/1.1 only, a pool of up to {@code max-concurrency} kept-alive connections to
 * MoonKey (the bulkhead admits no more calls than that), no redirects, no retries of its own (the
 * revoker retries), no cookies, no authentication, no compression. Each call's connection-request,
 * connect and response timeouts are what remains of its budget, so a call ends without a timer of
 * ours; the I/O reactor checks them every {@link #SELECT_INTERVAL}. Its threads are {@code
 * moonkey-io-<client>-<n>} from {@link NamedThreads} (daemons, under the library's class loader),
 * stopped by {@link #close()}. HttpClient's own logging goes nowhere: see {@code
 * fun.moonkey.revocation.SilentLogs}.
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

  /**
   * How often the I/O reactor checks its timeouts (HttpClient's default is 1 s). The smallest
   * {@code timeout} is 100 ms: checked every 50 ms, a call ends at most half that late, and an idle
   * I/O thread wakes 20 times a second, which costs nothing measurable.
   */
  static final TimeValue SELECT_INTERVAL = TimeValue.ofMilliseconds(50);

  /** The client's I/O threads: they only move bytes and classify answers, never block. */
  static final int IO_THREADS = 2;

  private static final Logger LOG = System.getLogger(MoonKeyClient.class.getName());

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final ContentType APPLICATION_JSON = ContentType.create("application/json");

  /**
   * One request as the client sends it.
   *
   * @param producer the request line, headers and body
   * @param config its timeouts
   */
  record Request(AsyncRequestProducer producer, RequestConfig config) {}

  /**
   * Sends one request; the seam where tests put a failing network. The returned future, when
   * cancelled, aborts the exchange and closes its connection, as HttpClient's does.
   */
  @FunctionalInterface
  interface Exchange {
    Future<?> send(Request request, BoundedBody body);
  }

  /**
   * One exchange in flight: its typed answer, and the way to abort it.
   *
   * @param answer completes when the answer has been read (for {@code delete}, never exceptionally)
   * @param exchange HttpClient's future, cancelled to abort the exchange
   */
  record Call<T>(CompletableFuture<T> answer, Future<?> exchange) {
    /** Aborts the exchange (its connection is closed); the answer then completes at once. */
    void abort() {
      exchange.cancel(true);
    }
  }

  private final String apiUrl;
  private final String secretKey;
  private final String authorization;
  private final Clock clock;
  private final CloseableHttpAsyncClient client;
  private final Exchange exchange;
  private final RequestConfig defaults;

  /**
   * @param config the API URL, secret key, timeout, proxy and {@code max-concurrency}
   * @param sslContext the TLS context for {@code https}, or null for the JVM's default
   * @param clock for the HTTP-date form of {@code Retry-After}
   * @param threads makes the client's I/O threads
   * @param decorate wraps the exchange (tests inject faults here); {@code UnaryOperator.identity()}
   *     otherwise
   */
  MoonKeyClient(
      MoonKeyConfig config,
      SSLContext sslContext,
      Clock clock,
      ThreadFactory threads,
      UnaryOperator<Exchange> decorate) {
    this.apiUrl = config.apiUrl().toString().replaceAll("/+$", "");
    this.secretKey = config.secretKey();
    this.authorization = "Bearer " + config.secretKey();
    this.clock = Objects.requireNonNull(clock, "clock");
    Timeout whole = Timeout.of(config.timeout());
    int connections = config.reliability().maxConcurrency();
    this.defaults =
        RequestConfig.custom()
            .setRedirectsEnabled(false)
            .setAuthenticationEnabled(false)
            .setContentCompressionEnabled(false)
            .setProtocolUpgradeEnabled(false)
            .setExpectContinueEnabled(false)
            .setHardCancellationEnabled(true)
            .build();
    this.client =
        HttpAsyncClients.custom()
            .setConnectionManager(
                PoolingAsyncClientConnectionManagerBuilder.create()
                    // One route to MoonKey (two with a proxy that a JVM setting switches on).
                    .setMaxConnPerRoute(connections)
                    .setMaxConnTotal(2 * connections)
                    .setTlsStrategy(
                        ClientTlsStrategyBuilder.create()
                            .setSslContext(sslContext != null ? sslContext : jvmDefault())
                            .buildAsync())
                    .setDefaultTlsConfig(
                        TlsConfig.custom()
                            .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1)
                            .setHandshakeTimeout(whole)
                            .build())
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom().setConnectTimeout(whole).build())
                    .build())
            .setIOReactorConfig(
                IOReactorConfig.custom()
                    .setIoThreadCount(IO_THREADS)
                    .setSelectInterval(SELECT_INTERVAL)
                    .setTcpNoDelay(true)
                    .build())
            .setThreadFactory(Objects.requireNonNull(threads, "threads"))
            // HttpClient's own log goes nowhere (SilentLogs): what its reactor catches comes here.
            .setIoReactorExceptionCallback(
                e -> LOG.log(Level.DEBUG, "MoonKey client's I/O thread caught {0}", e.toString()))
            .setProxySelector(config.proxy().selector())
            .setDefaultRequestConfig(defaults)
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            .disableConnectionState()
            .disableContentCompression()
            .build();
    client.start();
    this.exchange =
        decorate.apply(
            (request, body) -> {
              HttpClientContext context = HttpClientContext.create();
              context.setRequestConfig(request.config());
              return client.execute(request.producer(), body, null, context, body);
            });
    warmUp();
  }

  private static SSLContext jvmDefault() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("The JVM has no default TLS context", e);
    }
  }

  /**
   * Resolves now what the first call would otherwise load (Jackson's reader, the body writer and
   * reader), so that a class missing from the WAR stops the start instead of failing the first
   * logout.
   */
  private static void warmUp() {
    try {
      JSON.readTree(JsonBody.of("session_id", "warm-up"));
    } catch (IOException e) {
      throw new IllegalStateException("Jackson cannot read a JSON object of one string");
    }
    BoundedBody.reading(0).answer();
  }

  /**
   * {@code DELETE /v1/auth/sessions/delete} for one credential.
   *
   * @param timeout the most the exchange may take: its connection-request, connect and response
   *     timeouts
   * @return the call; its answer is the typed outcome, a throwable included (as a {@link
   *     RevocationOutcome.TransientFailure} or {@link RevocationOutcome.TlsFailure}), completed on
   *     the I/O thread that read it
   */
  Call<RevocationOutcome> delete(Credential credential, Duration timeout) {
    BoundedBody body = new BoundedBody(MoonKeyClient::deleteBodyLimit);
    Future<?> sent = send(request(Method.DELETE, DELETE_PATH, json(credential), timeout), body);
    return new Call<>(
        body.answer()
            .handle(
                (answer, failure) ->
                    failure == null
                        ? classify(answer, credential)
                        : Failures.outcome(failure, secretKey, credential.value())),
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
    return lookup(
        request(Method.POST, VERIFY_PATH, json(credential), timeout),
        credential,
        answer -> {
          int status = answer.status();
          if (status == 404
              || (status == 401
                  && "invalid_session".equals(AnswerClassifier.errorType(answer.body())))) {
            return Optional.empty();
          }
          JsonNode session = json(answer, "verify").path("session");
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
   * {@code GET /v1/auth/sessions/list?user_id=}: a user's active sessions, those with an acceptable
   * id ({@link Credential#isAcceptable}), in MoonKey's order.
   *
   * @return the call; its answer completes with a {@link MoonKeyFailure} on a non-2xx answer or a
   *     failure
   */
  Call<List<MoonKeySession>> list(String userId, Duration timeout) {
    String query = "?user_id=" + URLEncoder.encode(userId, StandardCharsets.UTF_8);
    return lookup(
        request(Method.GET, LIST_PATH + query, null, timeout),
        null,
        answer -> {
          List<MoonKeySession> sessions = new ArrayList<>();
          for (JsonNode session : json(answer, "list").path("sessions")) {
            String id = session.path("id").asText(null);
            if (id != null && Credential.isAcceptable(id)) {
              sessions.add(MoonKeySession.of(id, session));
            }
          }
          return List.copyOf(sessions);
        });
  }

  /**
   * Sends a lookup (verify, list), whose answer body is read up to {@link #MAX_ANSWER_BODY}.
   *
   * @param about the credential the lookup is about, named in a failure; null for none
   * @param read the answer to its result; throws a {@link MoonKeyFailure} for an unusable one
   */
  private <T> Call<T> lookup(
      Request request, Credential about, Function<BoundedBody.Answer, T> read) {
    BoundedBody body = BoundedBody.reading(MAX_ANSWER_BODY);
    Future<?> sent = send(request, body);
    return new Call<>(
        body.answer()
            .handle(
                (answer, failure) -> {
                  if (failure != null) {
                    throw failure(failure, about);
                  }
                  return read.apply(answer);
                }),
        sent);
  }

  private Future<?> send(Request request, BoundedBody body) {
    try {
      return exchange.send(request, body);
    } catch (Throwable e) {
      // An Error too (a class missing from the WAR, say): a typed failure now, not a hang.
      body.answer().completeExceptionally(e);
      return CompletableFuture.failedFuture(e);
    }
  }

  // RequestConfig's connect timeout is deprecated for ConnectionConfig's, which is per route; the
  // client still honours the per-request one, which lets a call's connect end with its budget.
  @SuppressWarnings("deprecation")
  private Request request(Method method, String pathAndQuery, byte[] json, Duration timeout) {
    BasicHttpRequest request = new BasicHttpRequest(method, URI.create(apiUrl + pathAndQuery));
    request.addHeader("Authorization", authorization);
    request.addHeader("Accept", "application/json");
    request.addHeader("User-Agent", USER_AGENT);
    Timeout left = Timeout.ofMilliseconds(Math.max(1, (timeout.toNanos() + 999_999) / 1_000_000));
    return new Request(
        new BasicRequestProducer(
            request, json == null ? null : new BasicAsyncEntityProducer(json, APPLICATION_JSON)),
        RequestConfig.copy(defaults)
            .setConnectionRequestTimeout(left)
            .setConnectTimeout(left)
            .setResponseTimeout(left)
            .build());
  }

  private static byte[] json(Credential credential) {
    return JsonBody.of(credential.type().field(), credential.value());
  }

  /**
   * An error body is read up to a small bound, for its {@code error_type}. A success body is read
   * only when its {@code Content-Length} is that small (MoonKey's is a few dozen bytes): read to
   * its end, it leaves the connection in the pool for the next call. Any other body is dropped with
   * its connection instead of being drained.
   */
  private static int deleteBodyLimit(HttpResponse head) {
    long length = -1;
    try {
      var header = head.getFirstHeader("Content-Length");
      length = header == null ? -1 : Long.parseLong(header.getValue().strip());
    } catch (NumberFormatException e) {
      // Unusable: as if absent.
    }
    boolean read =
        head.getCode() >= 300 || (length >= 0 && length <= AnswerClassifier.MAX_ERROR_BODY);
    return read ? AnswerClassifier.MAX_ERROR_BODY : 0;
  }

  private RevocationOutcome classify(BoundedBody.Answer answer, Credential credential) {
    int status = answer.status();
    RevocationOutcome outcome =
        AnswerClassifier.classify(
            status,
            answer.retryAfter(),
            status >= 300 ? answer.body() : new byte[0],
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
  private JsonNode json(BoundedBody.Answer answer, String what) {
    int status = answer.status();
    if (status / 100 != 2) {
      RevocationOutcome outcome =
          AnswerClassifier.classify(status, answer.retryAfter(), answer.body(), clock.instant());
      throw new MoonKeyFailure(
          outcome.isRevoked()
              ? RevocationOutcome.TransientFailure.of(
                  RevocationOutcome.TransientFailure.Kind.CALL,
                  "MoonKey answered " + status + " to " + what)
              : outcome);
    }
    try {
      return JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new MoonKeyFailure(
          RevocationOutcome.TransientFailure.of(
              RevocationOutcome.TransientFailure.Kind.CALL,
              "MoonKey's " + what + " answer is not JSON"));
    }
  }

  private MoonKeyFailure failure(Throwable failure, Credential credential) {
    Throwable cause = Failures.unwrap(failure);
    return cause instanceof MoonKeyFailure known
        ? known
        : new MoonKeyFailure(
            Failures.outcome(cause, secretKey, credential == null ? null : credential.value()));
  }

  /**
   * Stops the client at once: every exchange still open is aborted and its connection closed, and
   * the I/O threads have ended when this returns (2 s at most). Each I/O thread is asked to stop
   * and closes its own connections before the client is closed; closed from here at once ({@code
   * CloseMode.IMMEDIATE} alone), a thread still stopping would find its selector closed under it.
   */
  @Override
  public void close() {
    client.initiateShutdown();
    try {
      client.awaitShutdown(TimeValue.ofSeconds(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      client.close(CloseMode.IMMEDIATE);
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
