package fun.moonkey.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Reads this test's own JVM from /proc (Linux only, like the benchmark). */
class ProcessSampleTest {

  private static final long SELF = ProcessHandle.current().pid();

  @Test
  void cpuTimeGrowsWithWork() {
    ProcessSample before = ProcessSample.of(SELF);
    long deadline = System.nanoTime() + 300_000_000L;
    long spins = 0;
    while (System.nanoTime() < deadline) {
      spins++;
    }

    ProcessSample after = ProcessSample.of(SELF);

    assertTrue(spins > 0);
    assertTrue(
        after.cpuTicks() - before.cpuTicks() >= 10,
        "0.3 s of spinning is at least 0.1 s of CPU: " + before + " then " + after);
  }

  @Test
  void jitTimeIsOfTheCompilerThreadsAndPartOfTheProcessTime() {
    ProcessSample sample = ProcessSample.of(SELF);

    // This JVM has compiled the test framework by now.
    assertTrue(sample.jitTicks() > 0, sample.toString());
    assertTrue(sample.jitTicks() <= sample.cpuTicks(), sample.toString());
  }

  @Test
  void contextSwitchesOfALiveThreadAreCounted() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch slept = new CountDownLatch(1);
    CountDownLatch end = new CountDownLatch(1);
    Thread worker =
        thread(
            () -> {
              go.await();
              for (int i = 0; i < 50; i++) {
                Thread.sleep(1);
              }
              slept.countDown();
              end.await();
            });
    ProcessSample before = ProcessSample.of(SELF);

    go.countDown();
    slept.await();
    ProcessSample after = ProcessSample.of(SELF);
    end.countDown();
    worker.join();

    // Each sleep gives the core up at least once.
    assertTrue(
        after.contextSwitches() - before.contextSwitches() >= 50,
        before.contextSwitches() + " then " + after.contextSwitches());
    assertEquals(0, after.threadsExitedSince(before));
  }

  @Test
  void aThreadThatExitsBetweenTwoReadingsIsCounted() throws Exception {
    CountDownLatch end = new CountDownLatch(1);
    Thread worker = thread(end::await);
    ProcessSample before = ProcessSample.of(SELF);

    end.countDown();
    worker.join();
    // join() returns once the JVM has marked the thread ended; the OS task may still be on its
    // way out, and stays listed in /proc until it is. Read again until it is gone.
    long deadline = System.nanoTime() + 10_000_000_000L;
    ProcessSample after = ProcessSample.of(SELF);
    while (after.threadsExitedSince(before) == 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      after = ProcessSample.of(SELF);
    }

    assertTrue(after.threadsExitedSince(before) >= 1, before.threadIds() + " " + after.threadIds());
  }

  /** A started thread that runs {@code body}. */
  private static Thread thread(Body body) {
    Thread thread =
        new Thread(
            () -> {
              try {
                body.run();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "process-sample-test");
    thread.start();
    return thread;
  }

  @FunctionalInterface
  private interface Body {
    void run() throws InterruptedException;
  }
}
