package fun.moonkey.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.testing.JettyApp;
import fun.moonkey.testing.RawHttp;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The threads the JVM starts while logouts go through the real filter in Jetty to the emulator: a
 * handful, however many logouts. The JDK's {@code java.net.http} client, which the library used
 * first, started one per logout where {@code CompletableFuture}'s default executor starts a thread
 * per task: a common pool of parallelism 1 (2 CPUs). Surefire forces that parallelism in this
 * module's test JVMs, so that the test tells on any machine.
 */
class LogoutFilterThreadsTest {

  private static final int LOGOUTS = 1_000;
  private static final int WARM_UP = 200;
  private static final int CALLERS = 4;

  /** The most threads the JVM may start during the 1,000 logouts. */
  private static final long FEW = 10;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Test
  void aThousandLogoutsStartFewerThanTenThreads() throws Exception {
    assertEquals(
        1,
        ForkJoinPool.getCommonPoolParallelism(),
        "surefire's argLine forces a common pool parallelism of 1");
    ThreadPoolExecutor callers =
        new ThreadPoolExecutor(CALLERS, CALLERS, 1, TimeUnit.HOURS, new LinkedBlockingQueue<>());
    callers.prestartAllCoreThreads();
    try (MoonKeyEmulator moonKey = MoonKeyEmulator.start();
        JettyApp app =
            JettyApp.create("/app")
                .filter(
                    LogoutFilter.class,
                    "/*",
                    Map.of(
                        "secret-key", moonKey.secretKey(),
                        "api-url", moonKey.baseUri().toString(),
                        "logout-path", "/logout"))
                .start()) {
      logouts(callers, moonKey, app, WARM_UP);

      long before = THREADS.getTotalStartedThreadCount();
      logouts(callers, moonKey, app, LOGOUTS);
      long started = THREADS.getTotalStartedThreadCount() - before;

      System.out.printf(
          "measured: %d threads started during %d logouts (common pool parallelism %d)%n",
          started, LOGOUTS, ForkJoinPool.getCommonPoolParallelism());
      assertEquals(WARM_UP + LOGOUTS, moonKey.requestCount(SessionRevoker.DELETE_PATH));
      assertTrue(started < FEW, started + " threads started during " + LOGOUTS + " logouts");
    } finally {
      callers.shutdownNow();
    }
  }

  /** {@code count} logouts of real sessions, {@link #CALLERS} at a time, each answered 200. */
  private static void logouts(
      ThreadPoolExecutor callers, MoonKeyEmulator moonKey, JettyApp app, int count)
      throws Exception {
    List<EmulatedSession> sessions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sessions.add(moonKey.createSession("user_" + i, "u" + i + "@example.com"));
    }
    List<Future<RawHttp.Response>> answers = new ArrayList<>();
    for (EmulatedSession session : sessions) {
      answers.add(
          callers.submit(
              () ->
                  RawHttp.request("POST", app.uri("/logout"))
                      .header("Accept", "application/json")
                      .cookie("session_token", session.token())
                      .send()));
    }
    for (Future<RawHttp.Response> answer : answers) {
      RawHttp.Response response = answer.get(60, TimeUnit.SECONDS);
      assertEquals(200, response.status(), response.body());
      assertEquals("{\"success\": true}", response.body());
    }
  }
}
