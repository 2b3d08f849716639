package fun.moonkey.revocation;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.config.Reliability;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.revocation.RevocationOutcome.TransientFailure;
import fun.moonkey.revocation.RevocationOutcome.TransientFailure.Kind;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;

/**
 * Calls MoonKey within a budget: revokes sessions, and looks up a session's owner and a user's
 * sessions, through {@link MoonKeyClient}, with no thread held per call in flight.
 *
 * <p>A revocation is stages composed around one exchange ({@link Step}), each a class of its own:
 * {@link RetryStage} (transient failures retried up to {@code max-attempts} with {@link Backoff},
 * while a retry can still start within the budget), the {@linkplain BreakerStage circuit breaker}
 * (a call it refuses is a {@link Kind#BREAKER_OPEN} failure at once), the {@linkplain BulkheadStage
 * bulkhead} ({@code max-concurrency} calls in flight, the rest waiting without a thread), and the
 * {@link ExchangeStep} itself, whose connect, response and pool timeouts are what remains of the
 * budget. A verify or list is one exchange behind the breaker and the bulkhead. {@link Deadlines}
 * ends each operation at its one {@link Budget} ({@code timeout} unless the caller shares one),
 * whatever it is doing, and aborts its exchange. One clock ({@code nanoTime}) serves them all.
 *
 * <p>Threads: the HTTP client's I/O threads ({@code moonkey-io-*}), one timer ({@code
 * moonkey-timer-*}), and workers ({@code moonkey-revoker-*}) started only for what callers hand to
 * {@link #workers()}. An outcome completes on the thread that settles it: the I/O thread that read
 * MoonKey's answer (the usual case, with no hand-off), the timer (budget's end, breaker open after
 * a wait), or the thread that calls {@link #close()}. So a stage's dependent actions run there too:
 * they must not block. Work that may (a journal write, a JDBC insert, user code) goes to {@link
 * #workers()}.
 *
 * <p>Thread-safe; share one instance per configured MoonKey client, and {@link #close()} it when
 * the application stops.
 */
public final class SessionRevoker implements AutoCloseable {

  /** The path of the revocation endpoint under the API base. */
  public static final String DELETE_PATH = MoonKeyClient.DELETE_PATH;

  /** MoonKey's verify endpoint: who a token or JWT belongs to. */
  public static final String VERIFY_PATH = MoonKeyClient.VERIFY_PATH;

  /** MoonKey's endpoint that lists a user's sessions. */
  public static final String LIST_PATH = MoonKeyClient.LIST_PATH;

  /** {@code moonkey-jakarta/<version>}, sent as {@code User-Agent}. */
  public static final String USER_AGENT = MoonKeyClient.USER_AGENT;

  /** The reason of a failure the open circuit breaker caused, without a call. */
  public static final String BREAKER_OPEN = "circuit breaker open";

  static final System.Logger LOG = System.getLogger(SessionRevoker.class.getName());

