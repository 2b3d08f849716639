package fun.moonkey.revoked;

import fun.moonkey.config.JndiDataSource;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.config.PendingStoreSetting;
import fun.moonkey.config.ProjectId;
import fun.moonkey.credential.Credential;
import fun.moonkey.revocation.NamedThreads;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The credentials that logouts revoked, for {@code enforce-revocations}: the filter asks {@link
 * #isRevoked} on every request whose {@code HttpSession} holds a credential, and ends the session
 * when it is. Every logout (the user's, "everywhere", "others", a session that ended) records what
 * it revokes, when it starts; with a {@code jdbc:} pending-store the list is shared through the
 * table {@code moonkey_revoked}: a node writes what it records at once and reads what the others
 * wrote every {@code revocation-refresh}.
 *
 * <p>Fingerprints are kept for {@link #RETENTION} at least and twice that at most (two generations;
 * the older is dropped whole), so memory stays bounded without a timestamp per entry. Thread-safe;
 * {@link #close} stops the refresher thread.
 */
public final class RevokedSessions implements AutoCloseable {

  /**
   * How long a revocation is remembered at least: longer than an idle {@code HttpSession} lives.
   */
  public static final Duration RETENTION = Duration.ofHours(12);

  /** Re-read margin: a node's clock may run this far behind another's. */
  static final Duration SKEW = Duration.ofMinutes(1);

  private static final Logger LOG = System.getLogger(RevokedSessions.class.getName());
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final Clock clock;
  private final JdbcRevocationList shared;
  private final Queue<Long> unsent = new ConcurrentLinkedQueue<>();
  private final ScheduledThreadPoolExecutor refresher;
  private volatile RevokedSet current = new RevokedSet();
  private volatile RevokedSet previous = new RevokedSet();
  private long generationStart;
  private long readUpTo;
  private long prunedAt;
  private boolean unreachable;

  RevokedSessions(JdbcRevocationList shared, Duration refresh, Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.shared = shared;
    this.generationStart = clock.millis();
    if (shared == null) {
      this.refresher = null;
      return;
    }
    String name = "moonkey-revoked-" + INSTANCES.incrementAndGet();
    this.refresher = new ScheduledThreadPoolExecutor(1, NamedThreads.single(name));
    this.readUpTo = clock.millis() - RETENTION.toMillis();
    refresher.execute(this::sync);
    refresher.scheduleWithFixedDelay(
        this::sync, refresh.toNanos(), refresh.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * The list for {@code config}: shared through the database of a {@code jdbc:} pending-store, else
   * this node's own; null when {@code enforce-revocations} is off.
   */
  public static RevokedSessions start(MoonKeyConfig config) {
    if (!config.enforceRevocations()) {
      return null;
    }
    JdbcRevocationList shared = null;
    if (config.reliability().pendingStore() instanceof PendingStoreSetting.Jdbc jdbc) {
      shared = new JdbcRevocationList(JndiDataSource.lookup(jdbc.jndiName()), ProjectId.of(config));
      try {
        shared.createTableIfMissing();
      } catch (UncheckedIOException e) {
        LOG.log(Level.ERROR, "enforce-revocations: {0}; retried at each refresh", e.getMessage());
      }
    }
    return new RevokedSessions(shared, config.revocationRefresh(), Clock.systemUTC());
  }

  /** The fingerprint the list keeps of a credential's value. */
  public static long fingerprint(String credentialValue) {
    return Fingerprint.of(credentialValue);
  }

  /** Whether a credential of this fingerprint was revoked. Lock-free; allocates nothing. */
  public boolean isRevoked(long fingerprint) {
    return current.contains(fingerprint) || previous.contains(fingerprint);
  }

  /** Records credentials a logout revokes (now, or later by the retrier). */
  public void record(Collection<Credential> credentials) {
    for (Credential credential : credentials) {
      long fingerprint = Fingerprint.of(credential.value());
      remember(fingerprint);
      if (shared != null) {
        unsent.add(fingerprint);
      }
    }
    if (shared != null && !credentials.isEmpty()) {
      try {
        refresher.execute(this::sync);
      } catch (java.util.concurrent.RejectedExecutionException closed) {
        // Closing: nothing more goes to the table.
      }
    }
  }

  private synchronized void remember(long fingerprint) {
    long now = clock.millis();
    if (now - generationStart >= RETENTION.toMillis()) {
      previous = current;
      current = new RevokedSet();
      generationStart = now;
    }
    current.add(fingerprint);
  }

  /** On the refresher: writes what this node recorded, then reads what every node wrote. */
  private void sync() {
    try {
      long now = clock.millis();
      Long fingerprint;
      while ((fingerprint = unsent.peek()) != null) {
        shared.add(fingerprint, now);
        unsent.poll();
      }
      long from = readUpTo - SKEW.toMillis();
      shared.since(from, this::remember);
      readUpTo = now;
      if (now - prunedAt > RETENTION.toMillis() / 4) {
        shared.prune(now - 2 * RETENTION.toMillis());
        prunedAt = now;
      }
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

  /** Stops the refresher; what was not written yet is lost to the other nodes (logged). */
  @Override
  public void close() {
    if (refresher == null) {
      return;
    }
    refresher.shutdownNow();
    try {
      refresher.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!unsent.isEmpty()) {
      LOG.log(
          Level.WARNING,
          "{0} revoked session(s) not written to the revoked-sessions table; other nodes will"
              + " not end theirs",
          unsent.size());
    }
  }

  @Override
  public String toString() {
    return "RevokedSessions[" + (shared == null ? "this node" : "shared") + "]";
  }
}
