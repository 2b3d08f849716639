package fun.moonkey.revocation;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.revocation.RevocationOutcome.TransientFailure;
import fun.moonkey.revocation.RevocationOutcome.TransientFailure.Kind;
import java.lang.System.Logger;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What every {@link Operation} of one revoker shares: the client, the breaker, the bulkhead, the
 * backoff, the threads, the operations in flight and the counters. Built and closed by {@link
 * SessionRevoker}; thread-safe.
 */
final class RevokerParts {

  static final Logger LOG = System.getLogger(SessionRevoker.class.getName());

  /**
   * How often, while operations are in flight, the timer looks for those whose budget has ended.
   * The exchange's own timeouts end a call at its budget; the sweep ends what they cannot: a body
   * that trickles in, a connect, handshake and response that each stay within what remained, a wait
   * for a permit. One task for all operations, none per call.
   */
  static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  final MoonKeyConfig config;
  final LongSupplier nanoTime;
  final Backoff backoff;
  final CircuitBreaker breaker;
  final Bulkhead bulkhead;
  final RevokerThreads threads;
  final MoonKeyClient client;
  final Set<Operation<?>> inFlight = ConcurrentHashMap.newKeySet();
  final AtomicBoolean closed = new AtomicBoolean();
  final AtomicLong calls = new AtomicLong();
  final AtomicLong retries = new AtomicLong();
  final LatencyHistogram latency = new LatencyHistogram();
  private final AtomicBoolean sweeping = new AtomicBoolean();

  RevokerParts(
      MoonKeyConfig config,
      LongSupplier nanoTime,
      Backoff backoff,
      CircuitBreaker breaker,
      Bulkhead bulkhead,
      RevokerThreads threads,
      MoonKeyClient client) {
    this.config = config;
    this.nanoTime = nanoTime;
    this.backoff = backoff;
    this.breaker = breaker;
    this.bulkhead = bulkhead;
    this.threads = threads;
    this.client = client;
  }

  /**
   * Starts an operation: records it in flight (where the sweep finds it), makes its first attempt.
   *
   * @throws IllegalStateException after the revoker's {@code close()}
   */
  <T> CompletionStage<T> start(Operation<T> operation) {
    if (closed.get()) {
      throw new IllegalStateException("SessionRevoker is closed");
    }
    inFlight.add(operation);
    if (closed.get()) {
      // close() may have swept the set before this was added.
      operation.stop(closedFailure());
      return operation.result;
    }
    watch();
    try {
      operation.attempt(1);
    } catch (Throwable e) {
      operation.stop(failure(e, operation));
    }
    return operation.result;
  }

  /** Makes sure a sweep is due while operations are in flight. */
  private void watch() {
    if (!sweeping.get() && sweeping.compareAndSet(false, true)) {
      if (threads.later(this::sweep, SWEEP_NANOS) == null) {
        sweeping.set(false);
      }
    }
  }

  /** Ends the operations whose budget has ended; on the timer. */
  private void sweep() {
    for (Operation<?> operation : inFlight) {
      if (operation.budget.remainingNanos() <= 0) {
        operation.stop(SessionRevoker.outOfTime(operation.budget));
      }
    }
    sweeping.set(false);
    if (!inFlight.isEmpty()) {
      watch();
    }
  }

  /** Ends every operation in flight with a {@link Kind#CLOSED} failure. */
  void stopAll() {
    for (Operation<?> operation : Set.copyOf(inFlight)) {
      operation.stop(closedFailure());
    }
  }

  /**
   * Runs {@code task} on the timer, or ends {@code operation} when the timer has stopped: for a
   * caller that must not go on inside the stack that woke it.
   */
  void onTimer(Runnable task, Operation<?> operation) {
    if (!threads.onTimer(task)) {
      operation.stop(closedFailure());
    }
  }

  /** Runs {@code task} on the timer, or ends {@code operation} when the timer has stopped. */
  ScheduledFuture<?> schedule(Runnable task, long nanos, Operation<?> operation) {
    ScheduledFuture<?> scheduled = threads.later(task, nanos);
    if (scheduled == null) {
      operation.stop(closedFailure());
    }
    return scheduled;
  }

  /** A throwable of the call path as a typed outcome whose reason hides our secrets. */
  RevocationOutcome failure(Throwable failure, Operation<?> operation) {
    return Failures.outcome(failure, config.secretKey(), operation.secretValue());
  }

  static TransientFailure breakerOpen() {
    return TransientFailure.of(Kind.BREAKER_OPEN, SessionRevoker.BREAKER_OPEN);
  }

  static TransientFailure closedFailure() {
    return TransientFailure.of(Kind.CLOSED, "client closed");
  }
}
