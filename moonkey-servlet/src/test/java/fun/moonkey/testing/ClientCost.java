package fun.moonkey.testing;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.revocation.RevocationOutcome;
import fun.moonkey.revocation.SessionRevoker;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A rough measure of what the MoonKey client costs: revocations against the emulator in this JVM,
 * {@code CONCURRENCY} in flight, after a warm-up; prints the threads the JVM started and the CPU of
 * everything but the emulator's threads per 1,000 revocations. Not a test: run it with {@code java
 * -cp <test classpath> fun.moonkey.testing.ClientCost [revocations]} (see docs/reliability.md).
 * Uses only the public API, so that it runs on any version of the library.
 */
public final class ClientCost {

  private static final int CONCURRENCY = 200;

  private ClientCost() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (MoonKeyEmulator moonKey = MoonKeyEmulator.start();
        SessionRevoker revoker =
            new SessionRevoker(
                MoonKeyConfig.builder()
                    .secretKey(moonKey.secretKey())
                    .apiUrl(moonKey.baseUri())
                    .timeout(Duration.ofSeconds(10))
                    .set("max-concurrency", String.valueOf(CONCURRENCY))
                    .build())) {
      run(revoker, sessions(moonKey, count / 4));
      List<Credential> measured = sessions(moonKey, count);
      long startedBefore = threads.getTotalStartedThreadCount();
      long cpuBefore = os.getProcessCpuTime();
      long emulatorBefore = emulatorCpu(threads);
      long wallBefore = System.nanoTime();
      long failed = run(revoker, measured);
      long wall = System.nanoTime() - wallBefore;
      long emulator = emulatorCpu(threads) - emulatorBefore;
      long cpu = os.getProcessCpuTime() - cpuBefore;
      long started = threads.getTotalStartedThreadCount() - startedBefore;
      System.out.printf(
          "%d revocations (%d not revoked), %d in flight, %d CPUs, common pool parallelism %d:"
              + " %d threads started; CPU s per 1,000: client %.3f (process %.3f, emulator %.3f);"
              + " %.0f revocations/s%n",
          count,
          failed,
          CONCURRENCY,
          Runtime.getRuntime().availableProcessors(),
          ForkJoinPool.getCommonPoolParallelism(),
          started,
          (cpu - emulator) / 1e9 / count * 1000,
          cpu / 1e9 / count * 1000,
          emulator / 1e9 / count * 1000,
          count / (wall / 1e9));
    }
  }

  private static List<Credential> sessions(MoonKeyEmulator moonKey, int count) {
    List<Credential> sessions = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      sessions.add(
          new Credential(
              CredentialType.SESSION_ID,
              moonKey.createSession("user_" + i, "u@example.com").id(),
              "cost"));
    }
    return sessions;
  }

  /** Revokes every credential, {@link #CONCURRENCY} at a time; how many were not revoked. */
  private static long run(SessionRevoker revoker, List<Credential> credentials)
      throws InterruptedException {
    Semaphore inFlight = new Semaphore(CONCURRENCY);
    AtomicLong failed = new AtomicLong();
    for (Credential credential : credentials) {
      inFlight.acquire();
      revoker
          .revoke(credential)
          .whenComplete(
              (RevocationOutcome outcome, Throwable e) -> {
                if (outcome == null || !outcome.isRevoked()) {
                  failed.incrementAndGet();
                }
                inFlight.release();
              });
    }
    inFlight.acquire(CONCURRENCY);
    return failed.get();
  }

  /** CPU of the emulator's threads (its handlers and the JDK server's dispatcher). */
  private static long emulatorCpu(ThreadMXBean threads) {
    long total = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null
          && (info.getThreadName().startsWith("moonkey-emulator-")
              || info.getThreadName().startsWith("HTTP-Dispatcher"))) {
        total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return total;
  }
}
