package fun.moonkey.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import fun.moonkey.servlet.LogoutFilter;
import fun.moonkey.testing.Await;
import fun.moonkey.testing.Http;
import fun.moonkey.testing.JettyApp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The resource gives its container thread back while MoonKey answers. In a Jetty whose pool has
 * four threads (an acceptor and a selector among them), five logouts wait on a slow MoonKey at the
 * same time, no container thread is inside the library meanwhile, and the application still answers
 * another request at once. The blocking filter is the control: there a container thread sits in the
 * filter for the whole MoonKey call, which shows the check can tell the two apart.
 */
class ContainerThreadTest {

  private static final int POOL = 4;

  /**
   * How long MoonKey takes to answer: every check of a test happens while it still holds the
   * logouts, with room for a loaded machine; well within the 20 s timeout set below.
   */
  private static final Duration MOONKEY_DELAY = Duration.ofSeconds(6);

  private MoonKeyEmulator moonKey;
  private JettyApp app;
  private ExecutorService callers;

  @BeforeEach
  void start() {
    moonKey = MoonKeyEmulator.start();
    moonKey.setDefaultReply(
        Reply.json(200, "{\"message\":\"Successfully deleted session\"}").withDelay(MOONKEY_DELAY));
    callers = Executors.newCachedThreadPool();
  }

  @AfterEach
  void stop() throws InterruptedException {
    callers.shutdownNow();
    assertTrue(callers.awaitTermination(10, TimeUnit.SECONDS));
    if (app != null) {
      app.close();
    }
    moonKey.close();
  }

  private JettyApp configured(JettyApp app) {
    return app.contextParam("moonkey.secret-key", moonKey.secretKey())
        .contextParam("moonkey.api-url", moonKey.baseUri().toString())
        .contextParam("moonkey.timeout", "20s");
  }

  private List<Future<HttpResponse<String>>> logouts(String path, int count) {
    List<Future<HttpResponse<String>>> logouts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String token = "tok_" + i;
      logouts.add(
          callers.submit(
              () -> Http.to(app.uri(path)).cookie("session_token", token).json().post()));
    }
    return logouts;
  }

  private void awaitAtMoonKey(int count) throws InterruptedException {
    for (int i = 0; i < count; i++) {
      assertNotNull(moonKey.takeRequest(Duration.ofSeconds(10)), "logout " + i + " at MoonKey");
    }
  }

  /** Container threads that are running library code right now. */
  private static List<String> containerThreadsInTheLibrary() {
    List<String> held = new ArrayList<>();
    Thread.getAllStackTraces()
        .forEach(
            (thread, stack) -> {
              if (thread.getName().startsWith("jetty-test")
                  && Arrays.stream(stack)
                      .anyMatch(f -> f.getClassName().startsWith("fun.moonkey."))) {
                held.add(thread.getName());
              }
            });
    return held;
  }

  private static void assertAllSucceed(List<Future<HttpResponse<String>>> logouts)
      throws Exception {
    for (Future<HttpResponse<String>> logout : logouts) {
      assertEquals("{\"success\": true}", logout.get(20, TimeUnit.SECONDS).body());
    }
  }

  @Test
  void moreLogoutsThanContainerThreadsWaitOnMoonKeyAtOnceAndNoThreadIsHeld() throws Exception {
    app =
        configured(
            JerseyOnJetty.withApplication(
                JettyApp.create("/app", POOL), LogoutResourceTest.ListedApplication.class));
    app.start();

    List<Future<HttpResponse<String>>> logouts = logouts("/api/logout", POOL + 1);
    awaitAtMoonKey(POOL + 1);

    // A thread that sent its call may still be finishing the local logout: await, within bounds.
    Await.until(
        MOONKEY_DELAY.dividedBy(2),
        () -> containerThreadsInTheLibrary().isEmpty(),
        () -> "container threads in the library: " + containerThreadsInTheLibrary());
    // ... while MoonKey still holds every logout.
    assertTrue(logouts.stream().noneMatch(Future::isDone));
    long start = System.nanoTime();
    HttpResponse<String> other = Http.to(app.uri("/ping")).get();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    System.out.println("Another request answered in " + took.toMillis() + " ms");
    assertEquals("downstream GET /ping", other.body());
    assertTrue(took.compareTo(MOONKEY_DELAY.dividedBy(2)) < 0, "took " + took);
    assertAllSucceed(logouts);
  }

  @Test
  void controlTheBlockingFilterHoldsAContainerThreadDuringTheMoonKeyCall() throws Exception {
    // A chain that is not async-supported makes the filter wait on the container thread.
    app =
        configured(JettyApp.create("/app", POOL).notAsyncSupported())
            .filter(LogoutFilter.class, "/*", Map.of("logout-path", "/logout"));
    app.start();

    List<Future<HttpResponse<String>>> logouts = logouts("/logout", 1);
    awaitAtMoonKey(1);

    List<String> held = containerThreadsInTheLibrary();
    assertEquals(1, held.size(), held.toString());
    assertAllSucceed(logouts);
  }
}
