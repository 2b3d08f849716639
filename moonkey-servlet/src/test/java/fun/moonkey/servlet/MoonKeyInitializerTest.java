package fun.moonkey.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.testing.TomcatApp;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The zero-XML drop-in on embedded Tomcat: a web application with the library only as a jar in
 * {@code WEB-INF/lib} and no {@code web.xml}.
 */
class MoonKeyInitializerTest {

  private static final String DELETE = SessionRevoker.DELETE_PATH;

  private MoonKeyEmulator moonKey;
  private HttpClient client;

  @BeforeEach
  void start() {
    moonKey = MoonKeyEmulator.start();
    client =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterEach
  void stop() {
    moonKey.close();
  }

  private TomcatApp.Builder app() {
    return TomcatApp.builder()
        .param("moonkey.api-url", moonKey.baseUri().toString())
        .param("moonkey.secret-key", moonKey.secretKey())
        .servlet("/signin", new SignInServlet());
  }

  private HttpResponse<String> get(URI uri) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> logout(TomcatApp app) throws Exception {
    return client.send(
        HttpRequest.newBuilder(app.uri("/logout"))
            .timeout(Duration.ofSeconds(10))
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void logoutPathContextParamAloneRegistersTheFilterFromTheJar() throws Exception {
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    try (TomcatApp app = app().param("moonkey.logout-path", "/logout").start()) {
      assertNotNull(app.context().findFilterDef(MoonKeyInitializer.FILTER_NAME));
      assertEquals("signed in", get(app.uri("/signin?id=" + session.id())).body());

      HttpResponse<String> answer = logout(app);

      assertEquals(200, answer.statusCode());
      assertEquals("{\"success\": true}", answer.body());
      assertEquals("no-store", answer.headers().firstValue("Cache-Control").orElseThrow());
      assertEquals(1, moonKey.requestCount(DELETE));
      assertEquals(Map.of("session_id", session.id()), moonKey.requests(DELETE).get(0).jsonBody());
      assertFalse(moonKey.isActive(session.id()));
      // The web application's MoonKey client is a platform MBean, as JConsole sees it on Tomcat;
      // one only: the client the initializer started is the one the filter uses.
      Set<ObjectName> names =
          ManagementFactory.getPlatformMBeanServer()
              .queryNames(
                  new ObjectName("fun.moonkey:type=LogoutService,context=\"/app\",*"), null);
      assertEquals(1, names.size(), names.toString());
      assertEquals(
          1L,
          ManagementFactory.getPlatformMBeanServer()
              .getAttribute(names.iterator().next(), "Revoked"));
    }
  }

  @Test
  void logoutThroughTheFilterIsNotRevokedAgainWhenTheSessionIsInvalidated() throws Exception {
    EmulatedSession first = moonKey.createSession("user_1", "a@example.com");
    EmulatedSession second = moonKey.createSession("user_1", "a@example.com");
    try (TomcatApp app = app().param("moonkey.logout-path", "/logout").start()) {
      get(app.uri("/signin?id=" + first.id()));
      assertEquals(200, logout(app).statusCode());
      get(app.uri("/signin?id=" + second.id()));
      assertEquals(200, logout(app).statusCode());
    }
    // Stopping Tomcat ended every revocation the application started: a second DELETE of the
    // first session, from the session-end listener, would be recorded by now.
    assertEquals(2, moonKey.requestCount(DELETE));
    assertEquals(Map.of("session_id", first.id()), moonKey.requests(DELETE).get(0).jsonBody());
    assertEquals(Map.of("session_id", second.id()), moonKey.requests(DELETE).get(1).jsonBody());
  }

  @Test
  void withSessionsApiTheInitializersFilterServesTheSessionsPathsToo() throws Exception {
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    EmulatedSession other = moonKey.createSession("user_1", "a@example.com");
    try (TomcatApp app =
        app()
            .param("moonkey.logout-path", "/logout")
            .param("moonkey.sessions-api", "true")
            .param("moonkey.user-id-attribute", "test.user_id")
            .start()) {
      assertEquals("signed in", get(app.uri("/signin?id=" + session.id())).body());
      // The session id alone, and the user id the application keeps.
      app.context()
          .getManager()
          .findSessions()[0]
          .getSession()
          .setAttribute("test.user_id", "user_1");

      HttpResponse<String> list = get(app.uri("/logout/sessions"));
      HttpResponse<String> end =
          client.send(
              HttpRequest.newBuilder(app.uri("/logout/sessions/end"))
                  .timeout(Duration.ofSeconds(10))
                  .header("Sec-Fetch-Site", "same-origin")
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString("session_id=" + other.id()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertEquals(200, list.statusCode(), list.body());
      assertTrue(list.body().contains("\"id\":\"" + session.id() + "\",\"current\":true"));
      assertEquals(200, end.statusCode(), end.body());
      assertFalse(moonKey.isActive(other.id()));
      assertTrue(moonKey.isActive(session.id()));
    }
  }

  @Test
  void withoutSessionsApiTheInitializersFilterLeavesTheSessionsPathsAlone() throws Exception {
    try (TomcatApp app = app().param("moonkey.logout-path", "/logout").start()) {
      assertEquals(404, get(app.uri("/logout/sessions")).statusCode());
      assertEquals(0, moonKey.requests().size());
    }
  }

  @Test
  void withoutTheContextParamNoFilterIsRegistered() throws Exception {
    EmulatedSession session = moonKey.createSession("user_1", "a@example.com");
    try (TomcatApp app = app().start()) {
      assertNull(app.context().findFilterDef(MoonKeyInitializer.FILTER_NAME));
      get(app.uri("/signin?id=" + session.id()));

      assertEquals(404, logout(app).statusCode());
    }
    assertEquals(0, moonKey.requestCount(DELETE));
    assertTrue(moonKey.isActive(session.id()));
  }

  @Test
  void withoutTheJarInWebInfLibNothingIsRegistered() throws Exception {
    // Proves the test classpath does not leak the library into the web application.
    try (TomcatApp app =
        TomcatApp.builder().param("moonkey.logout-path", "/logout").withoutLibrary().start()) {
      assertNull(app.context().findFilterDef(MoonKeyInitializer.FILTER_NAME));
      assertEquals(404, logout(app).statusCode());
    }
    assertEquals(0, moonKey.requestCount(DELETE));
  }

  @Test
  void aBadSettingStopsTheApplicationInsteadOfServingItWithoutLogout() throws Exception {
    try (TomcatApp app =
        app()
            .param("moonkey.logout-path", "/logout")
            .param("moonkey.timeout", "5 seconds")
            .start()) {
      assertFalse(app.context().getState().isAvailable(), app.context().getState().toString());
      assertEquals(404, get(app.uri("/signin?id=sess_x")).statusCode());
    }
  }

  /**
   * For a container that serves an application after its initializer threw (Open Liberty): the
   * failed start also maps a filter, ahead of the application's, that answers 503 to every request
   * and lets none through. Tomcat drops an application that failed to start, filters and all, so
   * the initializer runs here on a recording context of its own.
   */
  @Test
  void aFailedStartMapsAFilterThatAnswers503ToEveryRequest() throws Exception {
    Map<String, String> params = Map.of("moonkey.timeout", "5 seconds");
    Map<String, Filter> filters = new HashMap<>();
    List<String> mappings = new ArrayList<>();
    ServletContext context =
        (ServletContext)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {ServletContext.class},
                (self, method, args) ->
                    switch (method.getName()) {
                      case "getInitParameter" -> params.get((String) args[0]);
                      case "getInitParameterNames" -> Collections.enumeration(params.keySet());
                      case "getFilterRegistrations" -> Map.of();
                      case "getContextPath" -> "/shop";
                      case "addListener" -> null;
                      case "addFilter" -> {
                        filters.put((String) args[0], (Filter) args[1]);
                        yield Proxy.newProxyInstance(
                            getClass().getClassLoader(),
                            new Class<?>[] {FilterRegistration.Dynamic.class},
                            (registration, call, values) -> {
                              if (call.getName().equals("addMappingForUrlPatterns")) {
                                mappings.add(values[1] + " " + List.of((String[]) values[2]));
                              }
                              return null;
                            });
                      }
                      default -> throw new UnsupportedOperationException(method.getName());
                    });

    ServletException stop =
        assertThrows(
            ServletException.class, () -> new MoonKeyInitializer().onStartup(null, context));

    assertTrue(
        stop.getMessage().startsWith("MoonKey context-params: moonkey.timeout"), stop.getMessage());
    Filter refuse = filters.get(StartFailedFilter.NAME);
    assertNotNull(refuse, "filters: " + filters.keySet());
    assertEquals(List.of("false [/*]"), mappings);
    int[] status = {0};
    HttpServletResponse response =
        (HttpServletResponse)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (self, method, args) -> {
                  if (method.getName().equals("sendError")) {
                    status[0] = (Integer) args[0];
                    return null;
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
    refuse.doFilter(null, response, (request, answer) -> fail("the request went through"));
    assertEquals(503, status[0]);
  }

  @Test
  void aTypoInAContextParamStopsTheApplicationEvenWithoutAFilter() throws Exception {
    try (TomcatApp app = app().param("moonkey.logout-pth", "/logout").start()) {
      assertFalse(app.context().getState().isAvailable(), app.context().getState().toString());
    }
  }

  @Test
  void contextParamsWithoutTheSecretKeyDoNotStopTheApplication() throws Exception {
    // The README's switch for session-end revocation, with the secret given elsewhere (a filter's
    // init-param, a feature configured in code): the context-wide check must not require it.
    try (TomcatApp app =
        TomcatApp.builder().param("moonkey.revoke-on-session-end", "false").start()) {
      assertTrue(app.context().getState().isAvailable(), app.context().getState().toString());
    }
  }
}
