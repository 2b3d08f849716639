package fun.moonkey.logout;

import fun.moonkey.answer.LogoutSummary;
import fun.moonkey.credential.Credential;
import fun.moonkey.event.AfterLogout;
import fun.moonkey.event.LogoutEvents;
import fun.moonkey.event.Trigger;
import fun.moonkey.revocation.Budget;
import fun.moonkey.revocation.RevocationOutcome;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.store.Reach;
import fun.moonkey.store.RevocationRetrier;
import fun.moonkey.store.RevokedLists;
import fun.moonkey.store.RevokedRecorder;
import fun.moonkey.store.RevokedSessions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * MoonKey's part of every logout, whatever triggered it (the user, "everywhere", a session that
 * ended): revoke a batch of credentials within one budget, {@link #PARALLEL} at a time; hand what
 * failed for now to the retrier before the stage completes; summarise ({@link LogoutSummary}); log
 * the logout's one line ({@link LogoutLog}); tell the listeners once. The triggers differ only in
 * how they find the credentials and what they do locally. Thread-safe.
 *
 * <p>Threads: a logout whose credentials were all revoked, with no listener registered, completes
 * on the HTTP client's I/O thread that read the last answer, and so does the caller's answer to the
 * request; nothing there blocks. A logout that must queue a revocation for the retrier (which may
 * wait up to 50 ms for its local write, never for a database) or tell listeners (user code) is
 * handed once to the revoker's {@linkplain SessionRevoker#workers() workers}, which then complete
 * it.
 */
final class LogoutCore {

  /** The most revocations of one logout in flight at once. */
  public static final int PARALLEL = 8;

  private final SessionRevoker revoker;
  private final RevocationRetrier retrier;
  private final LogoutEvents events;
  private final RevokedRecorder revoked;

  /**
   * @param revoker the MoonKey client; not closed here
   * @param retrier where transient failures go, or null to report them pending without a retry
   *     (tests of the local steps)
   * @param events the listeners
   */
  public LogoutCore(SessionRevoker revoker, RevocationRetrier retrier, LogoutEvents events) {
    this(revoker, retrier, events, (RevokedSessions) null);
  }

  /**
   * @param revoker the MoonKey client; not closed here
   * @param retrier where transient failures go, or null
   * @param events the listeners
   * @param revoked where every logout records what it revokes ({@code enforce-revocations}), or
   *     null when that is off
   */
  public LogoutCore(
      SessionRevoker revoker,
      RevocationRetrier retrier,
      LogoutEvents events,
      RevokedSessions revoked) {
    this(revoker, retrier, events, (RevokedRecorder) revoked);
  }

  /** The core of a service, recording into its application's list ({@link RevokedLists}). */
  LogoutCore(
      SessionRevoker revoker,
      RevocationRetrier retrier,
      LogoutEvents events,
      RevokedRecorder revoked) {
    this.revoker = Objects.requireNonNull(revoker, "revoker");
    this.retrier = retrier;
    this.events = Objects.requireNonNull(events, "events");
    this.revoked = revoked;
  }

  /** Records credentials as revoked for {@code enforce-revocations}, when it is on. */
  void recordRevoked(List<Credential> credentials) {
    if (revoked != null) {
      revoked.record(credentials);
    }
  }

  /**
   * Records that every session of a user is revoked (but the one of {@code keptCredential}, when
   * not null), for {@code enforce-revocations}, when it is on.
   */
  void recordOwner(String userId, String keptCredential) {
    if (revoked != null) {
      revoked.recordOwner(userId, keptCredential);
    }
  }

  /** The MoonKey client, for the lookups a trigger makes before revoking. */
  SessionRevoker revoker() {
    return revoker;
  }

  /** A budget of {@code timeout} that starts now. */
  Budget budget() {
    return revoker.budget();
  }

  /**
   * Revokes every credential within the budget and tells the listeners. The first {@link #PARALLEL}
   * revocations have started when this returns.
   *
   * @param trigger what the listeners are told caused it
   * @param names the credentials the listeners are told of ({@code field#hash})
   * @param credentials what to revoke; none gives {@link LogoutSummary#none()}
   * @param budget the time MoonKey's part may take
   * @return the summary; never completes exceptionally
   */
  public CompletionStage<LogoutSummary> logout(
      Trigger trigger, List<String> names, List<Credential> credentials, Budget budget) {
    // Revoked for the application from now, whatever MoonKey answers: the user asked to leave.
    recordRevoked(credentials);
    return revoke(credentials, budget).thenApply(summary -> told(trigger, names, summary, budget));
  }

  /**
   * Logs how a logout ended (its one line, {@link LogoutLog}), tells the listeners, and hands the
   * summary on.
   *
   * @param budget the logout's budget, whose elapsed time the line gives
   */
  LogoutSummary told(Trigger trigger, List<String> names, LogoutSummary summary, Budget budget) {
    LogoutLog.log(trigger, names, summary, budget.elapsed());
    if (!events.isEmpty()) {
      events.after(new AfterLogout(trigger, summary.eventOutcome(), names));
    }
    return summary;
  }

  /**
   * {@link #told}, for a caller that may be on the HTTP client's I/O thread: on a worker when there
   * are listeners to tell.
   */
  CompletionStage<LogoutSummary> tell(
      Trigger trigger, List<String> names, LogoutSummary summary, Budget budget) {
    if (events.isEmpty()) {
      return CompletableFuture.completedFuture(told(trigger, names, summary, budget));
    }
    return CompletableFuture.supplyAsync(
        () -> told(trigger, names, summary, budget), revoker.workers());
  }

  /**
   * Queues a "log out everywhere" whose user's sessions could not be listed now: one durable item
   * for the retrier ({@link Reach#EVERY_SESSION_OF_OWNER} or {@link
   * Reach#OTHER_SESSIONS_OF_OWNER}), which verifies the credential, lists and deletes the sessions
   * when MoonKey is back. On a worker: queueing may wait for the local write. Then tells the
   * listeners.
   *
   * @param credential the token or JWT whose owner's sessions to revoke
   * @param failure why the verify or list gave no answer now
   * @return the summary: pending ({@link LogoutSummary#othersPending()}), or failed when the
   *     retrier refused it (full, or stopping; logged there); never completes exceptionally
   */
  CompletionStage<LogoutSummary> queueOwner(
      List<String> names,
      Credential credential,
      Reach reach,
      RevocationOutcome failure,
      Budget budget) {
    return queue(Trigger.EVERYWHERE, names, credential, reach, failure, budget);
  }

  /**
   * Queues an administrator's end of a user's sessions that could not be listed now: one durable
   * item ({@link Reach#EVERY_SESSION_OF_USER}) that the retrier lists and deletes when MoonKey is
   * back. As {@link #queueOwner}, on a worker; then tells the listeners ({@link Trigger#ADMIN}).
   *
   * @param userId MoonKey's id of the user
   * @param failure why the list gave no answer now
   * @return pending, or failed when the retrier refused it; never completes exceptionally
   */
  CompletionStage<LogoutSummary> queueUser(
      List<String> names, String userId, RevocationOutcome failure, Budget budget) {
    return queue(
        Trigger.ADMIN, names, Reach.userItem(userId), Reach.EVERY_SESSION_OF_USER, failure, budget);
  }

  private CompletionStage<LogoutSummary> queue(
      Trigger trigger,
      List<String> names,
      Credential credential,
      Reach reach,
      RevocationOutcome failure,
      Budget budget) {
    Supplier<LogoutSummary> queue =
        () -> {
          LogoutSummary summary =
              retrier == null || retrier.enqueue(credential, reach)
                  ? LogoutSummary.othersQueued(credential, failure)
                  : LogoutSummary.failed(1);
          return told(trigger, names, summary, budget);
        };
    try {
      return CompletableFuture.supplyAsync(queue, revoker.workers());
    } catch (RejectedExecutionException stopped) {
      return CompletableFuture.completedFuture(queue.get());
    }
  }

  private CompletionStage<LogoutSummary> revoke(List<Credential> credentials, Budget budget) {
    if (credentials.isEmpty()) {
      return CompletableFuture.completedFuture(LogoutSummary.none());
    }
    Batch batch = new Batch(List.copyOf(credentials), budget);
    for (int i = 0; i < Math.min(PARALLEL, credentials.size()); i++) {
      batch.next();
    }
    return batch.done;
  }

  /** One logout's revocations: which is next, and what each gave. */
  private final class Batch {
    final CompletableFuture<LogoutSummary> done = new CompletableFuture<>();
    private final List<Credential> credentials;
    private final Budget budget;
    private final RevocationOutcome[] outcomes;
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();

    Batch(List<Credential> credentials, Budget budget) {
      this.credentials = credentials;
      this.budget = budget;
      this.outcomes = new RevocationOutcome[credentials.size()];
    }

    /** Starts the next revocation; those the budget leaves no time for are queued unsent. */
    void next() {
      while (true) {
        int index = started.getAndIncrement();
        if (index >= credentials.size()) {
          return;
        }
        if (!budget.remaining().isZero()) {
          CompletionStage<RevocationOutcome> revocation;
          try {
            revocation = revoker.revokeQuietly(credentials.get(index), budget);
          } catch (IllegalStateException closed) {
            // The revoker is closed (the application is stopping): an outcome, not a throw.
            if (!finish(index, SessionRevoker.closedFailure())) {
              return;
            }
            continue;
          }
          revocation.whenComplete(
              (outcome, ignored) -> {
                if (finish(index, outcome)) {
                  next();
                }
              });
          return;
        }
        if (!finish(index, SessionRevoker.outOfTime(budget))) {
          return;
        }
      }
    }

    /** Records one outcome; true while others are left to finish. */
    private boolean finish(int index, RevocationOutcome outcome) {
      outcomes[index] = outcome;
      if (finished.incrementAndGet() < credentials.size()) {
        return true;
      }
      if (mayBlock()) {
        revoker.workers().execute(() -> done.complete(summarise()));
      } else {
        done.complete(summarise());
      }
      return false;
    }

    /**
     * True when completing this logout may block: a revocation to queue with the retrier, or
     * listeners to tell (they are told on the thread that completes {@link #done}).
     */
    private boolean mayBlock() {
      if (!events.isEmpty()) {
        return true;
      }
      if (retrier != null) {
        for (RevocationOutcome outcome : outcomes) {
          if (!outcome.isRevoked() && outcome.isRetryable()) {
            return true;
          }
        }
      }
      return false;
    }

    /** Hands what failed for now to the retrier, then counts. */
    private LogoutSummary summarise() {
      Map<Credential, RevocationOutcome> all = new LinkedHashMap<>();
      int revoked = 0;
      int pending = 0;
      int failed = 0;
      for (int i = 0; i < outcomes.length; i++) {
        Credential credential = credentials.get(i);
        RevocationOutcome outcome = outcomes[i];
        all.put(credential, outcome);
        if (outcome.isRevoked()) {
          revoked++;
        } else if (!outcome.isRetryable()) {
          failed++;
        } else if (retrier == null || retrier.enqueue(credential)) {
          pending++;
        } else {
          // Refused by the retrier (logged there): not pending, failed.
          failed++;
        }
      }
      return LogoutSummary.of(all, revoked, pending, failed);
    }
  }
}