  private final MoonKeyConfig config;
  private final LongSupplier nanoTime;
  private final RevokerThreads threads;
  private final MoonKeyClient client;
  private final Backoff backoff;
  private final CircuitBreaker breaker;
  private final Bulkhead bulkhead;
  private final Deadlines deadlines;
  private final RetryStage retry;
  private final BreakerStage breakerStage;
  private final BulkheadStage bulkheadStage;
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
      UnaryOperator<MoonKeyClient.Exchange> network) {
    this.config = Objects.requireNonNull(config, "config");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    Reliability reliability = config.reliability();
    this.threads = new RevokerThreads();
    this.client = new MoonKeyClient(config, sslContext, clock, threads.io(), network);
    this.backoff = new Backoff(reliability.backoffInitial(), reliability.backoffMax(), random);
    this.breaker =
        new CircuitBreaker(reliability.breakerFailures(), reliability.breakerCooldown(), nanoTime);
    this.bulkhead = new Bulkhead(reliability.maxConcurrency());
    this.deadlines = new Deadlines(threads);
    this.retry = new RetryStage(backoff, threads);
    this.breakerStage = new BreakerStage(breaker, config.timeout());
    this.bulkheadStage = new BulkheadStage(bulkhead, threads);
  }

  /** A budget of {@code timeout} that starts now, to share among several calls. */
  public Budget budget() {
    return new Budget(nanoTime, config.timeout());
  }

  /**
   * Revokes one session at MoonKey, retrying transient failures within {@code timeout}.
   *
   * @param credential the session's id, token or JWT
   * @return the outcome; the stage never completes exceptionally, and completes within the timeout
   *     (at most one sweep, 50 ms, after it), on a thread of the revoker that must not be blocked
   * @throws IllegalStateException after {@link #close()}
   */
  public CompletionStage<RevocationOutcome> revoke(Credential credential) {
    return revoke(credential, budget());
  }

  /**
   * {@link #revoke(Credential)} within a budget shared with other calls.
   *
   * @param credential the session's id, token or JWT
   * @param budget what is left of the caller's budget
   * @return the outcome; never completes exceptionally
   * @throws IllegalStateException after {@link #close()}
   */
  public CompletionStage<RevocationOutcome> revoke(Credential credential, Budget budget) {
    return revocation(credential, budget, config.reliability().maxAttempts(), false);
  }

  /**
   * {@link #revoke(Credential, Budget)} for a caller that reports the outcome in a line of its own
   * (a logout's one line, {@code fun.moonkey.logout.LogoutLog}): the revoker logs it at DEBUG only,
   * so that a failure is not logged twice.
   *
   * @param credential the session's id, token or JWT
   * @param budget what is left of the caller's budget
   * @return the outcome; never completes exceptionally
   * @throws IllegalStateException after {@link #close()}
   */
  public CompletionStage<RevocationOutcome> revokeQuietly(Credential credential, Budget budget) {
    return revocation(credential, budget, config.reliability().maxAttempts(), true);
  }

  /**
   * Makes one attempt, through the breaker and the bulkhead, within the configured timeout; for the
   * background retrier, which schedules its own retries and reports what it delivers or gives up.
   * Logs at DEBUG only.
   *
   * @param credential the session's id, token or JWT
   * @return the outcome; never completes exceptionally
   * @throws IllegalStateException after {@link #close()}
   */
  public CompletionStage<RevocationOutcome> revokeOnce(Credential credential) {
    return revocation(credential, budget(), 1, true);
  }

  /**
   * Blocking form of {@link #revoke(Credential)}: a wait on it, which ends within the timeout.
   *
   * @param credential the session's id, token or JWT
   * @return the outcome
   */
  public RevocationOutcome revokeAndWait(Credential credential) {
    return revoke(credential).toCompletableFuture().join();
  }

  /**
   * Asks MoonKey whose session a token or JWT names ({@code POST /v1/auth/sessions/verify}) in one
   * call, within the budget, through the breaker and the bulkhead.
   *
   * @param credential a session token or JWT (an id cannot be verified)
   * @param budget what is left of the caller's budget
   * @return the owner; empty when MoonKey does not know the session; completes exceptionally with a
   *     {@link MoonKeyFailure} (a refused secret key, any other answer, a failure, the budget's
   *     end)
   */
  public CompletionStage<Optional<SessionOwner>> owner(Credential credential, Budget budget) {
    if (credential.type() == CredentialType.SESSION_ID) {
      throw new IllegalArgumentException("a session id cannot be verified: " + credential.hash());
    }
    return lookup(budget, remaining -> client.verify(credential, remaining));
  }

  /**
   * Lists the active sessions of a user ({@code GET /v1/auth/sessions/list?user_id=}) in one call,
   * within the budget, through the breaker and the bulkhead.
   *
   * @param userId the user's id
   * @param budget what is left of the caller's budget
   * @return the ids of the user's sessions; completes exceptionally with a {@link MoonKeyFailure}
   */
  public CompletionStage<List<String>> sessionsOf(String userId, Budget budget) {
    return listSessions(userId, budget)
        .thenApply(sessions -> sessions.stream().map(MoonKeySession::id).toList());
  }

  /**
   * {@link #sessionsOf} with what MoonKey says about each session (created, last active, device),
   * for a user's list of their sessions.
   *
   * @param userId the user's id
   * @param budget what is left of the caller's budget
   * @return the user's sessions in MoonKey's order; completes exceptionally with a {@link
   *     MoonKeyFailure}
   */
  public CompletionStage<List<MoonKeySession>> listSessions(String userId, Budget budget) {
    Objects.requireNonNull(userId, "userId");
    return lookup(budget, remaining -> client.list(userId, remaining));
  }

  /**
   * Runs follow-up work that may block (a journal write, a JDBC insert, listeners) on this
   * revoker's workers ({@code moonkey-revoker-*}, up to 16, started on demand), never on the thread
   * that completed an outcome. After {@link #close()}, on the calling thread.
   */
  public Executor workers() {
    return threads.workers();
  }

  /** How many HTTP calls this revoker has started, retries included. */
  public long calls() {
    return calls.get();
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

  /**
   * How long until the open circuit breaker lets a trial call through; zero when it is closed or a
   * trial is out. The background retrier waits this long instead of counting the breaker's refusals
   * as MoonKey's failures.
   */
  public Duration untilBreakerTrial() {
    return breaker.untilTrial();
  }

  /** The most calls that were in flight at once. */
  public int peakConcurrency() {
    return bulkhead.peak();
  }

  /** The failure of a revocation whose budget ended before an answer. */
  public static TransientFailure outOfTime(Budget budget) {
    return Deadlines.outOfTime(budget);
  }

  /** The failure of a revocation asked of, or ended by, a closed revoker. */
  public static TransientFailure closedFailure() {
    return Deadlines.closed();
  }

  /**
   * Stops the client and every thread this instance started. Operations in flight (in a call,
   * waiting for a permit or in a backoff) complete at once, on this thread, with a {@link
   * Kind#CLOSED} failure, and their exchanges are aborted. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    deadlines.close();
    client.close();
    threads.close();
  }

  /**
   * A revocation: the stages around one DELETE, within the budget; its outcome logged ({@link
   * OutcomeLog}) before the stage completes, at DEBUG only when {@code quiet}.
   */
  private CompletionStage<RevocationOutcome> revocation(
      Credential credential, Budget budget, int maxAttempts, boolean quiet) {
    String[] secrets = {config.secretKey(), credential.value()};
    Step<RevocationOutcome> delete =
        new ExchangeStep<>(
            remaining -> client.delete(credential, remaining),
            failure -> Failures.outcome(failure, secrets),
            nanoTime,
            calls,
            latency);
    Step<RevocationOutcome> steps =
        retry.around(
            maxAttempts,
            (attempt, delay, after) -> {
              retries.incrementAndGet();
              LOG.log(
                  Level.DEBUG,
                  "Retrying the revocation of {0} in {1} ms after {2}",
                  credential.hash(),
                  delay.toMillis(),
                  after.reason());
            },
            breakerStage.failFast(bulkheadStage.around(breakerStage.guard(delete))));
    long started = nanoTime.getAsLong();
    CompletableFuture<RevocationOutcome> outcome = new CompletableFuture<>();
    deadlines
        .start(steps, budget)
        .result
        .whenComplete(
            (value, failure) -> {
              RevocationOutcome done = Attempt.outcome(value, failure, secrets);
              try {
                OutcomeLog.log(
                    config, credential, done, (nanoTime.getAsLong() - started) / 1_000_000, quiet);
              } finally {
                outcome.complete(done);
              }
            });
    return outcome;
  }

  /**
   * A verify or list: one call, through the breaker's fail-fast and the bulkhead (a lookup gives
   * the breaker no verdict), within the budget; fails with a {@link MoonKeyFailure}.
   */
  private <T> CompletionStage<T> lookup(
      Budget budget, Function<Duration, MoonKeyClient.Call<T>> call) {
    String secretKey = config.secretKey();
    Step<T> exchange =
        new ExchangeStep<>(
            call, failure -> Failures.outcome(failure, secretKey), nanoTime, calls, latency);
    CompletableFuture<T> result = new CompletableFuture<>();
    deadlines
        .start(breakerStage.failFast(bulkheadStage.around(exchange)), budget)
        .result
        .whenComplete(
            (value, failure) -> {
              if (failure == null) {
                result.complete(value);
              } else {
                result.completeExceptionally(
                    new MoonKeyFailure(Attempt.outcome(null, failure, secretKey)));
              }
            });
    return result;
  }

  @Override
  public String toString() {
    return "SessionRevoker[" + config.apiUrl() + ", " + config.maskedSecretKey() + "]";
  }
}
