package fun.moonkey.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.testing.Http;
import fun.moonkey.testing.JettyApp;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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

  private int busyThreadsWhileMoonKeyHangs(JettyApp app) throws Exception {
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
                "timeout",
                "5s"))
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
    Instant deadline = Instant.now().plusMillis(2500);
    while (moonKey.requestCount(SessionRevoker.DELETE_PATH) < LOGOUTS
        && Instant.now().isBefore(deadline)) {
      Thread.onSpinWait();
    }
    assertEquals(LOGOUTS, moonKey.requestCount(SessionRevoker.DELETE_PATH));
    int busy = app.threadPool().getBusyThreads();
    for (CompletableFuture<HttpResponse<String>> answer : answers) {
      HttpResponse<String> response = answer.get();
      assertEquals(200, response.statusCode());
      assertEquals("{\"success\": true, \"revocation\": \"pending\"}", response.body());
    }
    return busy;
  }

  @Test
  void asyncChainReleasesContainerThreadsWhileMoonKeyAnswers() throws Exception {
    try (JettyApp app = JettyApp.create("/app", 32)) {
      int busy = busyThreadsWhileMoonKeyHangs(app);
      assertTrue(busy < 3, "busy container threads while " + LOGOUTS + " logouts wait: " + busy);
    }
  }

  @Test
  void legacyChainWithoutAsyncSupportBlocksOneThreadPerLogout() throws Exception {
    try (JettyApp app = JettyApp.create("/app", 32).notAsyncSupported()) {
      int busy = busyThreadsWhileMoonKeyHangs(app);
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
