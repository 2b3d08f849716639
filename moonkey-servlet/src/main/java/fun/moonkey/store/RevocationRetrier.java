package fun.moonkey.store;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.config.Reliability;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.revocation.Backoff;
import fun.moonkey.revocation.NamedThreads;
import fun.moonkey.revocation.RevocationOutcome;
import fun.moonkey.revocation.SessionRevoker;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
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
 * <p><b>No I/O on the logout's path.</b> {@link #enqueue} records the revocation in memory under
 * this object's lock, and hands its write to the store's own thread; no lock is held across any
 * store's I/O, and nothing here waits on a shared table. What is durable when:
 *
 * <ul>
 *   <li>with a journal (a directory, the work directory, or the local side of a {@code jdbc:}
 *       store): the store thread appends and forces it at once. {@link #enqueue} waits for that
 *       write, but never longer than {@link #WRITE_AHEAD_WAIT} after the store began its oldest
 *       unfinished write: with a healthy disk the revocation is on disk before the logout answers;
 *       with a disk that stalls, the logout answers anyway and the revocation is on disk when the
 *       disk comes back (a crash before then loses it). Revocations found there at start are
 *       retried at once;
 *   <li>with a {@code jdbc:} store, the shared table: a thread of its own moves what the local side
 *       holds there, in batches, at once and at every refresh; only then can another node deliver
 *       it. A database that hangs holds that thread only;
 *   <li>with memory only (no store, or a {@code jdbc:} store's local side on a runtime without a
 *       work directory): in memory only until it reaches the shared table, if any; a crash loses
 *       what memory held, and a clean stop logs each at ERROR by hash.
 * </ul>
 *
 * A write that fails keeps the revocation in memory (retried as usual, logged at ERROR by hash: a
 * crash would lose it) and is tried again after the store's next good write, so that a disk that
 * filled and has room again holds it. Whatever the store does, the revocation is retried from
 * memory.
 *
 * <p><b>Shutdown.</b> {@link #close()} stops taking new revocations, tries every pending one at
 * once and waits up to {@code shutdown-grace} for them, then stops its threads, giving the store's
 * last writes and its close {@link #STORE_CLOSE_WAIT} each; what remains stays in the store or is
 * logged.
 *
 * <p>Thread-safe. Its threads: {@code moonkey-retrier-N} runs the schedule, {@code
 * moonkey-retrier-N-store} the store's writes, {@code moonkey-retrier-N-shared} a shared store's
 * database work; the calls themselves run on the revoker's threads.
 */
public final class RevocationRetrier implements AutoCloseable {

  /**
   * The longest {@link #enqueue} waits for its write to the local store, counted from when the
   * store began its oldest unfinished write: well above a healthy disk's forced append, well below
   * the 100 ms a logout may take beyond its timeout.
   */
  static final Duration WRITE_AHEAD_WAIT = Duration.ofMillis(50);

  /** How long {@link #close()} waits for the store's last writes, and again for its close. */
  static final Duration STORE_CLOSE_WAIT = Duration.ofSeconds(5);

  private static final Logger LOG = System.getLogger(RevocationRetrier.class.getName());
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final Reliability settings;
  private final BiFunction<Credential, Reach, CompletionStage<RevocationOutcome>> attempt;
  private final Backoff backoff;
  private final Supplier<Duration> untilTrial;
  private final Clock clock;
  private final PendingStore store;
  private final ScheduledThreadPoolExecutor scheduler;
  private final ExecutorService storeThread;
  private final ExecutorService sharedThread;
  private final AtomicBoolean refreshQueued = new AtomicBoolean();
  private final Map<Long, Entry> entries = new LinkedHashMap<>();
  private final Map<Long, Entry> byStoreId = new HashMap<>();

  /** Entries whose write failed, tried again after the store's next good write; by the lock. */
  private final Set<Entry> unwritten = new LinkedHashSet<>();

  /** When the store thread began its current write ({@link System#nanoTime}), or 0 when idle. */
  private volatile long storeBusySince;

  private long nextKey;
  private long delivered;
  private long givenUp;
  private long overflowed;
  private long lost;
  private long unstored;
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
    return start(config, revoker, workDirectory, null);
  }

  /**
   * {@link #start(MoonKeyConfig, SessionRevoker, Path)} for an application that enforces
   * revocations: the sessions a pending "log out everywhere" finds are recorded as revoked.
   *
   * @param revoked where the sessions an owner's revocation lists are recorded (must not block), or
   *     null when {@code enforce-revocations} is off
   */
  public static RevocationRetrier start(
      MoonKeyConfig config,
      SessionRevoker revoker,
      Path workDirectory,
      Consumer<List<Credential>> revoked) {
    OwnerDelivery delivery = new OwnerDelivery(revoker, revoked);
    return new RevocationRetrier(
        config.reliability(),
        delivery::attempt,
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
      PendingStore store) {
    this(settings, attempt, backoff, () -> Duration.ZERO, clock, store);
  }

  /** Tries every item as one session's revocation, whatever its reach (tests of the schedule). */
  RevocationRetrier(
      Reliability settings,
      Function<Credential, CompletionStage<RevocationOutcome>> attempt,
      Backoff backoff,
      Supplier<Duration> untilTrial,
      Clock clock,
      PendingStore store) {
    this(
        settings,
        (BiFunction<Credential, Reach, CompletionStage<RevocationOutcome>>)
            (credential, reach) -> attempt.apply(credential),
        backoff,
        untilTrial,
        clock,
        store);
  }

  /**
   * @param attempt one attempt at an item: its credential and reach
   * @param untilTrial how long until the revoker's open circuit breaker lets a call through
   * @param store the store, or null for memory only; closed by {@link #close()}
   */
  RevocationRetrier(
      Reliability settings,
      BiFunction<Credential, Reach, CompletionStage<RevocationOutcome>> attempt,
      Backoff backoff,
      Supplier<Duration> untilTrial,
      Clock clock,
      PendingStore store) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.attempt = Objects.requireNonNull(attempt, "attempt");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.untilTrial = Objects.requireNonNull(untilTrial, "untilTrial");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.store = store;
    String name = "moonkey-retrier-" + INSTANCES.incrementAndGet();
    this.scheduler = new ScheduledThreadPoolExecutor(1, NamedThreads.single(name));
    scheduler.setRemoveOnCancelPolicy(true);
    Duration every = store == null ? Duration.ZERO : store.refreshEvery();
    this.storeThread =
        store == null
            ? null
            : Executors.newSingleThreadExecutor(NamedThreads.single(name + "-store"));
    this.sharedThread =
        every.isZero()
            ? null
            : Executors.newSingleThreadExecutor(NamedThreads.single(name + "-shared"));
    if (store != null) {
      // The local store's disk, on the starting thread: what a shared store holds comes with the
      // first refresh, on its own thread, so that a database that hangs cannot hold the start.
      List<PendingRevocation> stored = store.pending();
      if (!stored.isEmpty()) {
        LOG.log(
            Level.INFO,
            "{0} pending revocation(s) found in the pending-store; retrying them now",
            stored.size());
      }
      synchronized (this) {
        for (PendingRevocation revocation : stored) {
          schedule(held(revocation), Duration.ZERO);
        }
      }
    }
    if (sharedThread != null) {
      scheduler.scheduleWithFixedDelay(this::kickRefresh, 0, every.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** An entry for a revocation the store holds already. */
  private Entry held(PendingRevocation revocation) {
    Entry entry =
        new Entry(nextKey++, revocation.credential(), revocation.reach(), revocation.firstFailed());
    entry.storeId = revocation.id();
    entry.written.complete(null);
    entries.put(entry.key, entry);
    byStoreId.put(revocation.id(), entry);
    return entry;
  }

  /** Queues a refresh on the shared thread, unless one is queued already. */
  private void kickRefresh() {
    if (refreshQueued.compareAndSet(false, true)) {
      try {
        sharedThread.execute(this::refresh);
      } catch (RejectedExecutionException e) {
        refreshQueued.set(false);
      }
    }
  }

  /**
   * Moves what the local store holds to a shared one, renews this client's claims there, and
   * delivers what it claims anew. On the shared thread: it may block on the database.
   */
  private void refresh() {
    refreshQueued.set(false);
    List<PendingRevocation> claimed;
    try {
      claimed = store.refresh();
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
        if (!closing && !byStoreId.containsKey(revocation.id())) {
          schedule(held(revocation), Duration.ZERO);
        }
      }
    }
  }

  /**
   * Hands a revocation that failed transiently to the retrier: recorded in memory, its write to the
   * store handed to the store's thread. Waits for that write only while the store keeps up (see
   * {@link #WRITE_AHEAD_WAIT}); never for a shared table.
   *
   * @param credential the credential to revoke
   * @return true when queued; false when the queue is full or the retrier is stopping, each logged
   *     at ERROR with the credential's hash
   */
  public boolean enqueue(Credential credential) {
    return enqueue(credential, Reach.SESSION);
  }

  /**
   * {@link #enqueue(Credential)} of a revocation of the given reach: for {@link
   * Reach#EVERY_SESSION_OF_OWNER} and {@link Reach#OTHER_SESSIONS_OF_OWNER}, a "log out everywhere"
   * whose verify or list failed for now, which the retrier completes (verify, list, delete each).
   *
   * @param credential the credential to revoke; a token or JWT for an owner's reach
   * @param reach which sessions
   * @return true when queued; false when the queue is full or the retrier is stopping, each logged
   *     at ERROR with the credential's hash
   * @throws IllegalArgumentException for a session id with an owner's reach (it cannot be verified)
   */
  public boolean enqueue(Credential credential, Reach reach) {
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(reach, "reach");
    if (reach.ofOwner() && credential.type() == CredentialType.SESSION_ID) {
      throw new IllegalArgumentException(
          "a session id cannot be verified to find its owner: " + credential.hash());
    }
    Entry entry;
    synchronized (this) {
      if (closing) {
        refuse(reach.describe(credential), "the application is stopping");
        return false;
      }
      if (entries.size() >= settings.pendingCapacity()) {
        overflowed++;
        refuse(
            reach.describe(credential),
            "pending-capacity (" + settings.pendingCapacity() + ") is full; not queued");
        return false;
      }
      entry = new Entry(nextKey++, credential, reach, clock.instant());
      entries.put(entry.key, entry);
      // Queued here, under the lock, so that the write comes before the entry's done on the store
      // thread, however soon it is delivered.
      handToStore(entry, () -> writeAhead(entry));
      schedule(entry, backoff.delay(1, Optional.empty()));
    }
    awaitWriteAhead(entry);
    return true;
  }

  /** Runs a store task on the store thread; without one, the write counts as done. */
  private void handToStore(Entry entry, Runnable task) {
    if (storeThread == null) {
      entry.written.complete(null);
      return;
    }
    try {
      storeThread.execute(task);
    } catch (RejectedExecutionException stopped) {
      entry.written.complete(null);
    }
  }

  private void awaitWriteAhead(Entry entry) {
    if (entry.written.isDone()) {
      return;
    }
    long busy = storeBusySince;
    long now = System.nanoTime();
    long left = (busy != 0 ? busy : now) + WRITE_AHEAD_WAIT.toNanos() - now;
    if (left <= 0) {
      return;
    }
    try {
      entry.written.get(left, TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException slow) {
      // The store is slow: the logout answers, the write goes on.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * On the store thread: the entry's write to the local store. After a write that succeeds, the
   * entries whose own write failed earlier (a full disk that has room again) are written too.
   */
  private void writeAhead(Entry entry) {
    boolean written = write(entry, false);
    entry.written.complete(null);
    if (written) {
      List<Entry> again;
      synchronized (this) {
        again = new ArrayList<>(unwritten);
      }
      for (Entry earlier : again) {
        if (!write(earlier, true)) {
          break;
        }
      }
    }
    if (sharedThread != null) {
      kickRefresh();
    }
  }

  /**
   * On the store thread: writes the entry; a second try only while it is neither done nor written.
   *
   * @param again whether it is a second try of an entry whose write failed
   * @return false when the store failed to write it
   */
  private boolean write(Entry entry, boolean again) {
    if (again) {
      synchronized (this) {
        if (entry.storeId != null || !entries.containsKey(entry.key)) {
          unwritten.remove(entry); // written meanwhile, or done: nothing to keep
          return true;
        }
      }
    }
    storeBusySince = System.nanoTime() | 1;
    try {
      PendingRevocation stored = store.add(entry.credential, entry.reach, entry.firstFailed);
      synchronized (this) {
        entry.storeId = stored.id();
        byStoreId.put(stored.id(), entry);
        unwritten.remove(entry);
      }
      if (again) {
        LOG.log(
            Level.INFO,
            "Pending revocation of {0} written to the pending-store at last",
            entry.credential.hash());
      }
      return true;
    } catch (RuntimeException e) {
      if (!again) {
        synchronized (this) {
          unstored++;
          unwritten.add(entry);
        }
        LOG.log(
            Level.ERROR,
            "Pending revocation of {0} is kept in memory only until the pending-store can be"
                + " written again, and a crash before then would lose it ({1})",
            entry.credential.hash(),
            e.toString());
      }
      return false;
    } finally {
      storeBusySince = 0;
    }
  }

  /** On the store thread: the entry is done, in the store too. */
  private void forget(Entry entry) {
    Long id;
    synchronized (this) {
      id = entry.storeId;
      if (id != null) {
        byStoreId.remove(id, entry);
      }
    }
    if (id == null) {
      return;
    }
    storeBusySince = System.nanoTime() | 1;
    try {
      store.done(id);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot record a done revocation in the pending-store: {0}", e);
    } finally {
      storeBusySince = 0;
    }
    if (sharedThread != null) {
      kickRefresh(); // deletes its row now, not at the next period
    }
  }

  private void refuse(String what, String why) {
    LOG.log(
        Level.ERROR, "Revocation of {0} at MoonKey failed and cannot be retried: {1}", what, why);
  }

  private void schedule(Entry entry, Duration delay) {
    try {
      entry.timer = scheduler.schedule(() -> run(entry), delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // Stopped: the entry stays in the store, or is reported by close().
    }
  }

  private void run(Entry entry) {
    synchronized (this) {
      if (!entries.containsKey(entry.key)) {
        return;
      }
      entry.inFlight = true;
    }
    CompletionStage<RevocationOutcome> call;
    try {
      call = attempt.apply(entry.credential, entry.reach);
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
    if (outcome != null && outcome.isRevoked()) {
      delivered++;
      LOG.log(
          Level.INFO,
          "Pending revocation of {0} delivered to MoonKey after {1} background attempt(s)",
          entry.what(),
          entry.attempts);
      finish(entry);
      return;
    }
    Duration waited = Duration.between(entry.firstFailed, clock.instant());
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
        entry.what(),
        entry.attempts,
        entry.firstFailed,
        why);
    finish(entry);
  }

  private void finish(Entry entry) {
    entries.remove(entry.key);
    unwritten.remove(entry);
    if (storeThread != null) {
      try {
        storeThread.execute(() -> forget(entry));
      } catch (RejectedExecutionException stopped) {
        // Closed: the store keeps it, and the next start sends it again (MoonKey answers 404).
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

  /** Revocations whose write to the store failed: kept in memory only (each logged at ERROR). */
  synchronized long unstored() {
    return unstored;
  }

  /** Revocations whose write failed and that wait for the store's next good write. */
  synchronized int unwritten() {
    return unwritten.size();
  }

  /**
   * Waits until the store thread has done every write handed to it before this call.
   *
   * @return false when {@code timeout} passed first
   */
  boolean awaitWrites(Duration timeout) throws InterruptedException {
    if (storeThread == null) {
      return true;
    }
    CompletableFuture<Void> reached = new CompletableFuture<>();
    try {
      storeThread.execute(() -> reached.complete(null));
    } catch (RejectedExecutionException stopped) {
      return true;
    }
    try {
      reached.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return false;
    }
  }

  /** Revocations lost at a stop without a store (each logged at ERROR). */
  public synchronized long lost() {
    return lost;
  }

  /**
   * Stops: refuses new revocations, tries every pending one at once and waits up to {@code
   * shutdown-grace} for them, then stops the retrier's threads. What remains stays in the store
   * (then closed, see {@link #STORE_CLOSE_WAIT}), or, without one, is logged at ERROR by hash.
   * Idempotent.
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
    if (store != null) {
      closeStore();
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
          entry.what());
    }
  }

  /**
   * Lets the store thread finish its writes, then closes the store on the thread that does its
   * database work (or the store thread), each within {@link #STORE_CLOSE_WAIT}: a disk or database
   * that hangs delays the stop by that much, and the store is then closed when it answers.
   */
  private void closeStore() {
    ExecutorService closer = sharedThread != null ? sharedThread : storeThread;
    if (sharedThread != null) {
      awaitStopped(storeThread, "its last writes");
    }
    try {
      closer.execute(store::close);
    } catch (RejectedExecutionException e) {
      store.close();
    }
    awaitStopped(closer, "its close");
  }

  private static void awaitStopped(ExecutorService thread, String what) {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(STORE_CLOSE_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
        LOG.log(
            Level.WARNING,
            "The pending-store did not finish {0} within {1} s; it goes on in the background",
            what,
            STORE_CLOSE_WAIT.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "RevocationRetrier[pending=" + size() + "]";
  }

  private static final class Entry {
    /** The retrier's own key: the store's id comes later, from the store thread. */
    final long key;

    final Credential credential;
    final Reach reach;
    final Instant firstFailed;

    /** Completes when the store thread has written it (or failed to). */
    final CompletableFuture<Void> written = new CompletableFuture<>();

    /** Its id in the store once written, guarded by the retrier. */
    Long storeId;

    int attempts;

    /** Attempts that reached MoonKey and failed: the backoff's step. */
    int failures;

    boolean inFlight;
    Future<?> timer;

    Entry(long key, Credential credential, Reach reach, Instant firstFailed) {
      this.key = key;
      this.credential = credential;
      this.reach = reach;
      this.firstFailed = firstFailed;
    }

    /** For logs: the credential's hash, and which sessions. */
    String what() {
      return reach.describe(credential);
    }
  }
}
