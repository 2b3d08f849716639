package fun.moonkey.revoked;

import fun.moonkey.config.ConfigKeys;
import fun.moonkey.config.JndiDataSource;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.config.PendingStoreSetting;
import fun.moonkey.config.ProjectId;
import fun.moonkey.credential.Credential;
import fun.moonkey.revocation.NamedThreads;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The credentials that logouts revoked, for {@code enforce-revocations}: the filter asks {@link
 * #isRevoked} on every request whose {@code HttpSession} holds a credential, and ends the session
 * when it is. Every logout of the application (the user's, "everywhere", "others", a session that
 * ended; through the filter or the JAX-RS resource) records what it revokes, when it starts. With a
 * {@code jdbc:} pending-store the list is shared through the database ({@link JdbcRevocationList}).
 *
 * <p>Syncs with the database are coalesced: a logout only queues one when none is queued, and a
 * sync writes everything recorded since the last in batches, then reads the rows after the last
 * position it read; besides, one runs every {@code revocation-refresh}. So a burst of logouts costs
 * a few syncs, and each row is read once.
 *
 * <p>Fingerprints are kept for the {@linkplain #retention() retention} at least and twice that at
 * most (two generations; the older is dropped whole), so memory stays bounded without a timestamp
 * per entry. Thread-safe; {@link #close} stops the refresher thread.
 */
public final class RevokedSessions implements AutoCloseable {

  /** The longest retention: what a session that never expires counts as. */
  static final Duration LONGEST = Duration.ofHours(720);

  /** The most fingerprints one transaction writes. */
  static final int BATCH = 1000;

  private static final Logger LOG = System.getLogger(RevokedSessions.class.getName());
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final Clock clock;
  private final JdbcRevocationList shared;
  private final long leastRetention;
  private final AtomicLong longestSession = new AtomicLong();
  private final Queue<Long> unsent = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean syncQueued = new AtomicBoolean();
  private final AtomicLong syncs = new AtomicLong();
  private final ScheduledThreadPoolExecutor refresher;
  private volatile RevokedSet current = new RevokedSet();
  private volatile RevokedSet previous = new RevokedSet();
  private long generationStart;

  // The refresher thread's own.
  private final long[] batch = new long[BATCH];
  private int batched;
  private boolean tablesReady;
  private boolean imported;
  private long readUpTo;
  private long prunedUpTo;
  private final Deque<long[]> checkpoints = new ArrayDeque<>();
  private boolean unreachable;

  /**
   * @param shared the database's list, or null for this node's own
   * @param refresh how often the database is read besides the syncs logouts queue
   * @param retention how long a revocation is kept at least (see {@link #sessionSeen})
   */
  RevokedSessions(JdbcRevocationList shared, Duration refresh, Duration retention, Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.shared = shared;
    this.leastRetention = retention.toMillis();
    this.generationStart = clock.millis();
    if (shared == null) {
      this.refresher = null;
      return;
    }
    String name = "moonkey-revoked-" + INSTANCES.incrementAndGet();
    this.refresher = new ScheduledThreadPoolExecutor(1, NamedThreads.single(name));
    refresher.scheduleWithFixedDelay(this::sync, 0, refresh.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * The list for {@code config}: shared through the database of a {@code jdbc:} pending-store, else
   * this node's own; null when {@code enforce-revocations} is off. Applications share one list per
   * MoonKey project through {@link RevokedLists}.
   */
  public static RevokedSessions start(MoonKeyConfig config) {
    if (!config.enforceRevocations()) {
      return null;
    }
    JdbcRevocationList shared = null;
    if (config.reliability().pendingStore() instanceof PendingStoreSetting.Jdbc jdbc) {
      shared = new JdbcRevocationList(JndiDataSource.lookup(jdbc.jndiName()), ProjectId.of(config));
    }
    return new RevokedSessions(
        shared, config.revocationRefresh(), config.revokedRetention(), Clock.systemUTC());
  }

  /** The fingerprint the list keeps of a credential's value. */
  public static long fingerprint(String credentialValue) {
    return Fingerprint.of(credentialValue);
  }

  /** Whether a credential of this fingerprint was revoked. Lock-free; allocates nothing. */
  public boolean isRevoked(long fingerprint) {
    return current.contains(fingerprint) || previous.contains(fingerprint);
  }

  /**
   * Tells the list how long a session that holds a credential may live, so that a revocation is
   * kept at least that long: {@code HttpSession.getMaxInactiveInterval()}, where 0 or less (never
   * expires) counts as {@link #LONGEST}. Lock-free; allocates nothing unless the longest grows.
   *
   * @param maxInactiveIntervalSeconds the session's {@code maxInactiveInterval}
   */
  public void sessionSeen(int maxInactiveIntervalSeconds) {
    long millis =
        maxInactiveIntervalSeconds <= 0
            ? LONGEST.toMillis()
            : Math.min(maxInactiveIntervalSeconds * 1000L, LONGEST.toMillis());
    if (millis <= longestSession.get()) {
      return;
    }
    long before = longestSession.getAndAccumulate(millis, Math::max);
    if (millis > before && millis > leastRetention) {
      LOG.log(
          Level.INFO,
          "{0}: revocations are kept {1} min at least, as long as the longest session seen lives"
              + " ({2} is {3} min)",
          ConfigKeys.ENFORCE_REVOCATIONS,
          millis / 60_000,
          ConfigKeys.REVOKED_RETENTION,
          leastRetention / 60_000);
    }
  }

  /** How long a revocation is kept at least: {@code revoked-retention}, or the longest session. */
  public Duration retention() {
    return Duration.ofMillis(retentionMillis());
  }

  private long retentionMillis() {
    return Math.max(leastRetention, longestSession.get());
  }

  /** Records credentials a logout revokes (now, or later by the retrier). Never blocks. */
  public void record(Collection<Credential> credentials) {
    if (credentials.isEmpty()) {
      return;
    }
    for (Credential credential : credentials) {
      long fingerprint = Fingerprint.of(credential.value());
      remember(fingerprint);
      if (shared != null) {
        unsent.add(fingerprint);
      }
    }
    if (shared != null && syncQueued.compareAndSet(false, true)) {
      try {
        refresher.execute(this::queuedSync);
      } catch (RejectedExecutionException closed) {
        // Closing: nothing more goes to the table.
      }
    }
  }

  private synchronized void remember(long fingerprint) {
    long now = clock.millis();
    if (now - generationStart >= retentionMillis()) {
      previous = current;
      current = new RevokedSet();
      generationStart = now;
    }
    current.add(fingerprint);
  }

  /** How many syncs with the database have run. */
  long syncs() {
    return syncs.get();
  }

  /** Waits until the syncs queued so far have run (the refresher runs its work in order). */
  void awaitSyncs() throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    refresher.execute(done::countDown);
    done.await();
  }

  /** Runs a sync now, as the next refresh would, and waits for it. */
  void refreshNow() throws InterruptedException {
    refresher.execute(this::sync);
    awaitSyncs();
  }

  private void queuedSync() {
    // Cleared first: what is recorded from now on queues the next sync.
    syncQueued.set(false);
    sync();
  }

  /** On the refresher: writes what this node recorded, then reads what every node wrote. */
  private void sync() {
    syncs.incrementAndGet();
    try {
      if (!tablesReady) {
        shared.createTableIfMissing();
        tablesReady = true;
      }
      write();
      readUpTo = shared.after(readUpTo, this::remember);
      if (!imported) {
        shared.importBefore(this::remember);
        imported = true;
      }
      prune();
      if (unreachable) {
        unreachable = false;
        LOG.log(Level.INFO, "The revoked-sessions table is reachable again");
      }
    } catch (RuntimeException e) {
      if (!unreachable) {
        unreachable = true;
        LOG.log(
            Level.ERROR,
            "enforce-revocations: the revoked-sessions table cannot be reached; this node enforces"
                + " its own revocations only until it is back: {0}",
            e.getMessage());
      }
    }
  }

  /** Writes what was recorded, in batches; a batch that failed is written first next time. */
  private void write() {
    while (true) {
      Long next;
      while (batched < BATCH && (next = unsent.poll()) != null) {
        batch[batched++] = next;
      }
      if (batched == 0) {
        return;
      }
      long last = shared.append(batch, batched);
      if (last - batched == readUpTo) {
        // Nothing was written between this node's last read and its batch: no need to read it back.
        readUpTo = last;
      }
      batched = 0;
    }
  }

  /**
   * Deletes the rows that every node has had {@code 2 × retention} to read: the position read this
   * long ago by this node's clock, which only measures its own elapsed time.
   */
  private void prune() {
    long now = clock.millis();
    long retention = retentionMillis();
    if (checkpoints.isEmpty() || now - checkpoints.peekLast()[0] >= retention / 4) {
      checkpoints.addLast(new long[] {now, readUpTo});
    }
    long upTo = prunedUpTo;
    while (!checkpoints.isEmpty() && now - checkpoints.peekFirst()[0] >= 2 * retention) {
      upTo = checkpoints.pollFirst()[1];
    }
    if (upTo > prunedUpTo) {
      shared.pruneUpTo(upTo);
      prunedUpTo = upTo;
    }
  }

  /**
   * Stops the refresher after one last write of what was recorded (within the statements' timeout);
   * what still could not be written is lost to the other nodes (logged).
   */
  @Override
  public void close() {
    if (refresher == null) {
      return;
    }
    try {
      refresher.execute(this::flush);
    } catch (RejectedExecutionException closed) {
      return;
    }
    refresher.shutdown();
    try {
      if (!refresher.awaitTermination(10, TimeUnit.SECONDS)) {
        refresher.shutdownNow();
      }
    } catch (InterruptedException e) {
      refresher.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void flush() {
    try {
      if (tablesReady) {
        write();
      }
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "The last write of revoked sessions failed", e);
    }
    int lost = unsent.size() + batched;
    if (lost > 0) {
      LOG.log(
          Level.WARNING,
          "{0} revoked session(s) not written to the revoked-sessions table; other nodes will"
              + " not end theirs",
          lost);
    }
  }

  @Override
  public String toString() {
    return "RevokedSessions[" + (shared == null ? "this node" : "shared") + "]";
  }
}
