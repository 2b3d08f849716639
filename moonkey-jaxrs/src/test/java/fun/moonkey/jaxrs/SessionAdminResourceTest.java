package fun.moonkey.jaxrs;

import static fun.moonkey.jaxrs.LogoutResourceTest.assertJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.testing.Await;
import fun.moonkey.testing.Http;
import fun.moonkey.testing.JettyApp;
import fun.moonkey.testing.LogCapture;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real admin resource, served by Jersey in embedded Jetty 12 against the MoonKey emulator. The
 * caller and their roles come from a filter that wraps the request, as an application with its own
 * sign-in does ({@link HeaderSignIn}).
 */
class SessionAdminResourceTest {

  private static final String END = "/api/moonkey-admin/users/user_1/sessions/end";

  /**
   * The application's sign-in, reduced to two headers: {@code X-Test-User} names the caller and
   * {@code X-Test-Roles} their roles; a request without them is anonymous.
   */
  public static final class HeaderSignIn implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      HttpServletRequest http = (HttpServletRequest) request;
      String user = http.getHeader("X-Test-User");
      if (user == null) {
        chain.doFilter(request, response);
        return;
      }
      List<String> roles = Arrays.asList(String.valueOf(http.getHeader("X-Test-Roles")).split(","));
      Principal principal = () -> user;
      chain.doFilter(
          new HttpServletRequestWrapper(http) {
            @Override
            public Principal getUserPrincipal() {
              return principal;
            }

            @Override
            public String getRemoteUser() {
              return user;
            }

            @Override
            public boolean isUserInRole(String role) {
              return roles.contains(role);
            }
          },
          response);
    }
  }

  /** An application's own path and {@code @RolesAllowed}, which Jersey enforces first. */
  @Path("ops")
  @RolesAllowed("ops")
  public static final class OpsSessions extends SessionAdminResource {}

  private MoonKeyEmulator moonKey;
  private JettyApp app;
  private LogCapture logs;
  private EmulatedSession a1;
  private EmulatedSession a2;
  private EmulatedSession b1;

  @BeforeEach
  void start() {
    logs = LogCapture.at(Level.INFO);
    moonKey = MoonKeyEmulator.start();
    a1 = moonKey.createSession("user_1", "a@example.com");
    a2 = moonKey.createSession("user_1", "a@example.com");
    b1 = moonKey.createSession("user_2", "b@example.com");
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    moonKey.close();
    logs.close();
  }

  private void startWith(String adminRole, Object... more) throws Exception {
    MoonKeyConfig.Builder config =
        MoonKeyConfig.builder()
            .secretKey(moonKey.secretKey())
            .apiUrl(moonKey.baseUri())
            .set("max-attempts", "1")
            .set("backoff-initial", "20ms")
            .set("backoff-max", "200ms");
    if (adminRole != null) {
      config.set("admin-role", adminRole);
    }
    ResourceConfig resources =
        new ResourceConfig()
            .register(new MoonKeyLogoutFeature(config.build()))
            .register(SessionAdminResource.class);
    for (Object component : more) {
      if (component instanceof Class<?> type) {
        resources.register(type);
      } else {
        resources.register(component);
      }
    }
    app = JettyApp.create("/app").filter(new HeaderSignIn(), "/*");
    JerseyOnJetty.with(app, resources);
    app.start();
  }

  private Http as(String path, String user, String roles) {
    Http http = Http.to(app.uri(path));
    return user == null
        ? http
        : http.header("X-Test-User", user).header("X-Test-Roles", roles == null ? "" : roles);
  }

  private void nothingSent() {
    assertEquals(List.of(), moonKey.requests(), "nothing sent to MoonKey");
    assertTrue(moonKey.isActive(a1.id()) && moonKey.isActive(a2.id()));
  }

  @Test
  void anAdministratorEndsEverySessionOfTheUserAndNoneOfAnothers() throws Exception {
    startWith("admin");

    HttpResponse<String> answer = as(END, "alice", "user,admin").json().post();

    assertJson(200, "{\"success\": true, \"revoked\": 2, \"pending\": 0, \"failed\": 0}", answer);
    assertEquals("user_id=user_1", moonKey.requests(SessionRevoker.LIST_PATH).get(0).rawQuery());
    assertEquals(
        List.of(a1.id(), a2.id()).stream().sorted().toList(),
        moonKey.requests(SessionRevoker.DELETE_PATH).stream()
            .map(r -> (String) r.jsonBody().get("session_id"))
            .sorted()
            .toList());
    assertFalse(moonKey.isActive(a1.id()) || moonKey.isActive(a2.id()));
    assertTrue(moonKey.isActive(b1.id()));
    assertTrue(
        logs.lines().stream()
            .anyMatch(
                l ->
                    l.contains(
                        "MoonKey SessionAdminResource at moonkey-admin: callers in the role"
                            + " 'admin' may end a user's sessions")),
        String.join("\n", logs.lines()));
  }

  @Test
  void withoutAdminRoleEveryCallerGets404AndTheStartUpSaysSo() throws Exception {
    startWith(null);

    assertJson(404, "{\"error\": \"Not found\"}", as(END, "alice", "admin").post());
    assertJson(404, "{\"error\": \"Not found\"}", as(END, null, null).post());
    nothingSent();
    assertTrue(
        logs.lines().stream()
            .anyMatch(
                l ->
                    l.contains(
                        "MoonKey SessionAdminResource at moonkey-admin answers 404 to every"
                            + " caller: the setting admin-role is unset")),
        String.join("\n", logs.lines()));
  }

  @Test
  void anAnonymousCallerGets401AndACallerWithoutTheRole403() throws Exception {
    startWith("admin");

    assertJson(401, "{\"error\": \"Authentication required\"}", as(END, null, null).post());
    assertJson(403, "{\"error\": \"Forbidden\"}", as(END, "bob", "user").post());
    assertJson(403, "{\"error\": \"Forbidden\"}", as(END, "bob", "Admin").post());
    nothingSent();
  }

  @Test
  void crossSiteBrowserCallsAndFormBodiesAreRefusedEvenForAnAdministrator() throws Exception {
    startWith("admin");

    assertJson(
        403,
        "{\"error\": \"Cross-site request refused\"}",
        as(END, "alice", "admin").header("Sec-Fetch-Site", "cross-site").post());
    assertJson(
        403,
        "{\"error\": \"Cross-site request refused\"}",
        as(END, "alice", "admin").header("Origin", "https://evil.example").post());
    assertJson(
        403,
        "{\"error\": \"Send no body or a JSON body, not a form\"}",
        as(END, "alice", "admin")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .post());
    assertJson(
        403,
        "{\"error\": \"Send no body or a JSON body, not a form\"}",
        as(END, "alice", "admin").header("Content-Type", "text/plain;charset=UTF-8").post());
    nothingSent();
    // A same-origin page of the application may call it.
    assertJson(
        200,
        "{\"success\": true, \"revoked\": 2, \"pending\": 0, \"failed\": 0}",
        as(END, "alice", "admin")
            .header("Sec-Fetch-Site", "same-origin")
            .header("Content-Type", "application/json")
            .post());
  }

  @Test
  void aBadUserIdGets400AndNothingIsSent() throws Exception {
    startWith("admin");

    assertJson(
        400,
        "{\"error\": \"userId: expected printable ASCII without spaces, got ' ' at index 4\"}",
        as("/api/moonkey-admin/users/user%201/sessions/end", "alice", "admin").post());
    assertJson(
        400,
        "{\"error\": \"userId: expected printable ASCII without spaces, got '\\\\u202e' at index"
            + " 4\"}",
        as("/api/moonkey-admin/users/user%E2%80%AE1/sessions/end", "alice", "admin").post());
    nothingSent();
  }

  @Test
  void onlyPostEndsSessions() throws Exception {
    startWith("admin");

    assertEquals(405, as(END, "alice", "admin").get().statusCode());
    nothingSent();
  }

  @Test
  void moonKeyAnswering503IsPendingThenDeliveredWhenItIsBack() throws Exception {
    startWith("admin");
    moonKey.setDefaultReply(Reply.status(503));

    assertJson(
        200,
        "{\"success\": true, \"revocation\": \"pending\", \"revoked\": 0, \"pending\": 1,"
            + " \"failed\": 0}",
        as(END, "alice", "admin").post());
    assertEquals(0, moonKey.requestCount(SessionRevoker.DELETE_PATH));

    moonKey.setDefaultReply(null);
    Await.until(
        Duration.ofSeconds(30),
        () -> !moonKey.isActive(a1.id()) && !moonKey.isActive(a2.id()),
        () -> "requests: " + moonKey.requests());
    assertTrue(moonKey.isActive(b1.id()));
  }

  @Test
  void aSubclassWithRolesAllowedIsEnforcedByJerseyBeforeTheAdminRole() throws Exception {
    startWith("admin", RolesAllowedDynamicFeature.class, OpsSessions.class);
    String ops = "/api/ops/users/user_1/sessions/end";

    // In admin-role but not in the annotation's role: Jersey refuses before the resource runs.
    assertEquals(403, as(ops, "alice", "admin").post().statusCode());
    // In the annotation's role but not in admin-role: the resource's own check refuses.
    assertJson(403, "{\"error\": \"Forbidden\"}", as(ops, "carol", "ops").post());
    nothingSent();
    assertJson(
        200,
        "{\"success\": true, \"revoked\": 2, \"pending\": 0, \"failed\": 0}",
        as(ops, "dave", "ops,admin").post());
  }
}
