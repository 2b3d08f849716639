package fun.moonkey.revocation;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.config.Reliability;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.revocation.RevocationOutcome.TransientFailure;
import fun.moonkey.revocation.RevocationOutcome.TransientFailure.Kind;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
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
 * <p>Each operation has one {@link Budget} ({@code timeout} unless the caller shares one): when it
 * ends, the operation completes with a transient failure and its exchange is aborted, whatever it
 * was doing (waiting for a permit, in a call, or in a backoff). Transient failures are retried up
 * to {@code max-attempts} with {@link Backoff}, each retry scheduled on a timer, while it can still
 * start within the budget. Every call passes a {@linkplain CircuitBreaker circuit breaker} (a call
 * it stops is a {@link Kind#BREAKER_OPEN} failure at once) and a {@linkplain Bulkhead bulkhead}
 * ({@code max-concurrency} calls in flight, the rest waiting without a thread).
 *
 * <p>Threads: the JDK client's selector, two I/O threads that never block, one timer, and a small
 * pool of workers on which every outcome completes, so that the caller's follow-up work (a journal
 * write, listeners, the response) never runs on the timer or an I/O thread.
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

  private static final Logger LOG = System.getLogger(SessionRevoker.class.getName());

  private final MoonKeyConfig config;
  private final LongSupplier nanoTime;
  private final Backoff backoff;
  private final CircuitBreaker breaker;
  private final Bulkhead bulkhead;
  private final RevokerThreads threads = new RevokerThreads();
  private final MoonKeyClient client;
  private final Set<Operation<?>> inFlight = ConcurrentHashMap.newKeySet();
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
    this.backoff = new Backoff(reliability.backoffInitial(), reliability.backoffMax(), random);
    this.breaker =
        new CircuitBreaker(reliability.breakerFailures(), reliability.breakerCooldown(), nanoTime);
    this.bulkhead = new Bulkhead(reliability.maxConcurrency());
    this.client = new MoonKeyClient(config, sslContext, clock, threads.io(), network);
  }

  /** A budget of {@code timeout} that starts now, to share among several calls. */
  public Budget budget() {
    return new Budget(nanoTime, config.timeout());
  }

  /**
   * Revokes one session at MoonKey, retrying transient failures within {@code timeout}.
   *
   * @param credential the session's id, token or JWT
   * @return the outcome; the stage never completes exceptionally, completes within the timeout, and
   *     completes on one of the revoker's workers
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
    return start(new Revocation(credential, budget, config.reliability().maxAttempts(), true));
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
    return start(new Revocation(credential, budget(), 1, false));
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
    return start(new Lookup<>(budget, remaining -> client.verify(credential, remaining)));
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
    return start(new Lookup<>(budget, remaining -> client.list(userId, remaining)));
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

  /** The most calls that were in flight at once. */
  public int peakConcurrency() {
    return bulkhead.peak();
  }

  private <T> CompletionStage<T> start(Operation<T> operation) {
    if (closed.get()) {
      throw new IllegalStateException("SessionRevoker is closed");
    }
    inFlight.add(operation);
    if (closed.get()) {
      // close() may have swept the set before this was added.
      operation.stop(TransientFailure.of(Kind.CLOSED, "client closed"));
      return operation.result;
    }
    long remaining = operation.budget.remainingNanos();
    operation.deadline =
        schedule(
            () -> operation.stop(outOfTime(operation.budget)), Math.max(0, remaining), operation);
    try {
      operation.attempt(1);
    } catch (Throwable e) {
      operation.stop(failure(e, operation));
    }
    return operation.result;
  }

  /**
   * One operation at MoonKey: its budget, its current call, and its result, which is settled once
   * (by the answer, the budget's end or {@link #close()}) and completed on a worker.
   */
  private abstract class Operation<T> {
    final CompletableFuture<T> result = new CompletableFuture<>();
    final Budget budget;
    private final AtomicBoolean settled = new AtomicBoolean();
    private volatile MoonKeyClient.Call<?> call;
    private volatile CompletableFuture<Boolean> permit;
    volatile ScheduledFuture<?> deadline;

    Operation(Budget budget) {
      this.budget = Objects.requireNonNull(budget, "budget");
    }

    /** Makes attempt {@code n}: passes the breaker and the bulkhead, then calls. */
    abstract void attempt(int n);

    /** Ends the operation without an answer: the budget ended, the client closed, a failure. */
    abstract void stop(RevocationOutcome why);

    /** The credential whose value a failure's reason must hide, if any. */
    abstract String secretValue();

    boolean isSettled() {
      return settled.get();
    }

    /** Runs {@code call} once a permit is held; the budget's end abandons the wait. */
    void withPermit(Runnable call) {
      CompletableFuture<Boolean> granted = bulkhead.acquire();
      if (!granted.isDone()) {
        permit = granted;
        if (isSettled() && bulkhead.abandon(granted)) {
          return;
        }
      }
      granted.thenAccept(
          held -> {
            if (!held) {
              return;
            }
            if (isSettled()) {
              bulkhead.release();
              return;
            }
            try {
              call.run();
            } catch (Throwable e) {
              bulkhead.release();
              stop(failure(e, this));
            }
          });
    }

    /** Records the exchange in flight, aborting it at once if the operation already ended. */
    void inCall(MoonKeyClient.Call<?> current) {
      call = current;
      if (isSettled()) {
        abort(current);
      }
    }

    void settle(T value) {
      if (end()) {
        threads.onWorker(
            () -> {
              try {
                completing(value);
              } finally {
                result.complete(value);
              }
            });
      }
    }

    /** Runs on the worker just before the result completes with {@code value}. */
    void completing(T value) {}

    void fail(Throwable failure) {
      if (end()) {
        threads.onWorker(() -> result.completeExceptionally(failure));
      }
    }

    private boolean end() {
      if (!settled.compareAndSet(false, true)) {
        return false;
      }
      inFlight.remove(this);
      ScheduledFuture<?> timeout = deadline;
      if (timeout != null) {
        timeout.cancel(false);
      }
      CompletableFuture<Boolean> waiting = permit;
      if (waiting != null) {
        bulkhead.abandon(waiting);
      }
      MoonKeyClient.Call<?> current = call;
      if (current != null && !current.answer().isDone()) {
        abort(current);
      }
      return true;
    }
  }

  /** A revocation: retried within its budget, its outcome logged. */
  private final class Revocation extends Operation<RevocationOutcome> {
    private final Credential credential;
    private final int maxAttempts;
    private final boolean logAtWarn;
    private final long started = nanoTime.getAsLong();
    private volatile Verdict verdict;

    Revocation(Credential credential, Budget budget, int maxAttempts, boolean logAtWarn) {
      super(budget);
      this.credential = Objects.requireNonNull(credential, "credential");
      this.maxAttempts = maxAttempts;
      this.logAtWarn = logAtWarn;
    }

    @Override
    void completing(RevocationOutcome outcome) {
      OutcomeLog.log(
          config, credential, outcome, (nanoTime.getAsLong() - started) / 1_000_000, logAtWarn);
    }

    @Override
    String secretValue() {
      return credential.value();
    }

    /**
     * Ends the revocation without its call's answer. The call in flight, if any, gets the breaker's
     * verdict now, before the outcome is delivered: no answer in half a timeout or more counts as
     * MoonKey failing; a call cut shorter (a budget spent elsewhere) or by {@code close()} proves
     * nothing.
     */
    @Override
    void stop(RevocationOutcome why) {
      Verdict pending = verdict;
      if (pending != null && !isSettled() && pending.claim()) {
        if (why instanceof TransientFailure failure
            && failure.kind() == Kind.OUT_OF_TIME
            && pending.given >= config.timeout().toNanos() / 2) {
          breaker.record(why);
        } else {
          breaker.recordNothing();
        }
      }
      settle(why);
    }

    @Override
    void attempt(int n) {
      if (isSettled()) {
        return;
      }
      if (!breaker.mayCall()) {
        settle(breakerOpen());
        return;
      }
      withPermit(() -> call(n));
    }

    private void call(int n) {
      long remaining = budget.remainingNanos();
      if (remaining <= 0) {
        bulkhead.release();
        settle(outOfTime(budget));
        return;
      }
      if (!breaker.tryAcquire()) {
        // Checked again with the permit in hand: the breaker may have opened while this waited.
        bulkhead.release();
        settle(breakerOpen());
        return;
      }
      calls.incrementAndGet();
      long sent = nanoTime.getAsLong();
      MoonKeyClient.Call<RevocationOutcome> current;
      try {
        current = client.delete(credential, Duration.ofNanos(remaining));
      } catch (Throwable e) {
        current =
            new MoonKeyClient.Call<>(
                CompletableFuture.completedFuture(failure(e, this)), new CompletableFuture<>());
      }
      Verdict verdict = new Verdict(remaining);
      this.verdict = verdict;
      inCall(current);
      current
          .answer()
          .whenComplete(
              (answer, error) -> {
                RevocationOutcome outcome = answer;
                try {
                  latency.record(nanoTime.getAsLong() - sent);
                  if (error != null) {
                    outcome = failure(error, this);
                  }
                  // The verdict before the permit goes: a waiter let through next must see a
                  // breaker that this failure has opened.
                  if (verdict.claim()) {
                    breaker.record(outcome);
                  }
                } catch (Throwable e) {
                  outcome = failure(e, this);
                } finally {
                  bulkhead.release();
                }
                next(n, outcome);
              });
    }

    private void next(int n, RevocationOutcome outcome) {
      if (!(outcome instanceof TransientFailure failure)
          || failure.kind() != Kind.CALL
          || n >= maxAttempts
          || isSettled()) {
        settle(outcome);
        return;
      }
      Duration delay = backoff.delay(n, failure.retryAfter());
      // A retry that could not start before the budget ends is left to the background retrier.
      if (delay.toNanos() >= budget.remainingNanos()) {
        settle(outcome);
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
        attempt(n + 1);
      } else {
        schedule(() -> onIo(() -> attempt(n + 1), this), delay.toNanos(), this);
      }
    }
  }

  /**
   * The breaker's verdict on one call that {@link CircuitBreaker#tryAcquire()} let through, given
   * once: by its answer, or by the end of its operation, whichever comes first.
   */
  private static final class Verdict {
    final long given;
    private final AtomicBoolean judged = new AtomicBoolean();

    Verdict(long givenNanos) {
      this.given = givenNanos;
    }

    boolean claim() {
      return judged.compareAndSet(false, true);
    }
  }

  /** A verify or list call: one attempt, failing with a {@link MoonKeyFailure}. */
  private final class Lookup<T> extends Operation<T> {
    private final Function<Duration, MoonKeyClient.Call<T>> call;

    Lookup(Budget budget, Function<Duration, MoonKeyClient.Call<T>> call) {
      super(budget);
      this.call = call;
    }

    @Override
    String secretValue() {
      return null;
    }

    @Override
    void stop(RevocationOutcome why) {
      fail(new MoonKeyFailure(why));
    }

    @Override
    void attempt(int n) {
      if (!breaker.mayCall()) {
        stop(breakerOpen());
        return;
      }
      withPermit(this::call);
    }

    private void call() {
      long remaining = budget.remainingNanos();
      if (remaining <= 0) {
        bulkhead.release();
        stop(outOfTime(budget));
        return;
      }
      calls.incrementAndGet();
      long sent = nanoTime.getAsLong();
      MoonKeyClient.Call<T> current = call.apply(Duration.ofNanos(remaining));
      inCall(current);
      current
          .answer()
          .whenComplete(
              (answer, error) -> {
                latency.record(nanoTime.getAsLong() - sent);
                bulkhead.release();
                if (error == null) {
                  settle(answer);
                } else {
                  Throwable cause = Failures.unwrap(error);
                  fail(
                      cause instanceof MoonKeyFailure known
                          ? known
                          : new MoonKeyFailure(failure(cause, this)));
                }
              });
    }
  }

  /**
   * Aborts an exchange: from an I/O thread, so that the timer never runs what the cancellation
   * completes; on this thread when closing, so that every connection is let go before close()
   * returns however many are in flight.
   */
  private void abort(MoonKeyClient.Call<?> call) {
    if (closed.get() || !threads.onIo(call::abort)) {
      call.abort();
    }
  }

  private void onIo(Runnable task, Operation<?> operation) {
    if (!threads.onIo(task)) {
      operation.stop(TransientFailure.of(Kind.CLOSED, "client closed"));
    }
  }

  private ScheduledFuture<?> schedule(Runnable task, long nanos, Operation<?> operation) {
    ScheduledFuture<?> scheduled = threads.later(task, nanos);
    if (scheduled == null) {
      operation.stop(TransientFailure.of(Kind.CLOSED, "client closed"));
    }
    return scheduled;
  }

  private static TransientFailure breakerOpen() {
    return TransientFailure.of(Kind.BREAKER_OPEN, BREAKER_OPEN);
  }

  /** The failure of a revocation whose budget ended before an answer. */
  public static TransientFailure outOfTime(Budget budget) {
    return TransientFailure.of(
        Kind.OUT_OF_TIME, "no answer within " + budget.total().toMillis() + " ms");
  }

  /** A throwable of the call path as a typed outcome whose reason hides our secrets. */
  private RevocationOutcome failure(Throwable failure, Operation<?> operation) {
    return Failures.outcome(failure, config.secretKey(), operation.secretValue());
  }

  /**
   * Stops the client and every thread this instance started. Operations in flight (in a call,
   * waiting for a permit or in a backoff) complete at once with a {@link Kind#CLOSED} failure.
   * Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (Operation<?> operation : List.copyOf(inFlight)) {
      operation.stop(TransientFailure.of(Kind.CLOSED, "client closed"));
    }
    client.close();
    threads.close();
  }

  @Override
  public String toString() {
    return "SessionRevoker[" + config.apiUrl() + ", " + config.maskedSecretKey() + "]";
  }
}
