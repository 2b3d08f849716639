package fun.moonkey.store;

import fun.moonkey.credential.Credential;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where the {@link RevocationRetrier} keeps what it has still to deliver: a local journal ({@link
 * PendingJournal}) or a table that every node of a cluster shares ({@link JdbcPendingStore}).
 * Thread-safe.
 */
interface PendingStore extends AutoCloseable {

  /** What to deliver now, at start-up: what the store holds that no running client delivers. */
  List<PendingRevocation> pending();

  /**
   * Records a pending revocation; it is durable when this returns.
   *
   * @param reach which sessions it ends: the credential's, or its owner's
   * @throws java.io.UncheckedIOException when it cannot be recorded
   */
  PendingRevocation add(Credential credential, Reach reach, Instant firstFailed);

  /** {@link #add(Credential, Reach, Instant)} of the credential's own session. */
  default PendingRevocation add(Credential credential, Instant firstFailed) {
    return add(credential, Reach.SESSION, firstFailed);
  }

  /** Records that a revocation is done (delivered or given up). */
  void done(long id);

  /**
   * How often {@link #refresh} wants to run, for a store shared by several clients; zero for a
   * store of one client's own.
   */
  default Duration refreshEvery() {
    return Duration.ZERO;
  }

  /**
   * Keeps this client's claim on what it delivers, and claims what no running client delivers any
   * more (a node that died).
   *
   * @return the revocations newly claimed, to deliver now
   */
  default List<PendingRevocation> refresh() {
    return List.of();
  }

  /** Releases the store: what it holds stays for the next start, or for another node. */
  @Override
  void close();
}
