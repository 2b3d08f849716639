package fun.moonkey.revocation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fun.moonkey.config.ConfigKeys;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.config.Reliability;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.security.LogSafe;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * The MoonKey API client: revokes one session with {@code DELETE /v1/auth/sessions/delete}.
 *
 * <p>One JDK HTTP client per instance ({@link MoonKeyHttp}), with no redirects followed, and its
 * own named daemon threads. {@link #revoke(Credential)} is bounded by {@code timeout} as a whole
 * (connect, send, read and every retry together): a call still running when the budget ends is
 * aborted (its thread interrupted, its response closed), so neither the answer nor a thread is held
 * past it. Transient failures are retried up to {@code max-attempts} with {@link Backoff}, while
 * the next attempt can still start within the budget.
 *
 * <p>Every call passes a {@linkplain CircuitBreaker circuit breaker} and a {@linkplain Bulkhead
 * bulkhead} ({@code max-concurrency} calls in flight). A call the breaker or the bulkhead stops is
 * a {@link RevocationOutcome.TransientFailure} at once (or when the budget ends), which the caller
 * hands to the background retrier.
 *
 * <p>Thread-safe; share one instance per configured MoonKey client, and {@link #close()} it when
 * the application stops.
 */
public final class SessionRevoker implements AutoCloseable {

  /** The path of the revocation endpoint under the API base. */
  public static final String DELETE_PATH = "/v1/auth/sessions/delete";

  /** MoonKey's verify endpoint: who a token or JWT belongs to. */
  public static final String VERIFY_PATH = "/v1/auth/sessions/verify";

  /** MoonKey's endpoint that lists a user's sessions. */
  public static final String LIST_PATH = "/v1/auth/sessions/list";

  /** {@code moonkey-jakarta/<version>}, sent as {@code User-Agent}. */
  public static final String USER_AGENT = "moonkey-jakarta/" + version();

  /** The reason of a failure the open circuit breaker caused, without a call. */
  public static final String BREAKER_OPEN = "circuit breaker open";

  private static final Logger LOG = System.getLogger(SessionRevoker.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final MoonKeyConfig config;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final Backoff backoff;
  private final CircuitBreaker breaker;
  private final Bulkhead bulkhead;
  private final ExecutorService executor;
  private final ScheduledExecutorService scheduler;
  private final MoonKeyHttp http;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final LatencyHistogram latency = new LatencyHistogram();

  /**
   * @param config the API URL, secret key, timeout and reliability settings to use
   */
  public SessionRevoker(MoonKeyConfig config) {
    this(config, null);
  }

  /**
   * @param config the API URL, secret key, timeout and reliability settings to use
   * @param sslContext the TLS context for {@code https} (to trust a private CA), or null for the
   *     JVM's default trust store
   */
  public SessionRevoker(MoonKeyConfig config, SSLContext sslContext) {
    this(
        config,
        sslContext,
        Clock.systemUTC(),
        System::nanoTime,
        () -> ThreadLocalRandom.current().nextDouble());
  }

  SessionRevoker(
      MoonKeyConfig config,
      SSLContext sslContext,
      Clock clock,
      LongSupplier nanoTime,
      DoubleSupplier random) {
    this(config, sslContext, clock, nanoTime, random, UnaryOperator.identity());
  }

  /**
   * @param network wraps the HTTP exchange; tests inject faults there
   */
  SessionRevoker(
      MoonKeyConfig config,
      SSLContext sslContext,
      Clock clock,
      LongSupplier nanoTime,
      DoubleSupplier random,
      UnaryOperator<MoonKeyHttp.Exchange> network) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    Reliability reliability = config.reliability();
    this.backoff = new Backoff(reliability.backoffInitial(), reliability.backoffMax(), random);
    this.breaker =
        new CircuitBreaker(reliability.breakerFailures(), reliability.breakerCooldown(), nanoTime);
    this.bulkhead = new Bulkhead(reliability.maxConcurrency());
    int instance = INSTANCES.incrementAndGet();
    this.executor = Executors.newCachedThreadPool(named("moonkey-revoker-" + instance + "-"));
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(1, named("moonkey-deadline-" + instance + "-"));
    timer.setRemoveOnCancelPolicy(true);
    this.scheduler = timer;
    this.http = new MoonKeyHttp(config, sslContext, executor, network);
    warmUp();
  }

  /**
   * Resolves now what the first call would otherwise load (Jackson's writer and reader), so that a
   * class missing from the WAR stops the start instead of failing the first logout.
   */
  private static void warmUp() {
    try {
      JSON.readTree(JSON.writeValueAsString(Map.of("session_id", "warm-up")));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Jackson cannot write and read a JSON object of one string");
    }
  }

  /**
   * Revokes one session at MoonKey, retrying transient failures within the budget.
   *
   * @param credential the session's id, token or JWT
   * @return the outcome; the stage never completes exceptionally and completes within the
   *     configured timeout
   * @throws IllegalStateException after {@link #close()}
   */
  public CompletionStage<RevocationOutcome> revoke(Credential credential) {
    return run(credential, config.reliability().maxAttempts(), true);
  }

  /**
   * Makes one attempt, through the breaker and the bulkhead, within the configured timeout; for the
   * background retrier, which schedules its own retries. Logs at DEBUG only.
   *
   * @param credential the session's id, token or JWT
   * @return the outcome; never completes exceptionally
   * @throws IllegalStateException after {@link #close()}
   */
  public CompletionStage<RevocationOutcome> revokeOnce(Credential credential) {
    return run(credential, 1, false);
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

  /** How many HTTP calls this revoker has started, retries included. */
  public long calls() {
    return calls.get();
  }

  /**
   * Asks MoonKey whose session a token or JWT names ({@code POST /v1/auth/sessions/verify}), within
   * the configured timeout, through the breaker.
   *
   * @param credential a session token or JWT (an id cannot be verified)
   * @return the owner; empty when MoonKey does not know the session (401 or 404); completes
   *     exceptionally on any other answer, a failure or the timeout
   */
  public CompletionStage<Optional<SessionOwner>> owner(Credential credential) {
    if (credential.type() == CredentialType.SESSION_ID) {
      throw new IllegalArgumentException("a session id cannot be verified: " + credential.hash());
    }
    return lookup(
        budget -> {
          String body =
              JSON.writeValueAsString(Map.of(credential.type().field(), credential.value()));
          HttpResponse<InputStream> response = http.post(VERIFY_PATH, body, budget);
          int status = response.statusCode();
          if (status == 401 || status == 404) {
            MoonKeyHttp.read(response, 0);
            return Optional.<SessionOwner>empty();
          }
          JsonNode session = answer(response, "verify").path("session");
          String id = session.path("id").asText(null);
          String user = session.path("user_id").asText(null);
          if (id == null || user == null) {
            throw new IllegalStateException("MoonKey's verify answer has no session id or user");
          }
          return Optional.of(new SessionOwner(id, user));
        });
  }

  /**
   * Lists the active sessions of a user ({@code GET /v1/auth/sessions/list?user_id=}), within the
   * configured timeout, through the breaker.
   *
   * @param userId the user's id
   * @return the ids of the user's sessions; completes exceptionally on a non-2xx answer, a failure
   *     or the timeout
   */
  public CompletionStage<List<String>> sessionsOf(String userId) {
    Objects.requireNonNull(userId, "userId");
    return lookup(
        budget -> {
          HttpResponse<InputStream> response = http.get(LIST_PATH, "user_id", userId, budget);
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

  /** Reads a 2xx answer as JSON; any other status is a failure. Closes the body. */
  private static JsonNode answer(HttpResponse<InputStream> response, String what)
      throws IOException {
    byte[] body = MoonKeyHttp.read(response, MoonKeyHttp.MAX_ANSWER_BODY);
    int status = response.statusCode();
    if (status / 100 != 2) {
      throw new IllegalStateException("MoonKey answered " + status + " to " + what);
    }
    return JSON.readTree(body);
  }

  /** A call that reads from MoonKey, on the client's threads, within {@code budget}. */
  private interface Lookup<T> {
    T call(Duration budget) throws IOException, InterruptedException;
  }

  private <T> CompletionStage<T> lookup(Lookup<T> lookup) {
    if (closed.get()) {
      throw new IllegalStateException("SessionRevoker is closed");
    }
    if (!breaker.mayCall()) {
      return CompletableFuture.failedFuture(new IllegalStateException(BREAKER_OPEN));
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      executor.execute(
          () -> {
            calls.incrementAndGet();
            long sent = nanoTime.getAsLong();
            try {
              result.complete(lookup.call(config.timeout()));
            } catch (Throwable e) {
              // An Error too: the caller gets it now, not at the deadline.
              result.completeExceptionally(e);
            } finally {
              latency.record(nanoTime.getAsLong() - sent);
            }
          });
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new IllegalStateException("client closed"));
    }
    return result.orTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** How many retries within a revocation's budget this revoker has started. */
  public long retries() {
    return retries.get();
  }

  /** How long MoonKey took to answer each HTTP call. */
  public LatencyHistogram latency() {
    return latency;
  }

  /** The backoff the revoker retries with; the background retrier uses the same. */
  public Backoff backoff() {
    return backoff;
  }

  /** The circuit breaker's state: {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}. */
  public String breakerState() {
    return breaker.state().name();
  }

  /** The most calls that were in flight at once. */
  public int peakConcurrency() {
    return bulkhead.peak();
  }

  private CompletionStage<RevocationOutcome> run(
      Credential credential, int maxAttempts, boolean logAtWarn) {
    Objects.requireNonNull(credential, "credential");
    if (closed.get()) {
      throw new IllegalStateException("SessionRevoker is closed");
    }
    long start = nanoTime.getAsLong();
    Duration budget = config.timeout();
    long deadline = start + budget.toNanos();
    CompletableFuture<RevocationOutcome> result = new CompletableFuture<>();
    ScheduledFuture<?> safety =
        schedule(() -> result.complete(outOfTime(budget)), budget.toNanos(), result);
    try {
      attempt(credential, 1, maxAttempts, deadline, result);
    } catch (Throwable e) {
      result.complete(failure(e, credential));
    }
    return result.whenComplete(
        (outcome, ignored) -> {
          if (safety != null) {
            safety.cancel(false);
          }
          log(credential, outcome, (nanoTime.getAsLong() - start) / 1_000_000, logAtWarn);
        });
  }

  private void attempt(
      Credential credential,
      int attempt,
      int maxAttempts,
      long deadline,
      CompletableFuture<RevocationOutcome> result) {
    if (result.isDone()) {
      return;
    }
    if (!breaker.mayCall()) {
      result.complete(breakerOpen());
      return;
    }
    CompletableFuture<Boolean> permit = bulkhead.acquire();
    if (!permit.isDone()) {
      long wait = deadline - nanoTime.getAsLong();
      Runnable giveUp =
          () -> {
            if (bulkhead.abandon(permit)) {
              result.complete(
                  new RevocationOutcome.TransientFailure(
                      0,
                      "max-concurrency calls to MoonKey in flight until the budget ended",
                      Optional.empty(),
                      null));
            }
          };
      schedule(giveUp, Math.max(0, wait), result);
    }
    permit.thenAccept(
        granted -> {
          if (granted) {
            submit(credential, attempt, maxAttempts, deadline, result);
          }
        });
  }

  private void submit(
      Credential credential,
      int attempt,
      int maxAttempts,
      long deadline,
      CompletableFuture<RevocationOutcome> result) {
    try {
      executor.execute(
          () -> {
            try {
              call(credential, attempt, maxAttempts, deadline, result);
            } catch (Throwable e) {
              // Nothing may leave a logout waiting for its deadline, nor kill a worker.
              result.complete(failure(e, credential));
            }
          });
    } catch (RejectedExecutionException e) {
      bulkhead.release();
      result.complete(
          new RevocationOutcome.TransientFailure(0, "client closed", Optional.empty(), null));
    }
  }

  private void call(
      Credential credential,
      int attempt,
      int maxAttempts,
      long deadline,
      CompletableFuture<RevocationOutcome> result) {
    RevocationOutcome outcome;
    Call call = new Call(Thread.currentThread());
    try {
      long remaining = deadline - nanoTime.getAsLong();
      if (remaining <= 0 || result.isDone()) {
        outcome = outOfTime(config.timeout());
      } else if (!breaker.tryAcquire()) {
        // Checked again with the permit in hand: the breaker may have opened while this waited.
        outcome = breakerOpen();
      } else {
        calls.incrementAndGet();
        ScheduledFuture<?> watchdog = schedule(call::abort, remaining, result);
        long sent = nanoTime.getAsLong();
        try {
          outcome = send(credential, call, Duration.ofNanos(remaining));
        } catch (Throwable e) {
          // An Error too (a class missing from the WAR, say): a typed failure now, not a hang.
          outcome = failure(e, credential);
        } finally {
          if (watchdog != null) {
            watchdog.cancel(false);
          }
          call.finish();
          latency.record(nanoTime.getAsLong() - sent);
        }
        if (call.aborted()) {
          outcome = outOfTime(config.timeout());
        }
        breaker.record(outcome);
      }
    } finally {
      bulkhead.release();
    }
    next(credential, attempt, maxAttempts, deadline, result, outcome);
  }

  private void next(
      Credential credential,
      int attempt,
      int maxAttempts,
      long deadline,
      CompletableFuture<RevocationOutcome> result,
      RevocationOutcome outcome) {
    if (!(outcome instanceof RevocationOutcome.TransientFailure failure)
        || attempt >= maxAttempts
        || failure.reason().equals(BREAKER_OPEN)
        || result.isDone()) {
      result.complete(outcome);
      return;
    }
    Duration delay = backoff.delay(attempt, failure.retryAfter());
    long remaining = deadline - nanoTime.getAsLong();
    // A retry that could not start before the budget ends is left to the background retrier.
    if (delay.toNanos() >= remaining) {
      result.complete(outcome);
      return;
    }
    retries.incrementAndGet();
    LOG.log(
        Level.DEBUG,
        "Retrying the revocation of {0} in {1} ms after {2}",
        credential.hash(),
        delay.toMillis(),
        failure.reason());
    if (delay.isZero()) {
      attempt(credential, attempt + 1, maxAttempts, deadline, result);
      return;
    }
    ScheduledFuture<?> retry =
        schedule(
            () -> attempt(credential, attempt + 1, maxAttempts, deadline, result),
            delay.toNanos(),
            result);
    if (retry == null) {
      result.complete(outcome);
    }
  }

  private ScheduledFuture<?> schedule(
      Runnable task, long nanos, CompletableFuture<RevocationOutcome> result) {
    try {
      return scheduler.schedule(task, nanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      result.complete(
          new RevocationOutcome.TransientFailure(0, "client closed", Optional.empty(), null));
      return null;
    }
  }

  private static RevocationOutcome breakerOpen() {
    return new RevocationOutcome.TransientFailure(0, BREAKER_OPEN, Optional.empty(), null);
  }

  private static RevocationOutcome outOfTime(Duration budget) {
    return new RevocationOutcome.TransientFailure(
        0, "no answer within " + budget.toMillis() + " ms", Optional.empty(), null);
  }

  private RevocationOutcome send(Credential credential, Call call, Duration remaining)
      throws IOException, InterruptedException {
    String body;
    try {
      body = JSON.writeValueAsString(Map.of(credential.type().field(), credential.value()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON object of one string", e);
    }
    HttpResponse<InputStream> response = http.delete(DELETE_PATH, body, remaining);
    call.hold(response.body());
    return classify(response, credential);
  }

  private RevocationOutcome classify(HttpResponse<InputStream> response, Credential credential) {
    // An error body is read up to a small bound, for its error_type. A success body is read only
    // when its Content-Length is that small (MoonKey's is a few dozen bytes): read to its end, it
    // leaves the connection in the pool for the next call. Any other body is dropped with its
    // connection when the stream closes, instead of being drained.
    int status = response.statusCode();
    long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    boolean read = status >= 300 || (length >= 0 && length <= AnswerClassifier.MAX_ERROR_BODY);
    byte[] body = MoonKeyHttp.read(response, read ? AnswerClassifier.MAX_ERROR_BODY : 0);
    byte[] errorBody = status >= 300 ? body : new byte[0];
    RevocationOutcome outcome =
        AnswerClassifier.classify(
            status,
            response.headers().firstValue("Retry-After").orElse(null),
            errorBody,
            clock.instant());
    // An error_type that echoes the credential would carry it into the logs.
    if (outcome instanceof RevocationOutcome.Rejected rejected
        && rejected.errorType() != null
        && rejected.errorType().contains(credential.value())) {
      return new RevocationOutcome.Rejected(status, null);
    }
    return outcome;
  }

  /** A throwable of the revocation path as a typed outcome whose reason hides our secrets. */
  private RevocationOutcome failure(Throwable failure, Credential credential) {
    return fromException(failure, config.secretKey(), credential.value());
  }

  /**
   * @param secrets values the reason must not show (the secret key, the credential)
   * @return a {@link RevocationOutcome.TlsFailure} when the chain holds an {@link SSLException},
   *     else a {@link RevocationOutcome.TransientFailure} whose reason is the root cause's class
   *     and its message, escaped for a log line and with every secret masked
   */
  static RevocationOutcome fromException(Throwable failure, String... secrets) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof UncheckedIOException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return new RevocationOutcome.TlsFailure(describe(t, secrets), t);
      }
    }
    return new RevocationOutcome.TransientFailure(
        0, describe(cause, secrets), Optional.empty(), cause);
  }

  /** {@code ConnectException} or {@code NoClassDefFoundError: org/…/Connector}, safe to log. */
  static String describe(Throwable t, String... secrets) {
    String name = t.getClass().getSimpleName();
    String message = t.getMessage();
    if (message == null || message.isBlank()) {
      return name;
    }
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) {
        message = message.replace(secret, "****");
      }
    }
    return name + ": " + LogSafe.escape(message);
  }

  private void log(Credential credential, RevocationOutcome outcome, long millis, boolean warn) {
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
    } else if (outcome instanceof RevocationOutcome.TlsFailure t) {
      LOG.log(
          Level.ERROR,
          "TLS with MoonKey at {0} failed ({1}) while revoking {2}; not retried: check the trust"
              + " store and the setting {3}",
          config.apiUrl(),
          t.reason(),
          credential.hash(),
          ConfigKeys.PREFIX + ConfigKeys.API_URL);
    } else if (outcome instanceof RevocationOutcome.TransientFailure t) {
      LOG.log(
          warn ? Level.WARNING : Level.DEBUG,
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
    scheduler.shutdownNow();
    executor.shutdownNow();
    http.close();
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

  /**
   * One HTTP call in progress, so that the budget's end can abort it: the thread blocked in
   * connect, send or read is interrupted (the JDK client then cancels the exchange) and the body,
   * if an answer arrived, is closed.
   */
  private static final class Call {
    private final Thread thread;
    private InputStream body;
    private boolean running = true;
    private boolean aborted;

    Call(Thread thread) {
      this.thread = thread;
    }

    synchronized void hold(InputStream body) {
      this.body = body;
    }

    synchronized void abort() {
      if (!running) {
        return;
      }
      aborted = true;
      thread.interrupt();
      if (body != null) {
        try {
          body.close();
        } catch (IOException | RuntimeException e) {
          // The reader sees the stream end; nothing more to release.
        }
      }
    }

    synchronized boolean aborted() {
      return aborted;
    }

    void finish() {
      synchronized (this) {
        running = false;
      }
      // An interrupt meant for this call must not reach the pool thread's next task.
      Thread.interrupted();
    }
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
