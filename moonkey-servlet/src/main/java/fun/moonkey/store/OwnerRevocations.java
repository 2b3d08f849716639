package fun.moonkey.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * "Every session of user X" revocations, for {@code enforce-revocations}: a "log out everywhere"
 * ends at once the sessions this node knows to be the user's, without waiting for MoonKey's list of
 * them. A revocation applies to the sessions whose user this node learnt <em>before</em> it arrived
 * here, so a sign-in that comes after it is left alone; one session may be kept ("every other
 * session").
 *
 * <p>"Before" is counted in arrivals, not in time: every arrival takes the next {@link #epoch}, and
 * a session remembers the epoch at which its user was learnt. No clock is read or compared.
 *
 * <p>{@link #ends} reads without a lock and allocates nothing unless the user has a revocation.
 * Entries live for the list's retention at least and twice that at most (two generations, the older
 * dropped whole, as {@link RevokedSessions} does with credentials). Thread-safe.
 */
final class OwnerRevocations {

  /**
   * One user's latest revocation.
   *
   * @param epoch the arrival's epoch
   * @param kept the fingerprint of the session's credential that stays signed in, or 0
   */
  private record Entry(long epoch, long kept) {}

  private final AtomicLong epoch = new AtomicLong(1);
  private volatile RevokedSet users = new RevokedSet();
  private volatile RevokedSet olderUsers = new RevokedSet();
  private volatile Map<Long, Entry> entries = new ConcurrentHashMap<>();
  private volatile Map<Long, Entry> olderEntries = new ConcurrentHashMap<>();

  /** The epoch a session takes when this node learns its user. */
  long epoch() {
    return epoch.get();
  }

  /**
   * A revocation of every session of a user arrives.
   *
   * @param user the user's fingerprint ({@link RevokedSessions#ownerFingerprint})
   * @param kept the fingerprint of the credential of the session that stays, or 0 for none
   */
  synchronized void arrived(long user, long kept) {
    entries.put(user, new Entry(epoch.incrementAndGet(), kept));
    users.add(user);
  }

  /**
   * Whether a revocation ends a session.
   *
   * @param user the fingerprint of the session's user, or 0 when unknown
   * @param learntAt the {@link #epoch} at which this node learnt the session's user
   * @param tokenPrint the fingerprint of the session's token, or 0
   * @param idPrint the fingerprint of the session's id, or 0
   */
  boolean ends(long user, long learntAt, long tokenPrint, long idPrint) {
    if (user == 0 || !(users.contains(user) || olderUsers.contains(user))) {
      return false;
    }
    Entry entry = entries.get(user);
    if (entry == null) {
      entry = olderEntries.get(user);
    }
    return entry != null
        && learntAt < entry.epoch()
        && (entry.kept() == 0 || (entry.kept() != tokenPrint && entry.kept() != idPrint));
  }

  /** Drops the older generation and starts a new one; called once per retention. */
  synchronized void age() {
    olderUsers = users;
    olderEntries = entries;
    users = new RevokedSet();
    entries = new ConcurrentHashMap<>();
  }
}
