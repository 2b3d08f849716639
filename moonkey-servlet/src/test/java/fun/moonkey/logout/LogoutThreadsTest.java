package fun.moonkey.logout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.answer.LogoutResult;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import fun.moonkey.event.AfterLogout;
import fun.moonkey.event.LogoutListener;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.testing.Await;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which threads run the library's code: every log line and every callback of a logout (revoked,
 * already gone, refused, pending then delivered by the retrier) runs on a {@code moonkey-} thread,
 * or on the caller's own; those threads carry the library's class loader as their context loader
 * (where Tomcat files the loggers they create); and a thousand logouts start no thread per logout.
 */
class LogoutThreadsTest {

  private final Logger library = Logger.getLogger("fun.moonkey");
  private final Level previousLevel = library.getLevel();
  private final ConcurrentLinkedQueue<String> logged = new ConcurrentLinkedQueue<>();
  private final Handler byThread =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          // JUL publishes on the thread that logs.
          logged.add(
              Thread.currentThread().getName()
                  + " "
                  + record.getLevel()
                  + " "
                  + record.getLoggerName());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private MoonKeyEmulator moonKey;

  @BeforeEach
  void start() {
    moonKey = MoonKeyEmulator.start();
    library.setLevel(Level.ALL);
    byThread.setLevel(Level.ALL);
    library.addHandler(byThread);
  }

  @AfterEach
  void stop() {
    library.removeHandler(byThread);
    library.setLevel(previousLevel);
    moonKey.close();
  }

  private LogoutService service(LogoutListener listener) {
    MoonKeyConfig config =
        MoonKeyConfig.builder()
            .secretKey(moonKey.secretKey())
            .apiUrl(moonKey.baseUri())
            .set("max-attempts", "2")
            .set("backoff-initial", "20ms")
            .set("backoff-max", "40ms")
            .set("pending-store", "memory")
            .set("shutdown-grace", "0ms")
            .build();
    LogoutService service = LogoutService.start(config);
    service.events().register(listener);
    return service;
  }

  private static boolean ours(String thread) {
    return thread.startsWith("moonkey-");
  }

  @Test
  void everyLineAndCallbackOfALogoutRunsOnAMoonKeyThreadWithTheLibrarysLoader()
      throws InterruptedException {
    String caller = Thread.currentThread().getName();
    ConcurrentLinkedQueue<String> callbacks = new ConcurrentLinkedQueue<>();
    LogoutListener listener = new Recorder(callbacks);
    LogoutService service = service(listener);
    try {
      EmulatedSession revoked = moonKey.createSession("user_1", "a@example.com");
      EmulatedSession pending = moonKey.createSession("user_2", "b@example.com");

      List<LogoutResult> results = new ArrayList<>();
      results.add(logout(service, revoked.token(), callbacks));
      results.add(logout(service, "tok_unknown_to_moonkey", callbacks));
      moonKey.enqueue(Reply.json(422, "{\"error_type\":\"validation_error\"}"));
      results.add(logout(service, "tok_refused", callbacks));
      moonKey.setDefaultReply(Reply.status(503));
      results.add(logout(service, pending.token(), callbacks));
      moonKey.setDefaultReply(null);
      Await.until(
          Duration.ofSeconds(10),
          () -> service.retrier().delivered() == 1,
          () -> service.retrier().toString());

      assertEquals(
          List.of(
              LogoutResult.Status.REVOKED,
              LogoutResult.Status.REVOKED,
              LogoutResult.Status.FAILED,
              LogoutResult.Status.PENDING),
          results.stream().map(LogoutResult::status).toList());
      Set<String> threads = new TreeSet<>();
      logged.forEach(line -> threads.add(line.substring(0, line.indexOf(' '))));
      threads.addAll(callbacks);
      threads.remove(caller);
      assertTrue(threads.stream().allMatch(LogoutThreadsTest::ours), threads + "\n" + logged);
      // A stage already complete when its callback is attached runs it on the caller's thread.
      assertTrue(callbacks.size() >= 8, "the listener and the stage's callbacks ran: " + callbacks);
      // Every live thread of the library: named, and with the library's loader as its context
      // loader, which is where Tomcat's log manager files a logger created on it.
      ClassLoader loader = SessionRevoker.class.getClassLoader();
      List<String> wrongLoader = new ArrayList<>();
      for (Thread thread : Thread.getAllStackTraces().keySet()) {
        if (ours(thread.getName()) && thread.getContextClassLoader() != loader) {
          wrongLoader.add(thread.getName() + " " + thread.getContextClassLoader());
        }
      }
      assertEquals(List.of(), wrongLoader);
    } finally {
      service.close();
    }
  }

  /** Logs out with {@code token} and records the thread the stage completes on. */
  private static LogoutResult logout(
      LogoutService service, String token, ConcurrentLinkedQueue<String> callbacks) {
    return service
        .logout(new FakeRequest().cookie("session_token", token))
        .whenComplete((result, failure) -> callbacks.add(Thread.currentThread().getName()))
        .toCompletableFuture()
        .join();
  }

  @Test
  void aThousandLogoutsStartNoThreadOfTheLibraryPerLogout() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    LogoutService service = service(new LogoutListener() {});
    try {
      // Warm up: the revoker's threads, the emulator's, the JDK client's connections.
      logoutBatches(service, 100);
      long calls = service.revoker().calls();
      long started = threads.getTotalStartedThreadCount();

      logoutBatches(service, 1_000);

      long startedNow = threads.getTotalStartedThreadCount() - started;
      long callsNow = service.revoker().calls() - calls;
      System.out.printf(
          "measured: 1000 logouts, %d calls, %d threads started (Java %s, %d CPUs, common pool"
              + " parallelism %d)%n",
          callsNow,
          startedNow,
          Runtime.version().feature(),
          Runtime.getRuntime().availableProcessors(),
          java.util.concurrent.ForkJoinPool.getCommonPoolParallelism());
      // The slack is the emulator's own pool, which grows with the 50 logouts at once; a thread
      // per logout (the JDK's HTTP client on a common pool of parallelism 1) would be 1,000 more.
      assertTrue(startedNow <= 100, startedNow + " threads for " + callsNow + " calls");
    } finally {
      service.close();
    }
  }

  /** {@code n} logouts, 50 at a time, each revoked at MoonKey. */
  private void logoutBatches(LogoutService service, int n) {
    for (int done = 0; done < n; done += 50) {
      List<CompletableFuture<LogoutResult>> batch = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        String token = moonKey.createSession("user_" + (done + i), "u@example.com").token();
        batch.add(
            service.logout(new FakeRequest().cookie("session_token", token)).toCompletableFuture());
      }
      for (CompletableFuture<LogoutResult> logout : batch) {
        assertEquals(LogoutResult.Status.REVOKED, logout.join().status());
      }
    }
  }

  /** Records the thread each logout's listener runs on. */
  private record Recorder(ConcurrentLinkedQueue<String> threads) implements LogoutListener {
    @Override
    public void afterLogout(AfterLogout event) {
      threads.add(Thread.currentThread().getName());
    }
  }
}
