package fun.moonkey.revocation;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.config.Reliability;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.revocation.RevocationOutcome.TransientFailure;
import fun.moonkey.revocation.RevocationOutcome.TransientFailure.Kind;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;

/**
 * Calls MoonKey within a budget: revokes sessions, and looks up a session's owner and a user's
 * sessions, through {@link MoonKeyClient}, with no thread held per call in flight.
 *
 * <p>Each operation has one {@link Budget} ({@code timeout} unless the caller shares one): when it
 * ends, the operation completes with a transient failure and its exchange is aborted, whatever it
 * was doing (waiting for a permit, in a call, or in a backoff). A call's own connect, response and
 * pool timeouts are what remains of the budget; a sweep every 50 ms on the timer ends what they
 * cannot bound (a body that trickles in, a wait for a permit). Transient failures are retried up to
 * {@code max-attempts} with {@link Backoff}, each retry scheduled on the timer, while it can still
 * start within the budget. Every call passes a {@linkplain CircuitBreaker circuit breaker} (a call
 * it stops is a {@link Kind#BREAKER_OPEN} failure at once) and a {@linkplain Bulkhead bulkhead}
 * ({@code max-concurrency} calls in flight, the rest waiting without a thread).
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

  private final MoonKeyConfig config;
  private final RevokerParts parts;

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
    Objects.requireNonNull(nanoTime, "nanoTime");
    Reliability reliability = config.reliability();
    RevokerThreads threads = new RevokerThreads();
    this.parts =
        new RevokerParts(
            config,
            nanoTime,
            new Backoff(reliability.backoffInitial(), reliability.backoffMax(), random),
            new CircuitBreaker(
                reliability.breakerFailures(), reliability.breakerCooldown(), nanoTime),
            new Bulkhead(reliability.maxConcurrency()),
            threads,
            new MoonKeyClient(config, sslContext, clock, threads.io(), network));
  }

  /** A budget of {@code timeout} that starts now, to share among several calls. */
  public Budget budget() {
    return new Budget(parts.nanoTime, config.timeout());
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
    return parts.start(
        new Revocation(parts, credential, budget, config.reliability().maxAttempts(), false));
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
    return parts.start(
        new Revocation(parts, credential, budget, config.reliability().maxAttempts(), true));
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
    return parts.start(new Revocation(parts, credential, budget(), 1, true));
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
    return parts.start(
        new Lookup<>(parts, budget, remaining -> parts.client.verify(credential, remaining)));
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
    Objects.requireNonNull(userId, "userId");
    return parts.start(
        new Lookup<>(parts, budget, remaining -> parts.client.list(userId, remaining)));
  }

  /**
   * Runs follow-up work that may block (a journal write, a JDBC insert, listeners) on this
   * revoker's workers ({@code moonkey-revoker-*}, up to 16, started on demand), never on the thread
   * that completed an outcome. After {@link #close()}, on the calling thread.
   */
  public Executor workers() {
    return parts.threads.workers();
  }

  /** How many HTTP calls this revoker has started, retries included. */
  public long calls() {
    return parts.calls.get();
  }

  /** How many retries within a revocation's budget this revoker has started. */
  public long retries() {
    return parts.retries.get();
  }

  /** How long MoonKey took to answer each HTTP call. */
  public LatencyHistogram latency() {
    return parts.latency;
  }

  /** The backoff the revoker retries with; the background retrier uses the same. */
  public Backoff backoff() {
    return parts.backoff;
  }

  /** The circuit breaker's state: {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}. */
  public String breakerState() {
    return parts.breaker.state().name();
  }

  /**
   * How long until the open circuit breaker lets a trial call through; zero when it is closed or a
   * trial is out. The background retrier waits this long instead of counting the breaker's refusals
   * as MoonKey's failures.
   */
  public Duration untilBreakerTrial() {
    return parts.breaker.untilTrial();
  }

  /** The most calls that were in flight at once. */
  public int peakConcurrency() {
    return parts.bulkhead.peak();
  }

  /** The failure of a revocation whose budget ended before an answer. */
  public static TransientFailure outOfTime(Budget budget) {
    return TransientFailure.of(
        Kind.OUT_OF_TIME, "no answer within " + budget.total().toMillis() + " ms");
  }

  /**
   * Stops the client and every thread this instance started. Operations in flight (in a call,
   * waiting for a permit or in a backoff) complete at once, on this thread, with a {@link
   * Kind#CLOSED} failure, and their exchanges are aborted. Idempotent.
   */
  @Override
  public void close() {
    if (!parts.closed.compareAndSet(false, true)) {
      return;
    }
    parts.stopAll();
    parts.client.close();
    parts.threads.close();
  }

  @Override
  public String toString() {
    return "SessionRevoker[" + config.apiUrl() + ", " + config.maskedSecretKey() + "]";
  }
}
