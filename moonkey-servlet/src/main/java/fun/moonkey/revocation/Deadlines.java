package fun.moonkey.revocation;

import fun.moonkey.revocation.RevocationOutcome.TransientFailure;
import fun.moonkey.revocation.RevocationOutcome.TransientFailure.Kind;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The outermost stage: every operation of one revoker runs here until it completes, so that its
 * budget's end, or the revoker's {@code close()}, ends it whatever it is doing (in a call, waiting
 * for a permit, in a backoff). The exchange's own timeouts end a call at its budget; a sweep every
 * {@link #SWEEP_NANOS} on the scheduler ends what they cannot: a body that trickles in, a connect,
 * handshake and response that each stay within what remained, a wait for a permit. One task for all
 * operations, none per call. Thread-safe.
 */
final class Deadlines {

  /** How often, while operations are in flight, the sweep looks for budgets that have ended. */
  static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final Scheduler scheduler;
  private final Set<Tracked<?>> inFlight = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean sweeping = new AtomicBoolean();

  Deadlines(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /** The failure of an operation whose budget ended before an answer. */
  static TransientFailure outOfTime(Budget budget) {
    return TransientFailure.of(
        Kind.OUT_OF_TIME, "no answer within " + budget.total().toMillis() + " ms");
  }

  /** The failure of an operation ended by the revoker's {@code close()}. */
  static TransientFailure closed() {
    return TransientFailure.of(Kind.CLOSED, "client closed");
  }

  /**
   * Starts {@code step} within {@code budget}, tracked until it completes.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  <T> Attempt<T> start(Step<T> step, Budget budget) {
    if (closed.get()) {
      throw new IllegalStateException("SessionRevoker is closed");
    }
    Tracked<T> tracked = new Tracked<>(budget);
    inFlight.add(tracked);
    tracked.result.whenComplete((value, failure) -> inFlight.remove(tracked));
    if (closed.get()) {
      // close() may have swept the set before this was added.
      tracked.abort(closed());
      return tracked;
    }
    watch();
    Attempt<T> inner;
    try {
      inner = step.start(budget);
    } catch (Throwable e) {
      tracked.result.completeExceptionally(e);
      return tracked;
    }
    tracked.follow(inner);
    inner.result.whenComplete(tracked::completeAs);
    return tracked;
  }

  /** Ends every operation in flight with a {@link Kind#CLOSED} failure; later starts throw. */
  void close() {
    closed.set(true);
    for (Tracked<?> attempt : Set.copyOf(inFlight)) {
      attempt.abort(closed());
    }
  }

  /** Makes sure a sweep is due while operations are in flight. */
  private void watch() {
    if (!sweeping.get() && sweeping.compareAndSet(false, true)) {
      if (scheduler.schedule(this::sweep, SWEEP_NANOS) == null) {
        sweeping.set(false);
      }
    }
  }

  private void sweep() {
    for (Tracked<?> attempt : inFlight) {
      if (attempt.budget.remainingNanos() <= 0) {
        attempt.abort(outOfTime(attempt.budget));
      }
    }
    sweeping.set(false);
    if (!inFlight.isEmpty()) {
      watch();
    }
  }

  private static final class Tracked<T> extends Attempt<T> {
    final Budget budget;

    Tracked(Budget budget) {
      this.budget = budget;
    }
  }
}
