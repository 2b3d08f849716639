package fun.moonkey.containers.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.RecordedRequest;
import fun.moonkey.emulator.Reply;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * The black-box checks, each on one deployed application: a user signs in, logs out, and the test
 * looks where the effect lands (the DELETE that reached the MoonKey emulator, the browser's cookie
 * store, the application's own idea of the session), not only at the answer.
 */
final class Scenarios {

  private Scenarios() {}

  /** Where an application's pages are, relative to its context. */
  record Pages(String signIn, String me, String logout) {
    static final Pages SERVLET = new Pages("signin", "me", "logout");
    static final Pages JAXRS = new Pages("api/account/signin", "api/account/me", "api/logout");
  }

  /**
   * Signs in, then logs out with a browser's form post, and expects the {@code 303} to {@code
   * /signed-out}.
   */
  static void browserLogout(URI app, Pages pages, MoonKeyEmulator moonKey) throws Exception {
    Browser browser = new Browser();
    EmulatedSession session = signIn(browser, app, pages, moonKey);

    HttpResponse<String> answer = browser.postForm(app.resolve(pages.logout()), "");

    assertEquals(303, answer.statusCode(), answer.body());
    assertEquals(
        app.resolve("signed-out").getPath(),
        URI.create(answer.headers().firstValue("Location").orElseThrow()).getPath());
    assertNoStore(answer.headers().firstValue("Cache-Control").orElse(null));
    // The token cookie's deletion, as the library's defaults make it, whatever the server.
    String context = app.getPath().substring(0, app.getPath().length() - 1);
    assertEquals(
        List.of(
            "session_token=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path="
                + context
                + "; HttpOnly; SameSite=Lax"),
        answer.headers().allValues("Set-Cookie").stream()
            .filter(header -> header.startsWith("session_token="))
            .toList());
    assertLoggedOut(browser, app, pages, moonKey, session);
    assertEquals(200, browser.get(app.resolve("signed-out")).statusCode());
  }

  /**
   * The library's {@code Cache-Control: no-store} on an answer that deletes cookies. Open Liberty
   * adds {@code no-cache="set-cookie"} to every response with a {@code Set-Cookie} (its {@code
   * httpOptions} {@code NoCacheCookiesControl}, on by default), which keeps {@code no-store}; every
   * other server passes the header on as the library set it.
   */
  private static void assertNoStore(String cacheControl) {
    if (cacheControl != null && cacheControl.startsWith("no-store, no-cache=")) {
      assertEquals("no-store, no-cache=set-cookie", cacheControl.replace("\"", ""));
    } else {
      assertEquals("no-store", cacheControl);
    }
  }

  /**
   * Signs in, then follows a logout link ({@code get-logout=confirm}): the GET answers the page
   * that asks and changes nothing, a JSON GET keeps its 405, and the page's form post logs out.
   */
  static void confirmPageLogout(URI app, Pages pages, MoonKeyEmulator moonKey) throws Exception {
    Browser browser = new Browser();
    EmulatedSession session = signIn(browser, app, pages, moonKey);
    URI logout = app.resolve(pages.logout());

    HttpResponse<String> page = browser.followLink(logout);

    assertEquals(200, page.statusCode(), page.body());
    assertEquals(
        "text/html;charset=utf-8",
        page.headers()
            .firstValue("Content-Type")
            .orElseThrow()
            .replace(" ", "")
            .toLowerCase(java.util.Locale.ROOT));
    assertEquals("no-store", page.headers().firstValue("Cache-Control").orElse(null));
    assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(null));
    assertTrue(
        page.headers()
            .firstValue("Content-Security-Policy")
            .orElseThrow()
            .matches(
                "default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]{43}='; form-action 'self';"
                    + " frame-ancestors 'none'; base-uri 'none'"),
        page.headers().firstValue("Content-Security-Policy").orElseThrow());
    assertTrue(page.body().contains("<form method=\"post\">"), page.body());
    assertEquals(List.of(), page.headers().allValues("Set-Cookie"));
    HttpResponse<String> json = browser.getJson(logout);
    assertEquals(405, json.statusCode());
    assertEquals("POST", json.headers().firstValue("Allow").orElse(null));
    assertTrue(moonKey.isActive(session.id()), "a GET logs nobody out");
    assertEquals(200, browser.get(app.resolve(pages.me())).statusCode());

    // The page's button: its form has no action, so the browser posts to the page's URL.
    HttpResponse<String> answer = browser.postForm(logout, "");

    assertEquals(303, answer.statusCode(), answer.body());
    assertEquals(
        app.resolve("signed-out").getPath(),
        URI.create(answer.headers().firstValue("Location").orElseThrow()).getPath());
    assertLoggedOut(browser, app, pages, moonKey, session);
  }

  /** Signs in, then logs out with a {@code fetch} that wants JSON. */
  static void jsonLogout(URI app, Pages pages, MoonKeyEmulator moonKey) throws Exception {
    Browser browser = new Browser();
    EmulatedSession session = signIn(browser, app, pages, moonKey);

    HttpResponse<String> answer = browser.postJson(app.resolve(pages.logout()));

    assertEquals(200, answer.statusCode(), answer.body());
    assertEquals("{\"success\": true}", answer.body());
    assertLoggedOut(browser, app, pages, moonKey, session);
  }

  /**
   * Signs in, then logs out while MoonKey answers 503: the user is logged out here at once and told
   * the revocation is pending; once MoonKey is back, the library's retrier revokes the session.
   */
  static void outageLogsOutLocallyAndRevokesLater(URI app, Pages pages, MoonKeyEmulator moonKey)
      throws Exception {
    Browser browser = new Browser();
    EmulatedSession session = signIn(browser, app, pages, moonKey);

    HttpResponse<String> answer;
    moonKey.setDefaultReply(Reply.status(503));
    try {
      answer = browser.postJson(app.resolve(pages.logout()));
    } finally {
      moonKey.setDefaultReply(null);
    }

    assertEquals(200, answer.statusCode(), answer.body());
    assertEquals("{\"success\": true, \"revocation\": \"pending\"}", answer.body());
    assertFalse(browser.hasCookie(app, "session_token"), browser.cookiesFor(app).toString());
    assertFalse(browser.hasCookie(app, "JSESSIONID"), browser.cookiesFor(app).toString());
    assertEquals(401, browser.get(app.resolve(pages.me())).statusCode());
    // The retrier's next attempt finds MoonKey back. The outage's failures may have opened the
    // breaker, whose default cooldown (30 s) comes before that attempt: the bound leaves room for
    // it, the backoff and a loaded machine.
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (moonKey.isActive(session.id()) && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    assertFalse(moonKey.isActive(session.id()), "revoked by the retrier once MoonKey was back");
  }

  /**
   * Signs in, then another site's page posts to the logout path: refused with 403, and nothing
   * changes (nothing reaches MoonKey, the session and the cookies stay).
   */
  static void crossSiteLogoutIsRefused(URI app, Pages pages, MoonKeyEmulator moonKey)
      throws Exception {
    Browser browser = new Browser();
    EmulatedSession session = signIn(browser, app, pages, moonKey);

    HttpResponse<String> answer =
        browser.postFormFromAnotherSite(app.resolve(pages.logout()), "https://attacker.example");

    assertEquals(403, answer.statusCode(), answer.body());
    assertTrue(
        moonKey.requests("/v1/auth/sessions/delete").stream()
            .noneMatch(r -> r.body().contains(session.token())),
        "no DELETE for this session at MoonKey");
    assertTrue(moonKey.isActive(session.id()));
    assertTrue(browser.hasCookie(app, "session_token"), browser.cookiesFor(app).toString());
    assertEquals(200, browser.get(app.resolve(pages.me())).statusCode());
  }

  /**
   * Signs in, then lets the application end the {@code HttpSession} its own way (no logout), and
   * expects the library to revoke the MoonKey session anyway.
   */
  static void sessionEndRevokes(URI app, MoonKeyEmulator moonKey) throws Exception {
    Browser browser = new Browser();
    EmulatedSession session = signIn(browser, app, Pages.SERVLET, moonKey);

    assertEquals(200, browser.postForm(app.resolve("forget"), "").statusCode());

    // Revoked off the request thread: wait for MoonKey to hear of it.
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (moonKey.isActive(session.id()) && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    assertFalse(moonKey.isActive(session.id()), "revoked at MoonKey when the session ended");
    assertEquals(Map.of("session_token", session.token()), deleteOf(moonKey, session).jsonBody());
    assertEquals(401, browser.get(app.resolve(Pages.SERVLET.me())).statusCode());
  }

  /**
   * "Your devices" ({@code sessions-api}): one user signed in from two browsers; the first lists
   * both sessions (its own marked current, the devices as MoonKey recorded them, no token), a
   * cross-site post and another user's session id are refused with nothing revoked, and ending the
   * second browser's session revokes it at MoonKey (one DELETE by its id) and takes it off the
   * list.
   */
  static void yourDevices(URI app, MoonKeyEmulator moonKey) throws Exception {
    String user = "user_devices_" + app.getPath();
    EmulatedSession laptop = moonKey.createSession(user, "d@example.com", "Laptop", "192.0.2.10");
    EmulatedSession phone = moonKey.createSession(user, "d@example.com", "Phone", "192.0.2.20");
    EmulatedSession stranger = moonKey.createSession("someone_else", "e@example.com");
    Browser first = new Browser();
    Browser second = new Browser();
    URI signIn = app.resolve(Pages.SERVLET.signIn());
    signInWith(first, signIn, laptop, "&email=d%40example.com");
    signInWith(second, signIn, phone, "&email=d%40example.com");

    HttpResponse<String> list = first.getJson(app.resolve("logout/sessions"));

    assertEquals(200, list.statusCode(), list.body());
    assertEquals("no-store", list.headers().firstValue("Cache-Control").orElse(null));
    assertTrue(
        list.body().startsWith("{\"sessions\":[{\"id\":\"" + laptop.id() + "\",\"current\":true,"),
        list.body());
    assertTrue(
        list.body().contains("\"id\":\"" + phone.id() + "\",\"current\":false,"), list.body());
    assertTrue(list.body().contains("\"user_agent\":\"Phone\",\"ip_address\":\"192.0.2.20\""));
    assertFalse(list.body().contains(laptop.token()) || list.body().contains(phone.token()));

    URI end = app.resolve("logout/sessions/end");
    HttpResponse<String> crossSite =
        first.postFormFromAnotherSite(end, "https://attacker.example", "session_id=" + phone.id());
    HttpResponse<String> notTheirs = first.postForm(end, "session_id=" + stranger.id());
    assertEquals(403, crossSite.statusCode(), crossSite.body());
    assertEquals(404, notTheirs.statusCode(), notTheirs.body());
    assertTrue(moonKey.isActive(phone.id()) && moonKey.isActive(stranger.id()));
    assertTrue(
        moonKey.requests("/v1/auth/sessions/delete").stream()
            .noneMatch(r -> r.body().contains(phone.id()) || r.body().contains(stranger.id())),
        "nothing revoked");

    HttpResponse<String> ended = first.postForm(end, "session_id=" + phone.id());

    assertEquals(200, ended.statusCode(), ended.body());
    assertEquals("{\"success\": true}", ended.body());
    assertFalse(moonKey.isActive(phone.id()), "the phone's session is revoked at MoonKey");
    assertEquals(
        List.of(Map.of("session_id", phone.id())),
        moonKey.requests("/v1/auth/sessions/delete").stream()
            .filter(r -> r.body().contains(phone.id()))
            .map(RecordedRequest::jsonBody)
            .toList());
    assertTrue(moonKey.isActive(laptop.id()));
    HttpResponse<String> after = first.getJson(app.resolve("logout/sessions"));
    assertEquals(200, after.statusCode(), after.body());
    assertFalse(after.body().contains(phone.id()), after.body());
    assertEquals(200, first.get(app.resolve(Pages.SERVLET.me())).statusCode(), "this one stays");
  }

  /** Posts the sign-in form with the session's token and id, and {@code more} fields. */
  private static void signInWith(Browser browser, URI signIn, EmulatedSession session, String more)
      throws Exception {
    HttpResponse<String> signedIn =
        browser.postForm(
            signIn,
            "token="
                + URLEncoder.encode(session.token(), StandardCharsets.UTF_8)
                + "&id="
                + session.id()
                + more);
    assertEquals(200, signedIn.statusCode(), signedIn.body());
  }

  /**
   * A user's resource signs in by keeping the token in the {@code HttpSession}, then signs out
   * through the CDI-injected {@code LogoutService}; the user's CDI observer heard the events.
   */
  static void cdiLogout(URI app, MoonKeyEmulator moonKey) throws Exception {
    Browser browser = new Browser();
    EmulatedSession session = moonKey.createSession("user_cdi", "a@example.com");
    HttpResponse<String> signedIn =
        browser.postForm(
            app.resolve("api/admin/signin"),
            "token=" + URLEncoder.encode(session.token(), StandardCharsets.UTF_8));
    assertEquals(200, signedIn.statusCode(), signedIn.body());

    String heard = browser.get(app.resolve("api/admin/audit")).body();

    HttpResponse<String> signedOut = browser.postForm(app.resolve("api/admin/signout"), "");

    assertEquals(200, signedOut.statusCode(), signedOut.body());
    assertEquals("REVOKED", signedOut.body());
    assertEquals(Map.of("session_token", session.token()), deleteOf(moonKey, session).jsonBody());
    assertFalse(moonKey.isActive(session.id()));
    assertHeard(browser, app, heard);
  }

  /** The application's CDI observers heard one more logout, revoked, since {@code before}. */
  private static void assertHeard(Browser browser, URI app, String before) throws Exception {
    String expected = (before.isEmpty() ? "" : before + ", ") + "before, after USER REVOKED";
    assertEquals(expected, browser.get(app.resolve("api/admin/audit")).body());
  }

  /** In the scanned CDI application, the library's own resource, found by the server's scan. */
  static void scannedLogout(URI app, MoonKeyEmulator moonKey) throws Exception {
    Browser browser = new Browser();
    EmulatedSession session = moonKey.createSession("user_scan", "a@example.com");
    browser.postForm(
        app.resolve("api/admin/signin"),
        "token=" + URLEncoder.encode(session.token(), StandardCharsets.UTF_8));

    String heard = browser.get(app.resolve("api/admin/audit")).body();

    HttpResponse<String> answer = browser.postJson(app.resolve("api/logout"));

    assertEquals(200, answer.statusCode(), answer.body());
    assertEquals("{\"success\": true}", answer.body());
    assertEquals(Map.of("session_token", session.token()), deleteOf(moonKey, session).jsonBody());
    // The library's own resource and the injected service are one client: its logouts reach the
    // application's CDI observers too.
    assertHeard(browser, app, heard);
  }

  /**
   * In the JAX-RS WAR, whose own sign-in ({@code TeamSignIn}) gives the role {@code support} that
   * web.xml names as {@code moonkey.admin-role}: an anonymous caller gets 401, a signed-in user
   * without the role 403, a cross-site form from another site 403 even for the administrator; then
   * the administrator ends every MoonKey session of one user, and MoonKey received the list for
   * that user and a DELETE for each of their sessions, none for another user's. The user was signed
   * in to the application in two clients: with the WAR's filter enforcing revocations, both are
   * signed out at their next request (the session and the cookies gone), the other user stays, and
   * the user's sign-in after the call stays too.
   */
  static void adminEndsEverySessionOfAUser(URI app, MoonKeyEmulator moonKey) throws Exception {
    String user = "user_ended" + app.getPath().replace('/', '_');
    EmulatedSession laptop = moonKey.createSession(user, "u@example.com");
    EmulatedSession phone = moonKey.createSession(user, "u@example.com");
    EmulatedSession someoneElse = moonKey.createSession(user + "_other", "o@example.com");
    Browser onLaptop = new Browser();
    Browser onPhone = new Browser();
    Browser other = new Browser();
    signInAs(onLaptop, app, laptop, user);
    signInAs(onPhone, app, phone, user);
    signInAs(other, app, someoneElse, user + "_other");
    URI end = app.resolve("api/moonkey-admin/users/" + user + "/sessions/end");

    HttpResponse<String> anonymous = new Browser().postJson(end);
    assertEquals(401, anonymous.statusCode(), anonymous.body());
    assertEquals("{\"error\": \"Authentication required\"}", anonymous.body());
    assertEquals("no-store", anonymous.headers().firstValue("Cache-Control").orElse(null));
    Browser member = new Browser();
    signInWithRole(member, app, moonKey, "member");
    assertEquals(403, member.postJson(end).statusCode());
    Browser admin = new Browser();
    signInWithRole(admin, app, moonKey, "support");
    assertEquals(403, admin.postFormFromAnotherSite(end, "https://attacker.example").statusCode());
    // Other scenarios on this server list their own users' sessions: only this user's count.
    Predicate<RecordedRequest> thisUser = r -> ("user_id=" + user).equals(r.rawQuery());
    assertTrue(
        moonKey.requests("/v1/auth/sessions/list").stream().noneMatch(thisUser),
        "nothing listed yet");
    assertTrue(moonKey.isActive(laptop.id()) && moonKey.isActive(phone.id()));

    HttpResponse<String> answer = admin.postJson(end);

    assertEquals(200, answer.statusCode(), answer.body());
    assertEquals(
        "{\"success\": true, \"revoked\": 2, \"pending\": 0, \"failed\": 0}", answer.body());
    assertEquals("no-store", answer.headers().firstValue("Cache-Control").orElse(null));
    assertEquals(
        List.of("user_id=" + user),
        moonKey.requests("/v1/auth/sessions/list").stream()
            .filter(thisUser)
            .map(RecordedRequest::rawQuery)
            .toList());
    assertEquals(
        Set.of(laptop.id(), phone.id()),
        moonKey.requests("/v1/auth/sessions/delete").stream()
            .map(r -> (String) r.jsonBody().get("session_id"))
            .filter(
                id -> id != null && Set.of(laptop.id(), phone.id(), someoneElse.id()).contains(id))
            .collect(java.util.stream.Collectors.toSet()));
    assertFalse(moonKey.isActive(laptop.id()) || moonKey.isActive(phone.id()));
    assertTrue(moonKey.isActive(someoneElse.id()), "another user's session stays");

    // The user's sessions in the application end at their next request, wherever they are.
    URI me = app.resolve(Pages.JAXRS.me());
    for (Browser device : List.of(onLaptop, onPhone)) {
      HttpResponse<String> next = device.getJson(me);
      assertEquals(401, next.statusCode(), next.body());
      assertEquals("{\"error\": \"Session revoked\"}", next.body());
      assertFalse(device.hasCookie(app, "session_token"), device.cookiesFor(app).toString());
      assertFalse(device.hasCookie(app, "JSESSIONID"), device.cookiesFor(app).toString());
      assertEquals("anonymous", device.get(me).body(), "the HttpSession is gone");
    }
    assertEquals(200, other.get(me).statusCode(), "another user's session stays");
    assertEquals(
        2,
        moonKey.requests("/v1/auth/sessions/delete").stream()
            .filter(r -> r.body().contains(laptop.id()) || r.body().contains(phone.id()))
            .count(),
        "ending the HttpSessions sends nothing more to MoonKey");
    EmulatedSession later = moonKey.createSession(user, "u@example.com");
    Browser signsInAgain = new Browser();
    signInAs(signsInAgain, app, later, user);
    assertEquals(200, signsInAgain.get(me).statusCode(), "a sign-in after the call stays");
  }

  /**
   * Signs in to the JAX-RS WAR as MoonKey's {@code user}, as an application that keeps MoonKey's
   * session id and user id.
   */
  private static void signInAs(Browser browser, URI app, EmulatedSession session, String user)
      throws Exception {
    signInWith(
        browser,
        app.resolve(Pages.JAXRS.signIn()),
        session,
        "&email=u%40example.com&user_id=" + URLEncoder.encode(user, StandardCharsets.UTF_8));
    assertEquals(200, browser.get(app.resolve(Pages.JAXRS.me())).statusCode());
  }

  /** Signs in to the JAX-RS WAR with a role of its own sign-in. */
  private static void signInWithRole(Browser browser, URI app, MoonKeyEmulator moonKey, String role)
      throws Exception {
    EmulatedSession session = moonKey.createSession("user_" + role, role + "@example.com");
    HttpResponse<String> signedIn =
        browser.postForm(
            app.resolve(Pages.JAXRS.signIn()),
            "token="
                + URLEncoder.encode(session.token(), StandardCharsets.UTF_8)
                + "&email="
                + role
                + "%40example.com&role="
                + role);
    assertEquals(200, signedIn.statusCode(), signedIn.body());
  }

  /**
   * Reads the {@code moonkey.logouts} gauge with {@code outcome="revoked"} of {@code context} from
   * a MicroProfile Metrics endpoint's Prometheus text ({@code moonkey_logouts}, or {@code
   * application_moonkey_logouts} as MicroProfile Metrics 3 names it).
   *
   * @throws AssertionError when the endpoint has no such gauge
   */
  static double revokedGauge(URI metrics, String context) throws Exception {
    HttpResponse<String> answer = new Browser().get(metrics);
    assertEquals(200, answer.statusCode(), answer.body());
    List<String> lines =
        answer
            .body()
            .lines()
            .filter(
                line ->
                    line.startsWith("moonkey_logouts")
                        || line.startsWith("application_moonkey_logouts"))
            .filter(line -> line.contains("context=\"" + context + "\""))
            .filter(line -> line.contains("outcome=\"revoked\""))
            .toList();
    assertEquals(1, lines.size(), "moonkey_logouts of " + context + ":\n" + answer.body());
    String line = lines.get(0);
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }

  private static RecordedRequest deleteOf(MoonKeyEmulator moonKey, EmulatedSession session) {
    List<RecordedRequest> deletes =
        moonKey.requests("/v1/auth/sessions/delete").stream()
            .filter(r -> r.body().contains(session.token()))
            .toList();
    assertEquals(1, deletes.size(), "DELETEs for this session at MoonKey");
    RecordedRequest delete = deletes.get(0);
    assertEquals("DELETE", delete.method());
    assertEquals("Bearer " + moonKey.secretKey(), delete.header("Authorization"));
    return delete;
  }

  static EmulatedSession signIn(Browser browser, URI app, Pages pages, MoonKeyEmulator moonKey)
      throws Exception {
    EmulatedSession session = moonKey.createSession("user_" + app.getPath(), "a@example.com");
    HttpResponse<String> signedIn =
        browser.postForm(
            app.resolve(pages.signIn()),
            "token="
                + URLEncoder.encode(session.token(), StandardCharsets.UTF_8)
                + "&email=a%40example.com");
    assertEquals(200, signedIn.statusCode(), signedIn.body());
    assertEquals(200, browser.get(app.resolve(pages.me())).statusCode());
    assertTrue(browser.hasCookie(app, "session_token"), browser.cookiesFor(app).toString());
    return session;
  }

  private static void assertLoggedOut(
      Browser browser, URI app, Pages pages, MoonKeyEmulator moonKey, EmulatedSession session)
      throws Exception {
    // What MoonKey received: one DELETE for this session, with our key and its token.
    assertEquals(Map.of("session_token", session.token()), deleteOf(moonKey, session).jsonBody());
    assertFalse(moonKey.isActive(session.id()), "the session is revoked at MoonKey");
    // What the browser kept: neither the token cookie nor the container's session cookie.
    assertFalse(browser.hasCookie(app, "session_token"), browser.cookiesFor(app).toString());
    assertFalse(browser.hasCookie(app, "JSESSIONID"), browser.cookiesFor(app).toString());
    // And the application's own view: the HttpSession is gone.
    assertEquals(401, browser.get(app.resolve(pages.me())).statusCode());
  }

  /**
   * An application whose settings are bad is not served at all: a page of it and its logout path
   * answer one of {@code statuses} (the server's, for an application that is not running), and the
   * server's log carries the library's message.
   */
  static void notServed(URI app, Pages pages, String log, String message, Set<Integer> statuses)
      throws Exception {
    Browser browser = new Browser();
    int status = browser.get(app.resolve(pages.me())).statusCode();
    assertTrue(statuses.contains(status), "a page of the application answered " + status);
    int logout = browser.postJson(app.resolve(pages.logout())).statusCode();
    assertTrue(statuses.contains(logout), "the logout path answered " + logout);
    assertTrue(log.contains(message), "the server's log says: " + message);
  }
}
