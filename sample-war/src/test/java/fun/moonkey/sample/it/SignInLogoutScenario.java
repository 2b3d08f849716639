package fun.moonkey.sample.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.RecordedRequest;
import fun.moonkey.emulator.Reply;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * The black-box scenario every container must pass, against the deployed sample at {@code base}
 * ({@code http://host:port/<context>/}) and the emulator it was configured with: sign in through
 * {@code /api/session}, {@code /api/me} is 200, {@code POST /logout} answers 303 with
 * cookie-expiring {@code Set-Cookie} headers and MoonKey received the DELETE for the session id,
 * {@code /api/me} with the old cookies is 401, and {@code POST /api/logout} answers the JSON
 * contract.
 */
final class SignInLogoutScenario {

  private final URI base;
  private final String contextPath;
  private final MoonKeyEmulator moonKey;

  SignInLogoutScenario(URI base, MoonKeyEmulator moonKey) {
    this.base = base;
    String path = base.getPath();
    this.contextPath = path.substring(0, path.length() - 1);
    this.moonKey = moonKey;
  }

  void run() throws Exception {
    signInRefusesWhatMoonKeyDoesNotVouchFor();
    browserLogoutThroughTheFilter();
    fetchLogoutThroughTheResource();
  }

  private void signInRefusesWhatMoonKeyDoesNotVouchFor() throws Exception {
    CookieClient browser = new CookieClient();
    HttpResponse<String> malformed =
        browser.post(base.resolve("api/session"), "application/json", "{}", "application/json");
    assertEquals(400, malformed.statusCode(), malformed.body());
    assertEquals("{\"error\":\"Expected {\\\"session_token\\\": \\\"...\\\"}\"}", malformed.body());

    HttpResponse<String> unknown =
        browser.post(
            base.resolve("api/session"),
            "application/json",
            "{\"session_token\":\"mk_sess_unknown\"}",
            "application/json");
    assertEquals(401, unknown.statusCode(), unknown.body());
    assertEquals("{\"error\":\"Invalid session token\"}", unknown.body());

    moonKey.enqueue(Reply.status(500));
    HttpResponse<String> down =
        browser.post(
            base.resolve("api/session"),
            "application/json",
            "{\"session_token\":\"mk_sess_any\"}",
            "application/json");
    assertEquals(503, down.statusCode(), down.body());
    assertEquals("{\"error\":\"MoonKey unavailable\"}", down.body());
    assertEquals(Map.of(), browser.keepCookies(), "no cookie for a refused sign-in");
  }

  private void browserLogoutThroughTheFilter() throws Exception {
    EmulatedSession session = moonKey.createSession("user_ada", "ada@example.com");
    CookieClient browser = new CookieClient();

    HttpResponse<String> signIn = signIn(browser, session);
    assertEquals(200, signIn.statusCode(), signIn.body());
    assertEquals("{\"id\":\"user_ada\",\"email\":\"ada@example.com\"}", signIn.body());
    String tokenCookie = setCookie(signIn, "session_token");
    assertEquals(
        List.of(
            "session_token=" + session.token(), "Path=" + contextPath, "HttpOnly", "SameSite=Lax"),
        cookieParts(tokenCookie),
        tokenCookie);
    List<RecordedRequest> verifies = moonKey.requests("/v1/auth/sessions/verify");
    RecordedRequest verify = verifies.get(verifies.size() - 1);
    assertEquals(Map.of("session_token", session.token()), verify.jsonBody());
    assertEquals("Bearer " + moonKey.secretKey(), verify.header("Authorization"));

    HttpResponse<String> me = browser.get(base.resolve("api/me"));
    assertEquals(200, me.statusCode(), me.body());
    assertEquals("{\"id\":\"user_ada\",\"email\":\"ada@example.com\"}", me.body());

    Map<String, String> oldCookies = browser.keepCookies();
    assertTrue(oldCookies.containsKey("JSESSIONID"), oldCookies.keySet().toString());
    // Counted from here: the emulator may have served other tests of the class before this one.
    int deletesBefore = moonKey.requests("/v1/auth/sessions/delete").size();
    HttpResponse<String> logout = browser.post(base.resolve("logout"), null, "", null);
    assertEquals(303, logout.statusCode(), logout.body());
    assertEquals(
        contextPath + "/signed-out.html", logout.headers().firstValue("Location").orElseThrow());
    assertEquals("no-store", logout.headers().firstValue("Cache-Control").orElseThrow());
    assertEquals(
        "session_token=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path="
            + contextPath
            + "; HttpOnly; SameSite=Lax",
        setCookie(logout, "session_token"));
    String sessionDeletion = setCookie(logout, "JSESSIONID");
    assertTrue(
        sessionDeletion.startsWith(
            "JSESSIONID=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=" + contextPath),
        sessionDeletion);

    List<RecordedRequest> allDeletes = moonKey.requests("/v1/auth/sessions/delete");
    List<RecordedRequest> deletes = allDeletes.subList(deletesBefore, allDeletes.size());
    assertEquals(1, deletes.size(), deletes.toString());
    RecordedRequest delete = deletes.get(0);
    assertEquals("DELETE", delete.method());
    assertEquals(Map.of("session_id", session.id()), delete.jsonBody());
    assertEquals("Bearer " + moonKey.secretKey(), delete.header("Authorization"));
    assertFalse(moonKey.isActive(session.id()));

    browser.useCookies(oldCookies);
    HttpResponse<String> after = browser.get(base.resolve("api/me"));
    assertEquals(401, after.statusCode(), after.body());
    assertEquals("{\"error\":\"Not signed in\"}", after.body());
  }

  private void fetchLogoutThroughTheResource() throws Exception {
    EmulatedSession session = moonKey.createSession("user_bob", "bob@example.com");
    CookieClient browser = new CookieClient();
    assertEquals(200, signIn(browser, session).statusCode());

    HttpResponse<String> logout =
        browser.post(base.resolve("api/logout"), null, "", "application/json");
    assertEquals(200, logout.statusCode(), logout.body());
    assertEquals("{\"success\": true}", logout.body());
    assertEquals(
        "session_token=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path="
            + contextPath
            + "; HttpOnly; SameSite=Lax",
        setCookie(logout, "session_token"));
    assertFalse(moonKey.isActive(session.id()));
    assertEquals(401, browser.get(base.resolve("api/me")).statusCode());

    HttpResponse<String> again =
        new CookieClient().post(base.resolve("api/logout"), null, "", "application/json");
    assertEquals(400, again.statusCode(), again.body());
    assertEquals("{\"error\": \"No session found\"}", again.body());
  }

  private HttpResponse<String> signIn(CookieClient browser, EmulatedSession session)
      throws Exception {
    return browser.post(
        base.resolve("api/session"),
        "application/json",
        "{\"session_token\":\"" + session.token() + "\"}",
        "application/json");
  }

  private static String setCookie(HttpResponse<String> response, String name) {
    List<String> matching =
        response.headers().allValues("Set-Cookie").stream()
            .filter(h -> h.startsWith(name + "="))
            .toList();
    assertEquals(
        1,
        matching.size(),
        "Set-Cookie for " + name + ": " + response.headers().allValues("Set-Cookie"));
    return matching.get(0);
  }

  private static List<String> cookieParts(String header) {
    return List.of(header.split(";\\s*"));
  }
}
