package fun.moonkey.store;

import fun.moonkey.credential.Credential;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The shared table, written ahead through a local store: {@link #add} records a revocation in the
 * local store only (this node's journal, or memory where the runtime has no work directory) and
 * never touches the database; {@link #refresh}, which the retrier runs on a thread of its own,
 * moves what the local store holds to the shared table in one transaction and only then marks it
 * done locally, so a failure at any point leaves it in one store or both (sent twice at worst),
 * never in neither. Until it moves this node delivers it from the local store; from then on any
 * node can.
 *
 * <p>{@link #done} never touches the database either: a moved revocation's row is deleted by the
 * next refresh, a batch a statement, and kept for the one after while that fails. A database known
 * to be down costs one probe a refresh, and nothing else, until it answers.
 *
 * <p>Thread-safe. {@link #add} and {@link #done} do the local store's I/O; {@link #refresh} and
 * {@link #close} the database's; no I/O under this object's lock.
 */
final class FallbackStore implements PendingStore {

  private static final Logger LOG = System.getLogger(FallbackStore.class.getName());

  private final JdbcPendingStore shared;
  private final PendingStore local;
  private final boolean localIsDurable;

  /** By local id, what the local store holds that is not in the table yet. */
  private final Map<Long, Move> toMove = new LinkedHashMap<>();

  /** Local id to row id, for what moved while the retrier knew it by its local id. */
  private final Map<Long, Long> moved = new HashMap<>();

  /** Rows done, to delete. */
  private final List<Long> toDelete = new ArrayList<>();

  private boolean down;
  private boolean tableReady;

  /** A local revocation on its way to the table, with the row id it keeps across attempts. */
  private static final class Move {
    final PendingRevocation local;
    final long rowId = JdbcPendingStore.newId();
    boolean moving;
    boolean doneWhileMoving;

    Move(PendingRevocation local) {
      this.local = local;
    }
  }

  /**
   * @param localIsDurable whether the local store survives a restart (a journal) or not (memory)
   */
  FallbackStore(JdbcPendingStore shared, PendingStore local, boolean localIsDurable) {
    this.shared = Objects.requireNonNull(shared, "shared");
    this.local = Objects.requireNonNull(local, "local");
    this.localIsDurable = localIsDurable;
  }

  /**
   * What the local store holds (to move to the table at the first refresh). The table's rows that
   * no node delivers come with the first {@link #refresh}, which the retrier runs at once: the
   * database is never read on the thread that starts the application.
   */
  @Override
  public List<PendingRevocation> pending() {
    List<PendingRevocation> all = local.pending();
    synchronized (this) {
      all.forEach(revocation -> toMove.put(revocation.id(), new Move(revocation)));
    }
    return all;
  }

  /** Records it in the local store; the next {@link #refresh} moves it to the table. */
  @Override
  public PendingRevocation add(Credential credential, Reach reach, Instant firstFailed) {
    PendingRevocation revocation = local.add(credential, reach, firstFailed);
    synchronized (this) {
      toMove.put(revocation.id(), new Move(revocation));
    }
    return revocation;
  }

  @Override
  public void done(long id) {
    synchronized (this) {
      Move move = toMove.get(id);
      if (move != null && move.moving) {
        move.doneWhileMoving = true;
        return;
      }
      if (move == null) {
        Long row = moved.remove(id);
        toDelete.add(row != null ? row : id);
        return;
      }
      toMove.remove(id);
    }
    local.done(id);
  }

  @Override
  public Duration refreshEvery() {
    return shared.refreshEvery();
  }

  /**
   * Probes the database when it was down; moves what the local store holds to the table; deletes
   * the done rows; renews this node's rows and claims what no node delivers. Blocks on the
   * database: the retrier runs it on a thread of its own.
   *
   * @return the rows newly held, to deliver now; none while the database is down
   */
  @Override
  public List<PendingRevocation> refresh() {
    try {
      if (isDown()) {
        shared.probe();
      }
      if (!tableReady) {
        shared.createTableIfMissing();
        tableReady = true;
      }
      move();
      deleteDone();
      List<PendingRevocation> claimed = shared.refresh();
      recovered();
      return claimed;
    } catch (UncheckedIOException e) {
      shared.missedRefresh();
      degrade(e);
      return List.of();
    }
  }

  private void move() {
    List<Move> batch = new ArrayList<>();
    synchronized (this) {
      for (Move move : toMove.values()) {
        move.moving = true;
        batch.add(move);
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    List<PendingRevocation> rows = new ArrayList<>(batch.size());
    for (Move move : batch) {
      rows.add(
          new PendingRevocation(
              move.rowId, move.local.credential(), move.local.reach(), move.local.firstFailed()));
    }
    try {
      shared.addAll(rows);
    } catch (UncheckedIOException e) {
      synchronized (this) {
        for (Move move : batch) {
          move.moving = false;
          if (move.doneWhileMoving) {
            toMove.remove(move.local.id());
          }
        }
      }
      for (Move move : batch) {
        if (move.doneWhileMoving) {
          local.done(move.local.id());
        }
      }
      throw e;
    }
    synchronized (this) {
      for (Move move : batch) {
        toMove.remove(move.local.id());
        if (move.doneWhileMoving) {
          toDelete.add(move.rowId);
        } else {
          moved.put(move.local.id(), move.rowId);
        }
      }
    }
    // In the table now: the local copies go (a crash before this line sends them twice).
    for (Move move : batch) {
      local.done(move.local.id());
    }
  }

  private void deleteDone() {
    List<Long> batch;
    synchronized (this) {
      batch = new ArrayList<>(toDelete);
    }
    if (batch.isEmpty()) {
      return;
    }
    shared.doneAll(batch);
    synchronized (this) {
      toDelete.subList(0, batch.size()).clear();
    }
  }

  /** What the local store holds that is not in the table yet (for tests and the logs). */
  synchronized int localOnly() {
    return toMove.size();
  }

  /**
   * Moves what it can to the table and deletes the done rows (unless the database is known to be
   * down), releases this node's rows (another node takes them at once), then closes the local
   * store. Blocks on the database: the retrier runs it on the thread of {@link #refresh}.
   */
  @Override
  public void close() {
    if (!isDown()) {
      try {
        move();
        deleteDone();
      } catch (UncheckedIOException e) {
        degrade(e);
      }
    }
    List<PendingRevocation> stranded = new ArrayList<>();
    synchronized (this) {
      toMove.values().forEach(move -> stranded.add(move.local));
    }
    if (!localIsDurable) {
      for (PendingRevocation revocation : stranded) {
        LOG.log(
            Level.ERROR,
            "Pending revocation of {0} lost at shutdown: the pending-store database could not be"
                + " reached, and this runtime has no work directory to keep it",
            revocation.credential().hash());
      }
    }
    try {
      if (!isDown()) {
        shared.close();
      }
    } finally {
      local.close();
    }
  }

  private synchronized boolean isDown() {
    return down;
  }

  private void degrade(UncheckedIOException e) {
    boolean first;
    synchronized (this) {
      first = !down;
      down = true;
    }
    if (first) {
      LOG.log(
          Level.ERROR,
          "The pending-store database cannot be reached; pending revocations stay in this node''s"
              + " local store, and only this node delivers them, until it is back: {0}",
          e.getCause().getMessage());
    }
  }

  private void recovered() {
    boolean was;
    synchronized (this) {
      was = down;
      down = false;
    }
    if (was) {
      LOG.log(Level.INFO, "The pending-store database is reachable again");
    }
  }

  @Override
  public String toString() {
    return "FallbackStore[" + shared + ", local " + local + "]";
  }
}
