package fun.moonkey.pending;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.config.Reliability;
import fun.moonkey.credential.Credential;
import fun.moonkey.revocation.Backoff;
import fun.moonkey.revocation.NamedThreads;
import fun.moonkey.revocation.RevocationOutcome;
import fun.moonkey.revocation.SessionRevoker;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The background retrier: keeps trying the revocations a logout could not finish within its budget,
 * with capped exponential backoff and full jitter (honouring {@code Retry-After}), until MoonKey
 * confirms them or {@code retry-horizon} has passed since their first failure. A given-up
 * revocation is logged at ERROR once, naming the credential by its hash, and counted.
 *
 * <p><b>Capacity.</b> At most {@code pending-capacity} revocations are held. When full, {@link
 * #enqueue} refuses the new one (the oldest keep their place, since they have waited longest), logs
 * it at ERROR by hash and counts it in {@link #overflowed()}; the logout then reports the
 * revocation as failed. Nothing is dropped silently.
 *
 * <p><b>Durability.</b> With a {@link PendingJournal}, {@link #enqueue} returns only once the
 * revocation is on disk, and revocations found there at start are retried at once. Without one they
 * live in memory: a restart loses them (a clean stop logs each at ERROR by hash).
 *
 * <p><b>Shutdown.</b> {@link #close()} stops taking new revocations, tries every pending one at
 * once and waits up to {@code shutdown-grace} for them, then stops its thread; what remains stays
 * in the journal or is logged.
 *
 * <p>Thread-safe. One thread, {@code moonkey-retrier-N}, runs the schedule; the calls themselves
 * run on the revoker's threads.
 */
public final class RevocationRetrier implements AutoCloseable {

  private static final Logger LOG = System.getLogger(RevocationRetrier.class.getName());
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final Reliability settings;
  private final Function<Credential, CompletionStage<RevocationOutcome>> attempt;
  private final Backoff backoff;
  private final Supplier<Duration> untilTrial;
  private final Clock clock;
  private final PendingStore journal;
  private final ScheduledThreadPoolExecutor scheduler;
  private final Map<Long, Entry> entries = new LinkedHashMap<>();
  private long nextMemoryId;
  private long delivered;
  private long givenUp;
  private long overflowed;
  private long lost;
  private boolean closing;

  /**
   * Starts a retrier for a revoker, opening the store {@code pending-store} names (see {@link
   * fun.moonkey.config.ConfigKeys#PENDING_STORE}) and scheduling what it holds.
   *
   * @param config the configuration: its reliability settings, and MoonKey's URL and key, which
   *     name the store's slots or rows
   * @param revoker the MoonKey client; each retry is one {@link SessionRevoker#revokeOnce}
   * @param workDirectory the application's work directory ({@code ServletContext.TEMPDIR}), or null
   *     where the runtime has none
   * @return the started retrier; close it before the revoker
   */
  public static RevocationRetrier start(
      MoonKeyConfig config, SessionRevoker revoker, Path workDirectory) {
    return new RevocationRetrier(
        config.reliability(),
        revoker::revokeOnce,
        revoker.backoff(),
        revoker::untilBreakerTrial,
        Clock.systemUTC(),
        PendingStores.open(config, workDirectory));
  }

  RevocationRetrier(
      Reliability settings,
      Function<Credential, CompletionStage<RevocationOutcome>> attempt,
      Backoff backoff,
      Clock clock,
      PendingStore journal) {
    this(settings, attempt, backoff, () -> Duration.ZERO, clock, journal);
  }

  /**
   * @param untilTrial how long until the revoker's open circuit breaker lets a call through
   */
  RevocationRetrier(
      Reliability settings,
      Function<Credential, CompletionStage<RevocationOutcome>> attempt,
      Backoff backoff,
      Supplier<Duration> untilTrial,
      Clock clock,
      PendingStore journal) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.attempt = Objects.requireNonNull(attempt, "attempt");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.untilTrial = Objects.requireNonNull(untilTrial, "untilTrial");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.journal = journal;
    String name = "moonkey-retrier-" + INSTANCES.incrementAndGet();
    this.scheduler = new ScheduledThreadPoolExecutor(1, NamedThreads.single(name));
    scheduler.setRemoveOnCancelPolicy(true);
    if (journal != null) {
      List<PendingRevocation> stored = journal.pending();
      if (!stored.isEmpty()) {
        LOG.log(
            Level.INFO,
            "{0} pending revocation(s) found in the pending-store; retrying them now",
            stored.size());
      }
      synchronized (this) {
        for (PendingRevocation revocation : stored) {
          Entry entry = new Entry(revocation);
          entries.put(revocation.id(), entry);
          schedule(entry, Duration.ZERO);
        }
      }
      Duration every = journal.refreshEvery();
      if (!every.isZero()) {
        scheduler.scheduleWithFixedDelay(
            this::refresh, every.toNanos(), every.toNanos(), TimeUnit.NANOSECONDS);
      }
    }
  }

  /** Renews this client's claims in a shared store, and delivers what it claims there anew. */
  private void refresh() {
    List<PendingRevocation> claimed;
    try {
      claimed = journal.refresh();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot refresh the pending-store: {0}", e.toString());
      return;
    }
    if (!claimed.isEmpty()) {
      LOG.log(
          Level.INFO,
          "{0} pending revocation(s) of a node that stopped taken over; retrying them now",
          claimed.size());
    }
    synchronized (this) {
      for (PendingRevocation revocation : claimed) {
        if (!closing && !entries.containsKey(revocation.id())) {
          Entry entry = new Entry(revocation);
          entries.put(revocation.id(), entry);
          schedule(entry, Duration.ZERO);
        }
      }
    }
  }

  /**
   * Hands a revocation that failed transiently to the retrier. With a store it is on disk when this
   * returns.
   *
   * @param credential the credential to revoke
   * @return true when queued; false when the queue is full, the store cannot be written or the
   *     retrier is stopping, each logged at ERROR with the credential's hash
   */
  public boolean enqueue(Credential credential) {
    Objects.requireNonNull(credential, "credential");
    synchronized (this) {
      if (closing) {
        refuse(credential, "the application is stopping");
        return false;
      }
      if (entries.size() >= settings.pendingCapacity()) {
        overflowed++;
        refuse(
            credential,
            "pending-capacity (" + settings.pendingCapacity() + ") is full; not queued");
        return false;
      }
      Instant now = clock.instant();
      PendingRevocation revocation;
      try {
        revocation =
            journal != null
                ? journal.add(credential, now)
                : new PendingRevocation(nextMemoryId++, credential, now);
      } catch (UncheckedIOException e) {
        overflowed++;
        refuse(credential, "the pending-store cannot be written (" + e.getCause() + ")");
        return false;
      }
      Entry entry = new Entry(revocation);
      entries.put(revocation.id(), entry);
      schedule(entry, backoff.delay(1, Optional.empty()));
      return true;
    }
  }

  private void refuse(Credential credential, String why) {
    LOG.log(
        Level.ERROR,
        "Revocation of {0} at MoonKey failed and cannot be retried: {1}",
        credential.hash(),
        why);
  }

  private void schedule(Entry entry, Duration delay) {
    try {
      entry.timer = scheduler.schedule(() -> run(entry), delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // Stopped: the entry stays in the journal, or is reported by close().
    }
  }

  private void run(Entry entry) {
    synchronized (this) {
      if (!entries.containsKey(entry.revocation.id())) {
        return;
      }
      entry.inFlight = true;
    }
    CompletionStage<RevocationOutcome> call;
    try {
      call = attempt.apply(entry.revocation.credential());
    } catch (IllegalStateException e) {
      synchronized (this) {
        entry.inFlight = false;
      }
      return;
    }
    call.whenComplete(
        (answer, failure) -> {
          // A stage that failed (the revoker's never do) is a failure for now, not a refusal.
          RevocationOutcome outcome =
              answer != null
                  ? answer
                  : new RevocationOutcome.TransientFailure(
                      0,
                      "unexpected " + failure.getClass().getSimpleName(),
                      Optional.empty(),
                      failure);
          try {
            scheduler.execute(() -> settle(entry, outcome));
          } catch (RejectedExecutionException e) {
            synchronized (this) {
              entry.inFlight = false;
            }
          }
        });
  }

  private synchronized void settle(Entry entry, RevocationOutcome outcome) {
    entry.inFlight = false;
    entry.attempts++;
    Credential credential = entry.revocation.credential();
    if (outcome != null && outcome.isRevoked()) {
      delivered++;
      LOG.log(
          Level.INFO,
          "Pending revocation of {0} delivered to MoonKey after {1} background attempt(s)",
          credential.hash(),
          entry.attempts);
      finish(entry);
      return;
    }
    Duration waited = Duration.between(entry.revocation.firstFailed(), clock.instant());
    if (!(outcome instanceof RevocationOutcome.TransientFailure failure)) {
      giveUp(entry, "MoonKey refused it for good (" + outcome.describe() + ")");
      return;
    }
    if (waited.compareTo(settings.retryHorizon()) >= 0) {
      giveUp(entry, "retry-horizon passed, last failure: " + failure.reason());
      return;
    }
    if (closing) {
      return;
    }
    Duration delay;
    if (failure.kind() == RevocationOutcome.TransientFailure.Kind.BREAKER_OPEN) {
      // No call was made: wait for the breaker's trial (plus a little jitter, so that the entries
      // do not all wake at once), and do not let the refusal grow the backoff.
      delay = untilTrial.get().plus(backoff.delay(1, Optional.empty()));
    } else {
      entry.failures++;
      delay = backoff.delay(entry.failures, failure.retryAfter());
    }
    Duration left = settings.retryHorizon().minus(waited);
    schedule(entry, delay.compareTo(left) > 0 ? left : delay);
  }

  private void giveUp(Entry entry, String why) {
    givenUp++;
    LOG.log(
        Level.ERROR,
        "Gave up revoking {0} at MoonKey after {1} background attempt(s) since {2}: {3}",
        entry.revocation.credential().hash(),
        entry.attempts,
        entry.revocation.firstFailed(),
        why);
    finish(entry);
  }

  private void finish(Entry entry) {
    entries.remove(entry.revocation.id());
    if (journal != null) {
      try {
        journal.done(entry.revocation.id());
      } catch (UncheckedIOException e) {
        LOG.log(Level.WARNING, "Cannot record a done revocation in the pending-store: {0}", e);
      }
    }
    notifyAll();
  }

  /** Revocations waiting now. */
  public synchronized int size() {
    return entries.size();
  }

  /** Revocations the retrier delivered (MoonKey answered 2xx or 404). */
  public synchronized long delivered() {
    return delivered;
  }

  /** Revocations given up: the horizon passed, or MoonKey refused them for good. */
  public synchronized long givenUp() {
    return givenUp;
  }

  /** Revocations refused because the queue was full or the store could not be written. */
  public synchronized long overflowed() {
    return overflowed;
  }

  /** Revocations lost at a stop without a store (each logged at ERROR). */
  public synchronized long lost() {
    return lost;
  }

  /**
   * Stops: refuses new revocations, tries every pending one at once and waits up to {@code
   * shutdown-grace} for them, then stops the retrier's thread. What remains stays in the journal
   * (then closed), or, without one, is logged at ERROR by hash. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
      for (Entry entry : entries.values()) {
        if (!entry.inFlight && !settings.shutdownGrace().isZero()) {
          if (entry.timer != null) {
            entry.timer.cancel(false);
          }
          schedule(entry, Duration.ZERO);
        }
      }
      long end = System.nanoTime() + settings.shutdownGrace().toNanos();
      try {
        while (!entries.isEmpty()) {
          long left = end - System.nanoTime();
          if (left <= 0) {
            break;
          }
          TimeUnit.NANOSECONDS.timedWait(this, left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<Entry> remaining;
    synchronized (this) {
      remaining = new ArrayList<>(entries.values());
    }
    if (journal != null) {
      journal.close();
      if (!remaining.isEmpty()) {
        LOG.log(
            Level.WARNING,
            "{0} pending revocation(s) kept in the pending-store for the next start",
            remaining.size());
      }
      return;
    }
    for (Entry entry : remaining) {
      synchronized (this) {
        lost++;
      }
      LOG.log(
          Level.ERROR,
          "Pending revocation of {0} lost at shutdown: no pending-store is configured",
          entry.revocation.credential().hash());
    }
  }

  @Override
  public String toString() {
    return "RevocationRetrier[pending=" + size() + "]";
  }

  private static final class Entry {
    final PendingRevocation revocation;
    int attempts;

    /** Attempts that reached MoonKey and failed: the backoff's step. */
    int failures;

    boolean inFlight;
    Future<?> timer;

    Entry(PendingRevocation revocation) {
      this.revocation = revocation;
    }
  }
}
