package fun.moonkey.store;

import fun.moonkey.credential.Credential;
import java.time.Instant;
import java.util.List;

/** A local store that is memory only: the fallback of a shared store where there is no disk. */
final class MemoryStore implements PendingStore {

  private long nextId;

  /** Empty: memory holds nothing at start-up. */
  @Override
  public List<PendingRevocation> pending() {
    return List.of();
  }

  @Override
  public synchronized PendingRevocation add(
      Credential credential, Reach reach, Instant firstFailed) {
    return new PendingRevocation(nextId++, credential, reach, firstFailed);
  }

  /** Nothing to record: the retrier forgets the entry itself. */
  @Override
  public void done(long id) {}

  @Override
  public void close() {}
}
