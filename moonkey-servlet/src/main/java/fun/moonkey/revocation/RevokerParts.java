package fun.moonkey.revocation;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.revocation.RevocationOutcome.TransientFailure;
import fun.moonkey.revocation.RevocationOutcome.TransientFailure.Kind;
import java.lang.System.Logger;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
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

  /** Runs a task on an I/O thread; on the calling thread once the I/O threads have stopped. */
  final Executor io;

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
    this.io =
        task -> {
          if (!threads.onIo(task)) {
            task.run();
          }
        };
  }

  /**
   * Starts an operation: records it in flight, schedules the end of its budget, makes its first
   * attempt.
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
    long remaining = operation.budget.remainingNanos();
    operation.deadline =
        schedule(
            () -> operation.stop(SessionRevoker.outOfTime(operation.budget)),
            Math.max(0, remaining),
            operation);
    try {
      operation.attempt(1);
    } catch (Throwable e) {
      operation.stop(failure(e, operation));
    }
    return operation.result;
  }

  /** Ends every operation in flight with a {@link Kind#CLOSED} failure. */
  void stopAll() {
    for (Operation<?> operation : Set.copyOf(inFlight)) {
      operation.stop(closedFailure());
    }
  }

  /**
   * Aborts an exchange: from an I/O thread, so that the timer never runs what the cancellation
   * completes; on this thread when closing, so that every connection is let go before close()
   * returns however many are in flight.
   */
  void abort(MoonKeyClient.Call<?> call) {
    if (closed.get() || !threads.onIo(call::abort)) {
      call.abort();
    }
  }

  /**
   * Runs {@code task} on an I/O thread, or ends {@code operation} when the threads have stopped.
   */
  void onIo(Runnable task, Operation<?> operation) {
    if (!threads.onIo(task)) {
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
