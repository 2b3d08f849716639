package fun.moonkey.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class BulkheadTest {

  private final Bulkhead bulkhead = new Bulkhead(2);

  @Test
  void grantsUpToTheLimitThenQueuesInOrder() {
    assertTrue(bulkhead.acquire().join());
    assertTrue(bulkhead.acquire().join());
    CompletableFuture<Boolean> third = bulkhead.acquire();
    CompletableFuture<Boolean> fourth = bulkhead.acquire();
    assertFalse(third.isDone());

    bulkhead.release();
    assertTrue(third.join());
    assertFalse(fourth.isDone());
    assertEquals(2, bulkhead.inUse());
    assertEquals(2, bulkhead.peak());
  }

  @Test
  void anAbandonedWaiterIsSkipped() {
    bulkhead.acquire();
    bulkhead.acquire();
    CompletableFuture<Boolean> gaveUp = bulkhead.acquire();
    CompletableFuture<Boolean> next = bulkhead.acquire();

    assertTrue(bulkhead.abandon(gaveUp));
    assertFalse(gaveUp.join());
    bulkhead.release();
    assertTrue(next.join());
    assertEquals(2, bulkhead.inUse());
  }

  @Test
  void abandoningAfterTheGrantKeepsThePermit() {
    bulkhead.acquire();
    bulkhead.acquire();
    CompletableFuture<Boolean> waiter = bulkhead.acquire();
    bulkhead.release();

    assertFalse(bulkhead.abandon(waiter), "already granted");
    assertTrue(waiter.join());
    bulkhead.release();
    bulkhead.release();
    assertEquals(0, bulkhead.inUse());
  }
}
