package fun.moonkey.pending;

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
 * The shared store, and a local one for when the shared one cannot be reached: a revocation that
 * the database does not take goes to the local store instead (logged once per outage), and moves to
 * the shared store at the first {@link #refresh} that reaches it again, so that any node can
 * deliver it from then on. Nothing is lost: until it moves, this node delivers it from the local
 * store. Thread-safe.
 */
final class FallbackStore implements PendingStore {

  private static final Logger LOG = System.getLogger(FallbackStore.class.getName());

  private final PendingStore shared;
  private final PendingStore local;
  private final boolean localIsDurable;

  /** By local id, what is in the local store only. */
  private final Map<Long, PendingRevocation> localOnly = new LinkedHashMap<>();

  /** Local id to shared id, for what moved while the retrier knew it by its local id. */
  private final Map<Long, Long> moved = new HashMap<>();

  private boolean degraded;

  /**
   * @param localIsDurable whether the local store survives a restart (a journal) or not (memory)
   */
  FallbackStore(PendingStore shared, PendingStore local, boolean localIsDurable) {
    this.shared = Objects.requireNonNull(shared, "shared");
    this.local = Objects.requireNonNull(local, "local");
    this.localIsDurable = localIsDurable;
  }

  @Override
  public synchronized List<PendingRevocation> pending() {
    List<PendingRevocation> all = new ArrayList<>(local.pending());
    all.forEach(revocation -> localOnly.put(revocation.id(), revocation));
    try {
      all.addAll(shared.pending());
      recovered();
    } catch (UncheckedIOException e) {
      degrade(e);
    }
    return all;
  }

  @Override
  public synchronized PendingRevocation add(Credential credential, Instant firstFailed) {
    try {
      PendingRevocation revocation = shared.add(credential, firstFailed);
      recovered();
      return revocation;
    } catch (UncheckedIOException e) {
      degrade(e);
      PendingRevocation revocation = local.add(credential, firstFailed);
      localOnly.put(revocation.id(), revocation);
      return revocation;
    }
  }

  @Override
  public synchronized void done(long id) {
    if (localOnly.remove(id) != null) {
      local.done(id);
      return;
    }
    Long sharedId = moved.remove(id);
    try {
      shared.done(sharedId != null ? sharedId : id);
    } catch (UncheckedIOException e) {
      LOG.log(
          Level.WARNING,
          "A revocation that is done stays in the shared store, and will be sent again: {0}",
          e.getCause().getMessage());
    }
  }

  @Override
  public Duration refreshEvery() {
    return shared.refreshEvery();
  }

  /** Renews and claims in the shared store, then moves there what went local in an outage. */
  @Override
  public synchronized List<PendingRevocation> refresh() {
    List<PendingRevocation> claimed;
    try {
      claimed = shared.refresh();
      for (PendingRevocation revocation : new ArrayList<>(localOnly.values())) {
        PendingRevocation copy = shared.add(revocation.credential(), revocation.firstFailed());
        localOnly.remove(revocation.id());
        local.done(revocation.id());
        moved.put(revocation.id(), copy.id());
      }
      recovered();
    } catch (UncheckedIOException e) {
      degrade(e);
      return List.of();
    }
    return claimed;
  }

  @Override
  public synchronized void close() {
    if (!localIsDurable) {
      for (PendingRevocation revocation : localOnly.values()) {
        LOG.log(
            Level.ERROR,
            "Pending revocation of {0} lost at shutdown: the pending-store database could not be"
                + " reached, and this runtime has no work directory to keep it",
            revocation.credential().hash());
      }
    }
    try {
      shared.close();
    } finally {
      local.close();
    }
  }

  private void degrade(UncheckedIOException e) {
    if (!degraded) {
      degraded = true;
      LOG.log(
          Level.ERROR,
          "The pending-store database cannot be reached; pending revocations go to this node''s"
              + " local store until it is back: {0}",
          e.getCause().getMessage());
    }
  }

  private void recovered() {
    if (degraded) {
      degraded = false;
      LOG.log(Level.INFO, "The pending-store database is reachable again");
    }
  }
}
