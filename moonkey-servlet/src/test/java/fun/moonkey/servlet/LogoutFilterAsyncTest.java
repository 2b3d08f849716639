package fun.moonkey.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.testing.Await;
import fun.moonkey.testing.Http;
import fun.moonkey.testing.JettyApp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * While MoonKey has not answered, an async-supported filter chain holds no container thread; a
 * legacy chain without {@code async-supported} holds one per logout. Behaviour, not timing: the
 * container's busy-thread count is read while every logout waits at the emulator.
 */
class LogoutFilterAsyncTest {

  private static final int LOGOUTS = 12;

  private MoonKeyEmulator moonKey;

  @BeforeEach
  void start() {
    moonKey = MoonKeyEmulator.start();
    moonKey.setDefaultReply(Reply.hang());
  }

  @AfterEach
  void stop() {
    moonKey.close();
  }

  /**
   * Starts {@link #LOGOUTS} logouts that MoonKey leaves without an answer and, once every one has
   * reached it, waits until the container's busy-thread count meets {@code settled} (threads that
   * handed their request over may still be unwinding). Then ends the hang and returns the count.
   */
  private int busyThreadsWhileMoonKeyHangs(JettyApp app, IntPredicate settled) throws Exception {
    app.filter(
            LogoutFilter.class,
            "/*",
            Map.of(
                "secret-key",
                moonKey.secretKey(),
                "api-url",
                moonKey.baseUri().toString(),
                "logout-path",
                "/logout",
                // Longer than any wait below: the logouts hang until the emulator closes.
                "timeout",
                "60s"))
        .start();
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < LOGOUTS; i++) {
      String token = "token-" + i;
      answers.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return Http.to(app.uri("/logout")).cookie("session_token", token).json().post();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    Await.until(
        Duration.ofSeconds(30),
        () -> moonKey.requestCount(SessionRevoker.DELETE_PATH) == LOGOUTS,
        () -> moonKey.requestCount(SessionRevoker.DELETE_PATH) + " logouts reached MoonKey");
    AtomicInteger busy = new AtomicInteger();
    Await.until(
        Duration.ofSeconds(10),
        () -> settled.test(busy.updateAndGet(n -> app.threadPool().getBusyThreads())),
        () -> "busy container threads while " + LOGOUTS + " logouts wait: " + busy);
    assertEquals(
        LOGOUTS, moonKey.requestCount(SessionRevoker.DELETE_PATH), "every one still waits");
    // MoonKey goes away: each logout answers as pending at once instead of at its timeout.
    moonKey.close();
    for (CompletableFuture<HttpResponse<String>> answer : answers) {
      HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
      assertEquals(200, response.statusCode());
      assertEquals("{\"success\": true, \"revocation\": \"pending\"}", response.body());
    }
    return busy.get();
  }

  @Test
  void asyncChainReleasesContainerThreadsWhileMoonKeyAnswers() throws Exception {
    try (JettyApp app = JettyApp.create("/app", 32)) {
      int busy = busyThreadsWhileMoonKeyHangs(app, n -> n < 3);
      assertTrue(busy < 3, "busy container threads while " + LOGOUTS + " logouts wait: " + busy);
    }
  }

  @Test
  void legacyChainWithoutAsyncSupportBlocksOneThreadPerLogout() throws Exception {
    try (JettyApp app = JettyApp.create("/app", 32).notAsyncSupported()) {
      int busy = busyThreadsWhileMoonKeyHangs(app, n -> n >= LOGOUTS);
      assertTrue(
          busy >= LOGOUTS, "busy container threads while " + LOGOUTS + " logouts wait: " + busy);
    }
  }

  @Test
  void asyncAnswerCarriesTheSameHeadersAsBlocking() throws Exception {
    moonKey.setDefaultReply(null);
    try (JettyApp async = JettyApp.create("/app");
        JettyApp blocking = JettyApp.create("/app").notAsyncSupported()) {
      Map<String, String> params =
          Map.of(
              "secret-key", moonKey.secretKey(),
              "api-url", moonKey.baseUri().toString(),
              "logout-path", "/logout");
      async.filter(LogoutFilter.class, "/*", params).start();
      blocking.filter(LogoutFilter.class, "/*", params).start();
      HttpResponse<String> a = Http.to(async.uri("/logout")).cookie("session_token", "t1").post();
      HttpResponse<String> b =
          Http.to(blocking.uri("/logout")).cookie("session_token", "t2").post();
      assertEquals(b.statusCode(), a.statusCode());
      assertEquals(b.headers().allValues("Set-Cookie"), a.headers().allValues("Set-Cookie"));
      assertEquals(b.headers().allValues("Location"), a.headers().allValues("Location"));
      assertEquals(b.headers().allValues("Cache-Control"), a.headers().allValues("Cache-Control"));
    }
  }
}
