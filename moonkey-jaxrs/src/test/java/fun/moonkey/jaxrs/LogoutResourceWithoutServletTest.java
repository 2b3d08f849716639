package fun.moonkey.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.testing.Await;
import fun.moonkey.testing.Http;
import fun.moonkey.testing.MoonKeyThreads;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The resource on Jersey's Grizzly server, with neither the servlet API nor CDI on the class path
 * (the surefire execution {@code without-servlet} removes them): it revokes and expires cookies,
 * and there is no {@code HttpSession} to invalidate.
 */
class LogoutResourceWithoutServletTest {

  private static final String EXPIRED = "=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT";

  /** Something else the application serves. */
  @Path("ping")
  public static final class Ping {
    @GET
    public String ping() {
      return "pong";
    }
  }

  private MoonKeyEmulator moonKey;
  private HttpServer server;
  private URI base;

  @BeforeEach
  void startEmulator() {
    moonKey = MoonKeyEmulator.start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.shutdownNow();
    }
    moonKey.close();
  }

  /** Grizzly with one worker thread, Jersey at {@code /api/}. */
  private void start(MoonKeyLogoutFeature feature) throws Exception {
    ResourceConfig config = new ResourceConfig().register(feature).register(Ping.class);
    server =
        GrizzlyHttpServerFactory.createHttpServer(
            URI.create("http://127.0.0.1:0/api/"), config, false);
    server
        .getListener("grizzly")
        .getTransport()
        .setWorkerThreadPoolConfig(
            ThreadPoolConfig.defaultConfig()
                .setPoolName("grizzly-test-worker")
                .setCorePoolSize(1)
                .setMaxPoolSize(1));
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getListener("grizzly").getPort() + "/api/");
  }

  private MoonKeyLogoutFeature feature() {
    return new MoonKeyLogoutFeature(
        MoonKeyConfig.builder().secretKey(moonKey.secretKey()).apiUrl(moonKey.baseUri()).build());
  }

  @Test
  void theServletApiAndCdiAreReallyAbsent() {
    assertThrows(
        ClassNotFoundException.class,
        () -> Class.forName("jakarta.servlet.http.HttpServletRequest"));
    assertThrows(
        ClassNotFoundException.class, () -> Class.forName("jakarta.enterprise.inject.Produces"));
    assertFalse(OptionalApi.SERVLET);
  }

  @Test
  void revokesAndExpiresTheCookiesWithNoSessionLayer() throws Exception {
    start(feature());
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");

    HttpResponse<String> response =
        Http.to(base.resolve("logout")).cookie("session_token", session.token()).post();

    assertEquals(200, response.statusCode());
    assertEquals("{\"success\": true}", response.body());
    assertEquals(
        "application/json;charset=UTF-8",
        response.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());
    // No context path and no container session cookie: the token cookie at Path=/ only.
    assertEquals(
        List.of("session_token" + EXPIRED + "; Path=/; HttpOnly; SameSite=Lax"),
        response.headers().allValues("Set-Cookie"));
    assertFalse(moonKey.isActive(session.id()));
    assertEquals(
        Map.of("session_token", session.token()),
        moonKey.requests(SessionRevoker.DELETE_PATH).get(0).jsonBody());
  }

  @Test
  void noCredentialAnswers400() throws Exception {
    start(feature());
    HttpResponse<String> response = Http.to(base.resolve("logout")).post();
    assertEquals(400, response.statusCode());
    assertEquals("{\"error\": \"No session found\"}", response.body());
  }

  @Test
  void getIsRefusedWith405() throws Exception {
    start(feature());
    HttpResponse<String> response =
        Http.to(base.resolve("logout")).cookie("session_token", "tok_1").get();
    assertEquals(405, response.statusCode());
    assertEquals(0, moonKey.requestCount(SessionRevoker.DELETE_PATH));
  }

  @Test
  void oneWorkerThreadServesOthersWhileLogoutsWaitOnMoonKey() throws Exception {
    // A timeout well beyond MoonKey's 4 s, so that every logout ends revoked on a loaded machine.
    start(
        new MoonKeyLogoutFeature(
            MoonKeyConfig.builder()
                .secretKey(moonKey.secretKey())
                .apiUrl(moonKey.baseUri())
                .timeout(Duration.ofSeconds(20))
                .build()));
    moonKey.setDefaultReply(
        Reply.json(200, "{\"message\":\"Successfully deleted session\"}")
            .withDelay(Duration.ofSeconds(4)));
    ExecutorService callers = Executors.newCachedThreadPool();
    try {
      List<Future<HttpResponse<String>>> logouts = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String token = "tok_" + i;
        logouts.add(
            callers.submit(
                () -> Http.to(base.resolve("logout")).cookie("session_token", token).post()));
      }
      for (int i = 0; i < 3; i++) {
        assertNotNull(moonKey.takeRequest(Duration.ofSeconds(10)), "logout " + i + " at MoonKey");
      }
      long start = System.nanoTime();
      HttpResponse<String> ping = Http.to(base.resolve("ping")).get();
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertEquals("pong", ping.body());
      // Half of MoonKey's 4 s: a worker held by a logout would free up only when it answers.
      assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "took " + took);
      for (Future<HttpResponse<String>> logout : logouts) {
        assertEquals("{\"success\": true}", logout.get(20, TimeUnit.SECONDS).body());
      }
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void stoppingTheServerClosesTheMoonKeyClient() throws Exception {
    start(feature());
    Http.to(base.resolve("logout")).cookie("session_token", "tok_1").post();
    assertTrue(MoonKeyThreads.count() > 0);

    server.shutdownNow();
    server = null;

    Await.until(
        Duration.ofSeconds(20),
        () -> MoonKeyThreads.count() == 0,
        () -> "alive: " + MoonKeyThreads.names());
  }
}
