package fun.moonkey.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.config.ConfigException;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.RecordedRequest;
import fun.moonkey.emulator.Reply;
import fun.moonkey.logout.ServiceRegistry;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.servlet.LogoutFilter;
import fun.moonkey.servlet.SharedServices;
import fun.moonkey.testing.Await;
import fun.moonkey.testing.Http;
import fun.moonkey.testing.JettyApp;
import fun.moonkey.testing.LogCapture;
import fun.moonkey.testing.MoonKeyThreads;
import jakarta.ws.rs.core.Application;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real resource, served by Jersey in embedded Jetty 12, against the MoonKey emulator. */
class LogoutResourceTest {

  static final String DELETE = SessionRevoker.DELETE_PATH;
  static final String EXPIRED = "=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT";

  /** The filter's deletions for the same application (see LogoutFilterTest). */
  static final List<String> DELETIONS =
      List.of(
          "session_token" + EXPIRED + "; Path=/app; HttpOnly; SameSite=Lax",
          "JSESSIONID" + EXPIRED + "; Path=/app");

  /** An application listing the feature class, configured from context-params: no CDI. */
  public static final class ListedApplication extends Application {
    @Override
    public Set<Class<?>> getClasses() {
      return Set.of(MoonKeyLogoutFeature.class);
    }
  }

  private MoonKeyEmulator moonKey;
  private JettyApp app;

  @BeforeEach
  void startEmulator() {
    moonKey = MoonKeyEmulator.start();
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    moonKey.close();
  }

  private MoonKeyConfig.Builder config() {
    return MoonKeyConfig.builder().secretKey(moonKey.secretKey()).apiUrl(moonKey.baseUri());
  }

  private void startWith(MoonKeyLogoutFeature feature) throws Exception {
    app = JerseyOnJetty.with(JettyApp.create("/app"), new ResourceConfig().register(feature));
    app.start();
  }

  private String signIn(EmulatedSession session) throws Exception {
    String query =
        "/signin?token="
            + URLEncoder.encode(session.token(), StandardCharsets.UTF_8)
            + "&id="
            + session.id();
    return Http.sessionCookie(Http.to(app.uri(query)).get());
  }

  private HttpResponse<String> logout(String path, EmulatedSession session, String jsessionId)
      throws Exception {
    return Http.to(app.uri(path))
        .cookie("session_token", session.token())
        .cookie("JSESSIONID", jsessionId)
        .post();
  }

  private int whoami(String jsessionId) throws Exception {
    return Http.to(app.uri("/whoami")).cookie("JSESSIONID", jsessionId).get().statusCode();
  }

