package fun.moonkey.testing;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;

/**
 * Measures the heap a piece of code allocates on the calling thread, in bytes per call, with the
 * JVM's per-thread allocation counter: a count, not a timing, so bounds on it do not depend on the
 * machine's speed or load.
 */
public final class Allocations {

  /** Calls made before counting, so that class loading and first-call caches are not counted. */
  public static final int WARM_UP = 20_000;

  /** Holds each result so that the JIT cannot drop the allocation of an unused one. */
  private static volatile Object sink;

  private Allocations() {}

  /**
   * @param calls how many calls are counted after the warm-up
   * @param work the code; its result is kept until the next call
   * @return the bytes allocated per call, on average
   */
  public static long perCall(int calls, Supplier<?> work) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    for (int i = 0; i < WARM_UP; i++) {
      sink = work.get();
    }
    long before = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < calls; i++) {
      sink = work.get();
    }
    long after = threads.getThreadAllocatedBytes(id);
    sink = null;
    return (after - before) / calls;
  }
}
