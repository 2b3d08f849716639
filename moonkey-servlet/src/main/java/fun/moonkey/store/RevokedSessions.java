package fun.moonkey.store;

import fun.moonkey.config.ConfigKeys;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.config.PendingStoreSetting;
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
 * <p>"Log out everywhere" also records the user as a whole ({@link #recordOwner}): each node ends
 * the sessions whose user it learnt before that record reached it ({@link OwnerRevocations}). Such
 * records go to the database as pairs of rows (the user, the session kept) under a project id of
 * their own, and a node skips its own rows when it reads them back.
 *
 * <p>Fingerprints are kept for the {@linkplain #retention() retention} at least and twice that at
 * most (two generations; the older is dropped whole), so memory stays bounded without a timestamp
 * per entry. Thread-safe; {@link #close} stops the refresher thread.
 */
public final class RevokedSessions implements RevokedRecorder, AutoCloseable {

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
  private final Queue<long[]> unsent = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean syncQueued = new AtomicBoolean();
  private final AtomicLong syncs = new AtomicLong();
  private final ScheduledThreadPoolExecutor refresher;
  private volatile RevokedSet current = new RevokedSet();
  private volatile RevokedSet previous = new RevokedSet();
  private long generationStart;

  private final OwnerRevocations owners = new OwnerRevocations();
  private final Queue<long[]> unsentOwners = new ConcurrentLinkedQueue<>();

  /** What the users' list holds for "no session kept" (0 is no fingerprint). */
  static final long NONE_KEPT = Long.MIN_VALUE;

  // The refresher thread's own.
  private final Stream credentials;
  private final Stream ownerStream;
  private boolean tablesReady;
  private boolean imported;
  private boolean unreachable;
  private long ownerRowUser;

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
      this.credentials = null;
      this.ownerStream = null;
      return;
    }
    this.credentials = new Stream(shared, 1);
    this.ownerStream = new Stream(shared.owners(), 2);
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

  /** The fingerprint the list keeps of a MoonKey user, for "every session of this user". */
  public static long ownerFingerprint(String userId) {
    return Fingerprint.of("user\n" + userId);
  }

  /**
   * The epoch at which a session's user is learnt now: a revocation of every session of that user
   * ends the session only when it arrives after this ({@link #endsOwner}).
   */
  public long ownerEpoch() {
    return owners.epoch();
  }

  /**
   * Whether a revocation of every session of the session's user ends it: one that arrived after
   * this node learnt the user, and does not keep this session. Lock-free; allocates nothing unless
   * the user has such a revocation.
   *
   * @param owner {@link #ownerFingerprint} of the session's user, or 0 when unknown
   * @param learntAt {@link #ownerEpoch} when this node learnt it
   * @param tokenPrint the fingerprint of the session's token, or 0
   * @param idPrint the fingerprint of the session's id, or 0
   */
  public boolean endsOwner(long owner, long learntAt, long tokenPrint, long idPrint) {
    return owners.ends(owner, learntAt, tokenPrint, idPrint);
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

  @Override
  public void record(Collection<Credential> credentials) {
    if (credentials.isEmpty()) {
      return;
    }
    for (Credential credential : credentials) {
      long fingerprint = Fingerprint.of(credential.value());
      remember(fingerprint);
      if (shared != null) {
        unsent.add(new long[] {fingerprint});
      }
    }
    if (shared != null) {
      queueSync();
    }
  }

  private void queueSync() {
    if (syncQueued.compareAndSet(false, true)) {
      try {
        refresher.execute(this::queuedSync);
      } catch (RejectedExecutionException closed) {
        // Closing: nothing more goes to the table.
      }
    }
  }

  /**
   * {@inheritDoc} On every node, the sessions whose user is known there end at their next request,
   * even before MoonKey's list of them is had.
   */
  @Override
  public void recordOwner(String userId, String keptCredential) {
    long owner = ownerFingerprint(userId);
    long kept = keptCredential == null ? 0 : Fingerprint.of(keptCredential);
    ownerArrived(owner, kept);
    if (shared != null) {
      unsentOwners.add(new long[] {owner, kept == 0 ? NONE_KEPT : kept});
      queueSync();
    }
  }

  private synchronized void remember(long fingerprint) {
    ageIfDue();
    current.add(fingerprint);
  }

  private synchronized void ownerArrived(long owner, long kept) {
    ageIfDue();
    owners.arrived(owner, kept);
  }

  private void ageIfDue() {
    long now = clock.millis();
    if (now - generationStart >= retentionMillis()) {
      previous = current;
      current = new RevokedSet();
      owners.age();
      generationStart = now;
    }
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
        ownerStream.list.createTableIfMissing();
        tablesReady = true;
      }
      write();
      credentials.read((position, fingerprint) -> remember(fingerprint));
      ownerStream.read(this::ownerRow);
      if (!imported) {
        shared.importBefore(this::remember);
        imported = true;
      }
      credentials.prune();
      ownerStream.prune();
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

  private void write() {
    credentials.write(unsent);
    ownerStream.write(unsentOwners);
  }

  /** A row of the users' list: the user at an odd position, the session kept at the next. */
  private void ownerRow(long position, long fingerprint) {
    if (ownerStream.writtenHere(position)) {
      // This node's own: it arrived when it was recorded.
      return;
    }
    if (position % 2 == 1) {
      ownerRowUser = fingerprint;
    } else {
      ownerArrived(ownerRowUser, fingerprint == NONE_KEPT ? 0 : fingerprint);
    }
  }

  /**
   * One list in the database as the refresher sees it: what is waiting to be written, the position
   * read up to, and when positions were read (to prune). Rows are written in groups ({@code width}
   * fingerprints each), never split across transactions.
   */
  private final class Stream {
    final JdbcRevocationList list;
    private final int width;
    private final long[] batch = new long[BATCH];
    private int batched;
    private long readUpTo;
    private long prunedUpTo;
    private final Deque<long[]> checkpoints = new ArrayDeque<>();
    private final Deque<long[]> ownRanges = new ArrayDeque<>();

    Stream(JdbcRevocationList list, int width) {
      this.list = list;
      this.width = width;
    }

    /**
     * Writes the groups of {@code width} fingerprints waiting in {@code unsent}, in batches; a
     * batch that failed is written first next time.
     */
    void write(Queue<long[]> unsent) {
      while (true) {
        long[] group;
        while (batched + width <= BATCH && (group = unsent.poll()) != null) {
          System.arraycopy(group, 0, batch, batched, width);
          batched += width;
        }
        if (batched == 0) {
          return;
        }
        long last = list.append(batch, batched);
        long first = last - batched + 1;
        if (first - 1 == readUpTo) {
          // Nothing was written between this node's last read and its batch: no need to read it.
          readUpTo = last;
        } else {
          ownRanges.addLast(new long[] {first, last});
        }
        batched = 0;
      }
    }

    void read(JdbcRevocationList.RowConsumer each) {
      readUpTo = list.after(readUpTo, each);
      while (!ownRanges.isEmpty() && ownRanges.peekFirst()[1] <= readUpTo) {
        ownRanges.pollFirst();
      }
    }

    /** Whether this node wrote the row at {@code position} (and has not read past it yet). */
    boolean writtenHere(long position) {
      for (long[] range : ownRanges) {
        if (position >= range[0] && position <= range[1]) {
          return true;
        }
      }
      return false;
    }

    int waiting() {
      return batched / width;
    }

    /**
     * Deletes the rows that every node has had {@code 2 × retention} to read: the position read
     * this long ago by this node's clock, which only measures its own elapsed time.
     */
    void prune() {
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
        list.pruneUpTo(upTo);
        prunedUpTo = upTo;
      }
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
    int lost = unsent.size() + unsentOwners.size() + credentials.waiting() + ownerStream.waiting();
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
