package fun.moonkey.logout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.answer.LogoutResult;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 10,000 logouts with mixed faults through one service, 50 at a time; afterwards the service's
 * threads are gone, its connections to MoonKey never exceed the bulkhead, and once MoonKey closes
 * them the JVM is back to the threads it started with.
 */
class LogoutSoakTest {

  private static final int LOGOUTS = 10_000;
  private static final int AT_ONCE = 50;

  @Test
  @Timeout(120)
  void tenThousandLogoutsWithMixedFaultsLeaveNoThreadOrConnectionBehind() throws Exception {
    int threadsBefore = ourThreads().size();
    try (MoonKeyEmulator moonKey = MoonKeyEmulator.start()) {
      Map<LogoutResult.Status, Integer> statuses = new EnumMap<>(LogoutResult.Status.class);
      int port = moonKey.port();
      assertEquals(0, connectionsTo(port));

      LogoutService service =
          LogoutService.start(
              MoonKeyConfig.builder()
                  .secretKey(moonKey.secretKey())
                  .apiUrl(moonKey.baseUri())
                  .timeout(Duration.ofSeconds(2))
                  .set("backoff-initial", "10ms")
                  .set("max-concurrency", "8")
                  .set("breaker-failures", "1000")
                  .set("pending-capacity", "" + LOGOUTS)
                  .set("shutdown-grace", "0ms")
                  .build());
      long start = System.nanoTime();
      for (int batch = 0; batch < LOGOUTS / AT_ONCE; batch++) {
        for (int i = 0; i < AT_ONCE / 10; i++) {
          moonKey.enqueue(
              Reply.status(503),
              Reply.reset(),
              Reply.status(429).withHeader("Retry-After", "garbage"),
              Reply.json(500, "{not json"),
              Reply.trickle(502, "bad gateway", Duration.ofMillis(1)),
              Reply.largeBody(503, 100_000),
              Reply.status(200));
        }
        List<CompletableFuture<LogoutResult>> futures = new ArrayList<>();
        for (int i = 0; i < AT_ONCE; i++) {
          String token = "tok_" + batch + "_" + i;
          futures.add(
              service
                  .logout(new FakeRequest().cookie("session_token", token))
                  .toCompletableFuture());
        }
        for (CompletableFuture<LogoutResult> future : futures) {
          statuses.merge(future.join().status(), 1, Integer::sum);
        }
      }
      long took = (System.nanoTime() - start) / 1_000_000;
      int calls = moonKey.requestCount(SessionRevoker.DELETE_PATH);
      service.close();
      service = null;

      assertEquals(LOGOUTS, statuses.values().stream().mapToInt(Integer::intValue).sum());
      assertEquals(null, statuses.get(LogoutResult.Status.FAILED), statuses.toString());
      assertTrue(calls >= LOGOUTS, calls + " calls");
      System.out.println(
          "soak: " + LOGOUTS + " logouts, " + calls + " calls, " + took + " ms, " + statuses);
      // The keep-alive pool never holds more connections than the bulkhead lets calls run.
      assertTrue(connectionsTo(port) <= 8, connectionsTo(port) + " connections to MoonKey");
      assertEquals(
          List.of(),
          ourThreads().stream().filter(n -> n.startsWith("moonkey-")).toList(),
          "every thread the service started has stopped");
    }
    // Java 17 has no HttpClient.close(): the JDK client's own threads end once it is collected
    // and its pooled connections are closed (here by the emulator's close).
    Await.until(
        Duration.ofSeconds(30),
        () -> {
          System.gc();
          return ourThreads().size() <= threadsBefore;
        },
        () -> "threads " + ourThreads() + " (before " + threadsBefore + ")");
  }

  /** Live threads other than the emulator's, which is test infrastructure. */
  private static List<String> ourThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> !n.startsWith("moonkey-emulator"))
        .sorted()
        .toList();
  }

  /**
   * Open TCP connections of this process whose remote end is {@code port} on loopback: the client's
   * connections to MoonKey, read from {@code /proc/net/tcp} (Linux).
   */
  private static long connectionsTo(int port) {
    try {
      Set<String> ours = new HashSet<>();
      try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
        for (Path fd : fds.toList()) {
          try {
            String link = Files.readSymbolicLink(fd).toString();
            if (link.startsWith("socket:[")) {
              ours.add(link.substring(8, link.length() - 1));
            }
          } catch (IOException e) {
            // closed meanwhile
          }
        }
      }
      String remote = String.format(":%04X", port);
      long count = 0;
      for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
        for (String line : Files.readAllLines(Path.of(table)).stream().skip(1).toList()) {
          String[] f = line.strip().split("\\s+");
          // f[2] is rem_address, f[3] the state (06 TIME_WAIT holds no descriptor), f[9] the inode
          if (f[2].endsWith(remote) && !f[3].equals("06") && ours.contains(f[9])) {
            count++;
          }
        }
      }
      return count;
    } catch (IOException e) {
      throw new AssertionError("needs /proc (Linux)", e);
    }
  }
}
