package fun.moonkey.servlet;

import static fun.moonkey.servlet.LogoutFixture.EXPIRED;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.security.LogoutGuard;
import fun.moonkey.testing.LogCapture;
import fun.moonkey.testing.RawHttp;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile credentials and header values, through the real filter: a value that could not be a
 * credential is never sent to MoonKey, the local logout still happens, the answer is never a 5xx,
 * and the JSON sent to MoonKey carries exactly the value received. The token is read from the
 * header {@code X-Session-Token} (so that the value arrives byte for byte) and from the cookie.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {

  private static final List<String> DELETIONS =
      List.of(
          "session_token" + EXPIRED + "; Path=/app; HttpOnly; SameSite=Lax",
          "JSESSIONID" + EXPIRED + "; Path=/app");
  private static final String SUCCESS = "{\"success\": true}";
  private static final String NO_SESSION = "{\"error\": \"No session found\"}";

  private LogoutFixture fixture;

  @BeforeAll
  void start() throws Exception {
    fixture = LogoutFixture.start("token-header", "X-Session-Token");
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  @BeforeEach
  void reset() {
    fixture.reset();
  }

  static Stream<Arguments> headerTokens() {
    return Stream.of(
        Arguments.of("quotes and backslashes", "ab\"c\\d'e", true),
        Arguments.of("JSON injection", "x\",\"session_id\":\"y", true),
        Arguments.of("JSON escapes", "\\u0000\\n\\\"", true),
        Arguments.of("exactly 4096 characters", "t".repeat(4096), true),
        Arguments.of("4097 characters", "t".repeat(4097), false),
        Arguments.of("U+2028", "ab\u2028cd", false),
        Arguments.of("U+2029", "ab\u2029cd", false),
        Arguments.of("bidi override", "ab\u202ecd", false),
        Arguments.of("bidi isolate", "\u2066ab\u2069", false),
        Arguments.of("emoji", "ab\ud83d\ude00cd", false),
        Arguments.of("inner space", "ab cd", false),
        Arguments.of("Latin-1", "ab\u00e9cd", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("headerTokens")
  void onlyAcceptableCredentialsReachMoonKeyAndTheJsonCarriesThemExactly(
      String name, String token, boolean sent) throws Exception {
    RawHttp.Response response =
        RawHttp.request("POST", fixture.logoutUri(""))
            .header("X-Session-Token", token)
            .header("Accept", "application/json")
            .send();

    assertAll(
        () -> assertEquals(sent ? 200 : 400, response.status(), "status"),
        () -> assertEquals(sent ? SUCCESS : NO_SESSION, response.body(), "body"),
        () -> assertNull(response.first("Location"), "Location"),
        () -> assertEquals(DELETIONS, response.all("Set-Cookie"), "Set-Cookie"),
        () -> assertEquals(sent ? 1 : 0, fixture.deleteCalls(), "calls to MoonKey"));
    if (sent) {
      assertEquals(
          Map.of("session_token", token),
          fixture.moonKey.requests(SessionRevoker.DELETE_PATH).get(0).jsonBody());
    }
  }

  @Test
  void controlCharactersInAHeaderNeverReachMoonKeyNorCauseA5xx() throws Exception {
    for (String token : List.of("ab\u0000cd", "ab\u0001cd", "ab\u001bcd", "ab\u007fcd")) {
      fixture.reset();
      RawHttp.Response response =
          RawHttp.request("POST", fixture.logoutUri(""))
              .header("X-Session-Token", token)
              .header("Accept", "application/json")
              .send();
      // Jetty itself refuses control characters in a header with 400, before any filter runs.
      assertEquals(400, response.status(), "status for " + token.codePointAt(2));
      assertEquals(0, fixture.deleteCalls());
    }
  }

  @Test
  void aSixtyFourKibCookieHeaderStillRevokesTheOneValidToken() throws Exception {
    RawHttp request = RawHttp.request("POST", fixture.logoutUri(""));
    for (int i = 0; i < 64; i++) {
      request.cookie("junk" + i, "j".repeat(1000));
    }
    request.cookie("session_token", "tok-big-header").header("Accept", "application/json");

    RawHttp.Response response = request.send();

    assertEquals(200, response.status());
    assertEquals(SUCCESS, response.body());
    assertEquals(DELETIONS, response.all("Set-Cookie"));
    assertEquals(1, fixture.deleteCalls());
  }

  @Test
  void aSixtyFourKibTokenIsNeverSent() throws Exception {
    RawHttp.Response response =
        RawHttp.request("POST", fixture.logoutUri(""))
            .cookie("session_token", "t".repeat(64 * 1024))
            .header("Accept", "application/json")
            .send();

    assertEquals(400, response.status());
    assertEquals(NO_SESSION, response.body());
    assertEquals(DELETIONS, response.all("Set-Cookie"));
    assertEquals(0, fixture.deleteCalls());
  }

  @Test
  void aTokenInTheQueryStringIsIgnored() throws Exception {
    RawHttp.Response response =
        RawHttp.request("POST", fixture.logoutUri("?session_token=tok-query&X-Session-Token=x"))
            .header("Accept", "application/json")
            .send();

    assertEquals(400, response.status());
    assertEquals(NO_SESSION, response.body());
    assertEquals(DELETIONS, response.all("Set-Cookie"));
    assertEquals(0, fixture.deleteCalls());
  }

  @Test
  void hostileHeaderValuesStayOnOneEscapedLogLine() throws Exception {
    try (LogCapture logs = LogCapture.at(Level.ALL)) {
      RawHttp.Response response =
          fixture
              .logout("POST", "tok")
              .header("Sec-Fetch-Site", "cross-site")
              .header("Origin", "https://evil.example\u2028\u202e")
              .send();
      assertEquals(403, response.status());
      List<String> lines = logs.messages(LogoutGuard.class.getName(), Level.FINE);
      assertEquals(1, lines.size(), lines.toString());
      String line = lines.get(0);
      assertTrue(
          line.startsWith("Logout refused as cross-site: Sec-Fetch-Site: cross-site, Origin"),
          line);
      for (String all : logs.lines()) {
        assertFalse(
            all.matches("(?s).*[\\u0000\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069].*"), all);
      }
    }
    assertEquals(0, fixture.deleteCalls());
  }
}
