package fun.moonkey.servlet;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.testing.RawHttp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code get-logout=confirm} through the real filter in Jetty, against MoonKey's stateful API: a
 * browser's GET on the logout path gets the page that asks (and changes nothing), its button's POST
 * logs out as any same-origin form post does; a JSON caller's GET keeps its {@code 405}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GetLogoutConfirmTest {

  private static final String HTML = "text/html,application/xhtml+xml,*/*;q=0.8";

  private LogoutFixture fixture;

  @BeforeAll
  void start() throws Exception {
    fixture =
        LogoutFixture.stateful(
            app -> app.servlet(new SignInServlet(), "/signin").servlet(new WhoAmI(), "/me"),
            "get-logout",
            "confirm",
            "redirect",
            "/signed-out",
            "return-to-parameter",
            "returnTo",
            "scopes",
            "all");
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  @BeforeEach
  void reset() {
    fixture.moonKey.reset();
  }

  @Test
  void browserGetShowsThePageAndChangesNothing() throws Exception {
    EmulatedSession session = fixture.moonKey.createSession("user_1", "a@example.com");
    String jsession = signIn(session);

    RawHttp.Response page =
        get("GET", "").header("Sec-Fetch-Site", "none").header("Accept", HTML).send();

    assertAll(
        () -> assertEquals(200, page.status(), "status"),
        () -> assertEquals("text/html;charset=utf-8", contentType(page)),
        () -> assertEquals("no-store", page.first("Cache-Control")),
        () -> assertEquals("DENY", page.first("X-Frame-Options")),
        () ->
            assertTrue(
                page.first("Content-Security-Policy")
                    .matches(
                        "default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]{43}='; form-action"
                            + " 'self'; frame-ancestors 'none'; base-uri 'none'"),
                page.first("Content-Security-Policy")),
        () -> assertEquals(List.of(), page.all("Set-Cookie"), "Set-Cookie"),
        () -> assertTrue(page.body().contains("<form method=\"post\">"), page.body()),
        () -> assertTrue(page.body().contains("<title>Log out?</title>"), page.body()));
    assertEquals(0, fixture.deleteCalls());
    assertTrue(fixture.moonKey.isActive(session.id()));
    assertEquals(200, me(jsession));
  }

  @Test
  void nothingOfTheRequestIsEchoed() throws Exception {
    String hostile = "%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E";
    RawHttp.Response page =
        RawHttp.request("GET", fixture.logoutUri("?returnTo=" + hostile + "&x=%3Cb%3E"))
            .header("Accept", HTML)
            .header("Referer", "https://evil.example/<i>")
            .send();

    assertEquals(200, page.status());
    assertFalse(page.body().contains("<script"), page.body());
    assertFalse(page.body().contains("alert"), page.body());
    assertFalse(page.body().contains("<b>"), page.body());
    assertFalse(page.body().contains("<i>"), page.body());
    assertFalse(page.body().contains("returnTo"), page.body());
  }

  @Test
  void pageSpeaksOfTheScopeItsButtonAsksFor() throws Exception {
    RawHttp.Response everywhere =
        RawHttp.request("GET", fixture.logoutUri("?scope=all")).header("Accept", HTML).send();
    RawHttp.Response notAllowed =
        RawHttp.request("GET", fixture.logoutUri("?scope=others")).header("Accept", HTML).send();

    assertTrue(everywhere.body().contains("<title>Log out everywhere?</title>"));
    assertTrue(notAllowed.body().contains("<title>Log out?</title>"), "others is not in scopes");
  }

  @Test
  void headAnswersAsTheGetWithoutABody() throws Exception {
    RawHttp.Response page = get("GET", "").header("Accept", HTML).send();
    RawHttp.Response head = get("HEAD", "").header("Accept", HTML).send();

    assertEquals(200, head.status());
    assertEquals("", head.body());
    assertEquals(
        Integer.toString(page.body().getBytes(StandardCharsets.UTF_8).length),
        head.first("Content-Length"));
    assertEquals(contentType(page), contentType(head));
    for (String name :
        List.of(
            "Cache-Control",
            "Content-Security-Policy",
            "X-Frame-Options",
            "X-Content-Type-Options")) {
      assertEquals(page.first(name), head.first(name), name);
    }
    assertEquals(0, fixture.deleteCalls());
  }

  @Test
  void jsonGetKeeps405WithAllow() throws Exception {
    for (String[] header :
        List.of(
            new String[] {"Accept", "application/json"},
            new String[] {"X-Requested-With", "XMLHttpRequest"})) {
      RawHttp.Response refused = get("GET", "").header(header[0], header[1]).send();
      assertEquals(405, refused.status(), header[0]);
      assertEquals("POST", refused.first("Allow"));
      assertEquals(List.of(), refused.all("Set-Cookie"));
    }
    assertEquals(0, fixture.deleteCalls());
  }

  @Test
  void crossSiteGetShowsThePageButLogsNobodyOut() throws Exception {
    EmulatedSession session = fixture.moonKey.createSession("user_2", "b@example.com");
    String jsession = signIn(session);

    RawHttp.Response page =
        RawHttp.request("GET", fixture.logoutUri(""))
            .cookie("JSESSIONID", jsession)
            .header("Accept", HTML)
            .header("Sec-Fetch-Site", "cross-site")
            .header("Sec-Fetch-Dest", "document")
            .send();
    RawHttp.Response crossSitePost =
        RawHttp.request("POST", fixture.logoutUri(""))
            .cookie("JSESSIONID", jsession)
            .header("Origin", "https://evil.example")
            .header("Sec-Fetch-Site", "cross-site")
            .send();

    assertEquals(200, page.status());
    assertEquals(403, crossSitePost.status());
    assertEquals(0, fixture.deleteCalls());
    assertTrue(fixture.moonKey.isActive(session.id()));
    assertEquals(200, me(jsession));
  }

  @Test
  void theButtonsPostLogsOutAndGoesWhereTheLinkAsked() throws Exception {
    EmulatedSession session = fixture.moonKey.createSession("user_3", "c@example.com");
    String jsession = signIn(session);

    // What the browser sends for the page's form: the page's own URL, same origin.
    RawHttp.Response answer =
        RawHttp.request("POST", fixture.logoutUri("?returnTo=%2Fapp%2Fbye"))
            .cookie("JSESSIONID", jsession)
            .header("Accept", HTML)
            .header("Origin", fixture.ownOrigin())
            .header("Sec-Fetch-Site", "same-origin")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .send();

    assertEquals(303, answer.status());
    assertEquals("/app/bye", answer.first("Location"));
    assertEquals(LogoutFixture.DELETIONS, answer.all("Set-Cookie"));
    assertEquals(1, fixture.deleteCalls());
    assertFalse(fixture.moonKey.isActive(session.id()));
    assertEquals(401, me(jsession));
  }

  private RawHttp get(String method, String query) {
    return RawHttp.request(method, fixture.logoutUri(query));
  }

  private static String contentType(RawHttp.Response response) {
    return response.first("Content-Type").replace(" ", "").toLowerCase(java.util.Locale.ROOT);
  }

  /** Signs in with the MoonKey session id in a new {@code HttpSession}; its id. */
  private String signIn(EmulatedSession session) throws IOException {
    RawHttp.Response signedIn =
        RawHttp.request("GET", fixture.app.uri("/signin?id=" + session.id())).send();
    String cookie = signedIn.first("Set-Cookie");
    return cookie.substring("JSESSIONID=".length(), cookie.indexOf(';'));
  }

  private int me(String jsession) throws IOException {
    return RawHttp.request("GET", fixture.app.uri("/me"))
        .cookie("JSESSIONID", jsession)
        .send()
        .status();
  }

  /** 200 while the {@code HttpSession} holds a MoonKey session id, else 401. */
  static final class WhoAmI extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
      HttpSession session = request.getSession(false);
      response.setStatus(
          session != null && session.getAttribute("moonkey.session_id") != null ? 200 : 401);
    }
  }
}
