package fun.moonkey.revocation;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

/**
 * At most {@code limit} calls to MoonKey in flight at once. A caller beyond it waits, without
 * holding a thread, until a permit is released or the caller gives up (its budget ran out).
 * Thread-safe.
 */
final class Bulkhead {

  private final int limit;
  private final Deque<CompletableFuture<Boolean>> waiters = new ArrayDeque<>();
  private int inUse;
  private int peak;

  /**
   * @param limit the most permits held at once, 1 or more
   */
  Bulkhead(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be 1 or more, got " + limit);
    }
    this.limit = limit;
  }

  /**
   * Asks for a permit. The future completes with true when the caller holds one (it must then
   * {@link #release()} it), or with false when {@link #abandon(CompletableFuture)} came first.
   */
  CompletableFuture<Boolean> acquire() {
    synchronized (this) {
      if (inUse < limit) {
        inUse++;
        peak = Math.max(peak, inUse);
        return CompletableFuture.completedFuture(true);
      }
      CompletableFuture<Boolean> waiter = new CompletableFuture<>();
      waiters.addLast(waiter);
      return waiter;
    }
  }

  /**
   * Gives up waiting. Returns true when the wait was abandoned, false when the permit had already
   * been granted (the caller then holds it).
   */
  boolean abandon(CompletableFuture<Boolean> waiter) {
    synchronized (this) {
      waiters.remove(waiter);
    }
    return waiter.complete(false);
  }

  /** Releases a permit, handing it to the longest waiting caller if any. */
  void release() {
    while (true) {
      CompletableFuture<Boolean> next;
      synchronized (this) {
        next = waiters.pollFirst();
        if (next == null) {
          inUse--;
          return;
        }
      }
      // Completed outside the lock: the waiter's continuation starts its call at once.
      if (next.complete(true)) {
        return;
      }
    }
  }

  /** Permits held now. */
  synchronized int inUse() {
    return inUse;
  }

  /** The most permits ever held at once. */
  synchronized int peak() {
    return peak;
  }
}
