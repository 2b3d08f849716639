package fun.moonkey.store;

import fun.moonkey.credential.Credential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A store for tests whose writes can stall until the test lets them go, or fail: a disk that hangs,
 * or a store through which a database is reached. Records what it was asked.
 */
final class StallingStore implements PendingStore {

  final CountDownLatch addsGo = new CountDownLatch(1);
  final CountDownLatch donesGo = new CountDownLatch(1);
  final CountDownLatch doneEntered = new CountDownLatch(1);
  final List<Long> added = new CopyOnWriteArrayList<>();
  final List<Long> done = new CopyOnWriteArrayList<>();
  volatile boolean addsStall;
  volatile boolean donesStall;
  volatile boolean addsFail;
  private final AtomicLong nextId = new AtomicLong();

  @Override
  public List<PendingRevocation> pending() {
    return List.of();
  }

  @Override
  public PendingRevocation add(Credential credential, Reach reach, Instant firstFailed) {
    if (addsFail) {
      throw new UncheckedIOException(new IOException("disk full"));
    }
    if (addsStall) {
      await(addsGo);
    }
    long id = nextId.getAndIncrement();
    added.add(id);
    return new PendingRevocation(id, credential, reach, firstFailed);
  }

  @Override
  public void done(long id) {
    doneEntered.countDown();
    if (donesStall) {
      await(donesGo);
    }
    done.add(id);
  }

  @Override
  public void close() {}

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