  static void assertJson(int status, String body, HttpResponse<String> response) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(body, response.body());
    // Jetty writes the charset in lower case, for the filter's answers too.
    assertEquals(
        "application/json;charset=utf-8",
        response.headers().firstValue("Content-Type").orElseThrow().toLowerCase(Locale.ROOT));
    assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());
  }

  @Test
  void revokedBySessionIdInvalidatesTheSessionAndExpiresTheCookies() throws Exception {
    startWith(new MoonKeyLogoutFeature(config().build()));
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    String jsessionId = signIn(session);
    assertEquals(200, whoami(jsessionId));

    // No Accept header at all: the resource answers JSON regardless.
    HttpResponse<String> response = logout("/api/logout", session, jsessionId);

    assertJson(200, "{\"success\": true}", response);
    assertEquals(DELETIONS, response.headers().allValues("Set-Cookie"));
    assertEquals(401, whoami(jsessionId));
    assertFalse(moonKey.isActive(session.id()));
    List<RecordedRequest> calls = moonKey.requests(DELETE);
    assertEquals(1, calls.size());
    RecordedRequest call = calls.get(0);
    assertEquals("DELETE", call.method());
    assertEquals("Bearer " + moonKey.secretKey(), call.header("Authorization"));
    assertEquals(SessionRevoker.USER_AGENT, call.header("User-Agent"));
    assertEquals(Map.of("session_id", session.id()), call.jsonBody());
  }

  @Test
  void scopeAllRevokesEverySessionOfTheUserWhenScopesAllowIt() throws Exception {
    startWith(new MoonKeyLogoutFeature(config().set("scopes", "all").build()));
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    EmulatedSession other = moonKey.createSession("user_1", "a@example.com");
    EmulatedSession stranger = moonKey.createSession("user_2", "b@example.com");
    String jsessionId = signIn(session);

    HttpResponse<String> response = logout("/api/logout?scope=all", session, jsessionId);

    assertJson(200, "{\"success\": true, \"revoked\": 2, \"pending\": 0, \"failed\": 0}", response);
    assertEquals(DELETIONS, response.headers().allValues("Set-Cookie"));
    assertEquals(401, whoami(jsessionId));
    assertFalse(moonKey.isActive(session.id()));
    assertFalse(moonKey.isActive(other.id()));
    assertTrue(moonKey.isActive(stranger.id()));
  }

  @Test
  void scopeIsIgnoredUnlessScopesAllowIt() throws Exception {
    startWith(new MoonKeyLogoutFeature(config().build()));
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    EmulatedSession other = moonKey.createSession("user_1", "a@example.com");
    String jsessionId = signIn(session);

    HttpResponse<String> response = logout("/api/logout?scope=all", session, jsessionId);

    assertJson(200, "{\"success\": true}", response);
    assertTrue(moonKey.isActive(other.id()));
  }

  @Test
  void aBrowserAskingForHtmlStillGetsJson() throws Exception {
    startWith(new MoonKeyLogoutFeature(config().build()));
    HttpResponse<String> response =
        Http.to(app.uri("/api/logout")).header("Accept", "text/html").post();
    assertJson(400, "{\"error\": \"No session found\"}", response);
  }

  @Test
  void alreadyGoneAtMoonKeyCountsAsRevoked() throws Exception {
    startWith(new MoonKeyLogoutFeature(config().build()));
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    moonKey.enqueue(Reply.json(404, "{\"error_message\":\"Session not found\"}"));

    HttpResponse<String> response =
        Http.to(app.uri("/api/logout")).cookie("session_token", session.token()).post();

    assertJson(200, "{\"success\": true}", response);
    assertEquals(
        Map.of("session_token", session.token()), moonKey.requests(DELETE).get(0).jsonBody());
  }

  @Test
  void noCredentialAnswers400AndStillExpiresTheCookies() throws Exception {
    startWith(new MoonKeyLogoutFeature(config().build()));
    HttpResponse<String> response = Http.to(app.uri("/api/logout")).post();
    assertJson(400, "{\"error\": \"No session found\"}", response);
    assertEquals(DELETIONS, response.headers().allValues("Set-Cookie"));
    assertEquals(0, moonKey.requestCount(DELETE));
  }

  @Test
  void moonKeyServerErrorIsPendingAfterTheLocalLogout() throws Exception {
    // One attempt and no background retry within the test, so the call count is exact.
    startWith(
        new MoonKeyLogoutFeature(
            config().set("max-attempts", "1").set("backoff-initial", "1m").build()));
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    String jsessionId = signIn(session);
    moonKey.setDefaultReply(Reply.json(500, "{\"error_message\":\"boom\"}"));

    HttpResponse<String> response = logout("/api/logout", session, jsessionId);

    assertJson(200, "{\"success\": true, \"revocation\": \"pending\"}", response);
    assertEquals(DELETIONS, response.headers().allValues("Set-Cookie"));
    assertEquals(401, whoami(jsessionId));
    assertEquals(1, moonKey.requestCount(DELETE));
  }

  @Test
  void failPolicyAnswers500AfterTheLocalLogout() throws Exception {
    startWith(new MoonKeyLogoutFeature(config().set("on-revocation-failure", "fail").build()));
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    String jsessionId = signIn(session);
    moonKey.setDefaultReply(Reply.status(503));

    HttpResponse<String> response = logout("/api/logout", session, jsessionId);

    assertJson(500, "{\"error\": \"Logout failed\"}", response);
    assertEquals(DELETIONS, response.headers().allValues("Set-Cookie"));
    assertEquals(401, whoami(jsessionId));
  }

  @Test
  void hangingMoonKeyCannotHoldTheAnswerPastTheTimeout() throws Exception {
    // No background retry during the test: the one call counted is the logout's own.
    startWith(
        new MoonKeyLogoutFeature(
            config().timeout(Duration.ofSeconds(1)).set("backoff-initial", "1m").build()));
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    String jsessionId = signIn(session);
    moonKey.enqueue(Reply.hang());

    long start = System.nanoTime();
    HttpResponse<String> response = logout("/api/logout", session, jsessionId);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    // The 1 s timeout and a margin for a loaded machine; a hang held to the end never answers.
    assertTrue(took.compareTo(Duration.ofMillis(2500)) < 0, "took " + took);
    assertTrue(took.compareTo(Duration.ofMillis(900)) > 0, "took " + took);
    assertJson(200, "{\"success\": true, \"revocation\": \"pending\"}", response);
    assertEquals(401, whoami(jsessionId));
    assertEquals(1, moonKey.requestCount(DELETE));
  }

  @Test
  void getIsRefusedWith405AndChangesNothing() throws Exception {
    startWith(new MoonKeyLogoutFeature(config().build()));
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    String jsessionId = signIn(session);

    HttpResponse<String> response =
        Http.to(app.uri("/api/logout"))
            .cookie("JSESSIONID", jsessionId)
            .cookie("session_token", session.token())
            .get();

    assertEquals(405, response.statusCode());
    assertEquals(Set.of("POST", "OPTIONS"), allow(response));
    assertEquals(List.of(), response.headers().allValues("Set-Cookie"));
    assertEquals(200, whoami(jsessionId));
    assertEquals(0, moonKey.requestCount(DELETE));
    assertTrue(moonKey.isActive(session.id()));
  }

  @Test
  void getLogoutConfirmAnswersABrowsersGetWithThePageAndItsButtonsPostLogsOut() throws Exception {
    startWith(new MoonKeyLogoutFeature(config().set("get-logout", "confirm").build()));
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    String jsessionId = signIn(session);

    HttpResponse<String> page =
        Http.to(app.uri("/api/logout"))
            .cookie("JSESSIONID", jsessionId)
            .cookie("session_token", session.token())
            .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
            .get();

    assertEquals(200, page.statusCode(), page.body());
    assertEquals(
        "text/html;charset=utf-8",
        page.headers()
            .firstValue("Content-Type")
            .orElseThrow()
            .replace(" ", "")
            .toLowerCase(Locale.ROOT));
    assertEquals("no-store", page.headers().firstValue("Cache-Control").orElseThrow());
    assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElseThrow());
    assertTrue(
        page.headers()
            .firstValue("Content-Security-Policy")
            .orElseThrow()
            .matches(
                "default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]{43}='; form-action 'self';"
                    + " frame-ancestors 'none'; base-uri 'none'"));
    assertTrue(page.body().contains("<form method=\"post\">"), page.body());
    assertEquals(List.of(), page.headers().allValues("Set-Cookie"));
    assertEquals(200, whoami(jsessionId));
    assertEquals(0, moonKey.requestCount(DELETE));

    // JAX-RS answers HEAD with the GET's headers and no body.
    HttpResponse<String> head =
        Http.to(app.uri("/api/logout")).header("Accept", "text/html").send("HEAD");
    assertEquals(200, head.statusCode());
    assertEquals("", head.body());
    assertEquals(
        page.headers().firstValue("Content-Security-Policy"),
        head.headers().firstValue("Content-Security-Policy"));

    // The button's POST, as the browser sends it from the page: the resource answers JSON.
    HttpResponse<String> loggedOut =
        Http.to(app.uri("/api/logout"))
            .cookie("JSESSIONID", jsessionId)
            .cookie("session_token", session.token())
            .header("Origin", "http://127.0.0.1:" + app.uri("/").getPort())
            .header("Sec-Fetch-Site", "same-origin")
            .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
            .post();
    assertJson(200, "{\"success\": true}", loggedOut);
    assertEquals(401, whoami(jsessionId));
    assertFalse(moonKey.isActive(session.id()));
  }

  @Test
  void getLogoutConfirmKeeps405ForAJsonCaller() throws Exception {
    startWith(new MoonKeyLogoutFeature(config().set("get-logout", "confirm").build()));
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    String jsessionId = signIn(session);

    HttpResponse<String> response =
        Http.to(app.uri("/api/logout"))
            .cookie("JSESSIONID", jsessionId)
            .cookie("session_token", session.token())
            .header("Accept", "application/json")
            .get();

    assertEquals(405, response.statusCode());
    assertEquals(Set.of("POST", "OPTIONS"), allow(response));
    assertEquals(200, whoami(jsessionId));
    assertEquals(0, moonKey.requestCount(DELETE));
  }

  private static Set<String> allow(HttpResponse<?> response) {
    return Set.of(response.headers().firstValue("Allow").orElseThrow().split("\\s*,\\s*"));
  }

  @Test
  void featureTakesAnotherPathWithoutSubclassing() throws Exception {
    startWith(
        MoonKeyLogoutFeature.builder().config(config().build()).path("/auth/signout/").build());
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");

    HttpResponse<String> moved =
        Http.to(app.uri("/api/auth/signout")).cookie("session_token", session.token()).post();
    assertJson(200, "{\"success\": true}", moved);
    assertFalse(moonKey.isActive(session.id()));

    // The default path is not served any more: it falls through to the servlet behind Jersey.
    assertEquals(404, Http.to(app.uri("/api/logout")).post().statusCode());
  }

  @Test
  void applicationListingTheFeatureClassIsConfiguredFromContextParams() throws Exception {
    app =
        JerseyOnJetty.withApplication(JettyApp.create("/app"), ListedApplication.class)
            .contextParam("moonkey.secret-key", moonKey.secretKey())
            .contextParam("moonkey.api-url", moonKey.baseUri().toString())
            .contextParam("moonkey.token-cookie", "mk_token");
    app.start();
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");

    HttpResponse<String> response =
        Http.to(app.uri("/api/logout")).cookie("mk_token", session.token()).post();

    assertJson(200, "{\"success\": true}", response);
    assertEquals(
        List.of("mk_token" + EXPIRED + "; Path=/app; HttpOnly; SameSite=Lax"),
        response.headers().allValues("Set-Cookie").subList(0, 1));
    assertEquals(
        Map.of("session_token", session.token()), moonKey.requests(DELETE).get(0).jsonBody());
  }

  @Test
  void applicationPropertiesComeFirstAndUnknownOnesAreRefused() throws Exception {
    ResourceConfig config =
        new ResourceConfig()
            .register(MoonKeyLogoutFeature.class)
            .property("moonkey.secret-key", moonKey.secretKey())
            .property("moonkey.api-url", moonKey.baseUri().toString())
            .property("moonkey.token-cookie", "from_property");
    app =
        JerseyOnJetty.with(JettyApp.create("/app"), config)
            .contextParam("moonkey.token-cookie", "from_context");
    app.start();
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    HttpResponse<String> response =
        Http.to(app.uri("/api/logout")).cookie("from_property", session.token()).post();
    assertJson(200, "{\"success\": true}", response);
    app.close();

    ResourceConfig typo =
        new ResourceConfig()
            .register(MoonKeyLogoutFeature.class)
            .property("moonkey.secret-key", moonKey.secretKey())
            .property("moonkey.timout", "1s");
    app = JerseyOnJetty.with(JettyApp.create("/app"), typo);
    Exception failure = assertThrows(Exception.class, app::start);
    assertEquals(ConfigException.class, rootCause(failure).getClass());
    assertTrue(
        rootCause(failure).getMessage().contains("application property 'moonkey.timout'"),
        rootCause(failure).getMessage());
  }

  @Test
  void packageScanningFindsTheFeature() throws Exception {
    app =
        JerseyOnJetty.withInitParams(
                JettyApp.create("/app"),
                Map.of("jersey.config.server.provider.packages", "fun.moonkey.jaxrs"))
            .contextParam("moonkey.secret-key", moonKey.secretKey())
            .contextParam("moonkey.api-url", moonKey.baseUri().toString());
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    try (LogCapture logs = LogCapture.at(Level.WARNING)) {
      app.start();
      HttpResponse<String> response =
          Http.to(app.uri("/api/logout")).cookie("session_token", session.token()).post();
      assertJson(200, "{\"success\": true}", response);
      // Scanning finds the resource and the feature, which registers it again: no warning.
      assertEquals(List.of(), withoutJerseyEnvironmentWarnings(logs.lines()));
    }
    assertFalse(moonKey.isActive(session.id()));
  }

  @Test
  void aBadContextParamStopsTheApplicationNamingTheKey() throws Exception {
    app =
        JerseyOnJetty.withApplication(JettyApp.create("/app"), ListedApplication.class)
            .contextParam("moonkey.secret-key", moonKey.secretKey())
            .contextParam("moonkey.api-url", moonKey.baseUri().toString())
            .contextParam("moonkey.timeout", "soon");
    Exception failure = assertThrows(Exception.class, app::start);
    assertEquals(
        "moonkey.timeout: expected a duration like 5s or 500ms, got 'soon' (from context-param"
            + " 'moonkey.timeout')",
        rootCause(failure).getMessage());
    assertEquals(ConfigException.class, rootCause(failure).getClass());
  }

  @Test
  void filterAndResourceConfiguredAlikeShareOneClientClosedWhenTheApplicationStops()
      throws Exception {
    Set<String> before = MoonKeyThreads.clients();
    app =
        JerseyOnJetty.withApplication(JettyApp.create("/app"), ListedApplication.class)
            .filter(LogoutFilter.class, "/logout", Map.of())
            .contextParam("moonkey.secret-key", moonKey.secretKey())
            .contextParam("moonkey.api-url", moonKey.baseUri().toString());
    app.start();
    EmulatedSession first = moonKey.createSession("user_1", "a@example.com");
    EmulatedSession second = moonKey.createSession("user_2", "b@example.com");
    assertJson(
        200,
        "{\"success\": true}",
        Http.to(app.uri("/logout")).cookie("session_token", first.token()).json().post());
    assertJson(
        200,
        "{\"success\": true}",
        Http.to(app.uri("/api/logout")).cookie("session_token", second.token()).post());
    ServiceRegistry registry =
        (ServiceRegistry) app.context().getServletContext().getAttribute(SharedServices.ATTRIBUTE);
    assertEquals(1, registry.size());
    // Both revocations went through one client (its I/O threads: moonkey-io-<client>-<n>).
    Set<String> clients = MoonKeyThreads.clients();
    clients.removeAll(before);
    assertEquals(1, clients.size(), clients.toString());

    app.close();
    app = null;

    assertEquals(0, registry.size());
    Await.until(
        Duration.ofSeconds(20),
        () -> MoonKeyThreads.count() == 0,
        () -> MoonKeyThreads.count() + " MoonKey threads alive: " + MoonKeyThreads.names());
  }

  @ParameterizedTest(name = "resource enforce-revocations={0}")
  @ValueSource(booleans = {false, true})
  void aLogoutThroughTheResourceEndsTheSessionsTheFilterEnforcesThoughConfiguredApart(
      boolean resourceEnforces) throws Exception {
    MoonKeyConfig resource =
        config()
            .set("enforce-revocations", Boolean.toString(resourceEnforces))
            .redirect("/bye")
            .build();
    app =
        JerseyOnJetty.with(
                JettyApp.create("/app"),
                new ResourceConfig().register(new MoonKeyLogoutFeature(resource)))
            .filter(
                LogoutFilter.class,
                "/*",
                Map.of(
                    "secret-key",
                    moonKey.secretKey(),
                    "api-url",
                    moonKey.baseUri().toString(),
                    "logout-path",
                    "/logout",
                    "enforce-revocations",
                    "true"));
    app.start();
    // One user, two devices with one token (no sticky sessions), no jdbc: store.
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    String laptop = signIn(session);
    String phone = signIn(session);
    assertEquals(200, whoami(phone));

    assertJson(200, "{\"success\": true}", logout("/api/logout", session, laptop));

    HttpResponse<String> next = Http.to(app.uri("/whoami")).cookie("JSESSIONID", phone).get();
    assertEquals(303, next.statusCode(), "the filter ended the phone's session");
    assertEquals(401, whoami(phone));
  }

  /**
   * Jersey warns at start-up that this test class path lacks JAXB (WADL) and Jakarta Activation (a
   * DataSource writer); both are optional. Jersey's client also warns on every DELETE with a body,
   * which MoonKey's endpoint needs (SessionRevoker's concern, not this module's).
   */
  static List<String> withoutJerseyEnvironmentWarnings(List<String> lines) {
    return lines.stream()
        .filter(l -> !l.contains("jakarta.activation.DataSource"))
        .filter(l -> !l.contains("WADL feature is disabled"))
        .filter(l -> !l.contains("Entity must be null for http method DELETE"))
        .toList();
  }

  private static Throwable rootCause(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }
}
