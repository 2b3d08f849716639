package fun.moonkey.servlet;

import static fun.moonkey.servlet.LogoutFixture.DELETIONS;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import fun.moonkey.security.ReturnTargetPolicy;
import fun.moonkey.testing.LogCapture;
import fun.moonkey.testing.RawHttp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
 * Open redirects, through the real filter: a request-chosen {@code returnTo} is followed only to a
 * path on the request's own origin or to an allow-listed origin, read as a browser reads it;
 * everything else falls back to the configured {@code redirect}. Each case asserts the status, the
 * {@code Location}, the exact {@code Set-Cookie} set and the calls MoonKey received.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenRedirectMatrixTest {

  private static final String FALLBACK = "/app/signed-out";
  private static final String OWN = "{own}";

  private LogoutFixture fixture;

  @BeforeAll
  void start() throws Exception {
    fixture =
        LogoutFixture.start(
            "redirect", "/signed-out",
            "return-to-parameter", "returnTo",
            "return-to-origins", "https://partner.example");
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  @BeforeEach
  void reset() {
    fixture.reset();
  }

  static Stream<Arguments> payloads() {
    return Stream.of(
        // followed: same-origin paths and allow-listed origins, normalised as a browser would
        Arguments.of("/app/account", "/app/account"),
        Arguments.of("/app/a?b=c#d", "/app/a?b=c#d"),
        Arguments.of("https://partner.example/bye", "https://partner.example/bye"),
        Arguments.of("https://PARTNER.example:443/bye", "https://partner.example/bye"),
        Arguments.of("https://partner.example", "https://partner.example/"),
        Arguments.of("https://partner%2Eexample/x", "https://partner.example/x"),
        Arguments.of(
            "https://\uff50\uff41\uff52\uff54\uff4e\uff45\uff52.example/",
            "https://partner.example/"),
        Arguments.of(
            "https://partner.example?@evil.example", "https://partner.example/?@evil.example"),
        Arguments.of(OWN + "/app/x", "/app/x"),
        Arguments.of("//" + OWN + "/app/y", "/app/y"),
        Arguments.of("/%09/evil.example", "/%09/evil.example"),
        Arguments.of("/app/%0d%0aSet-Cookie:x", "/app/%0d%0aSet-Cookie:x"),
        Arguments.of("/app/x\r\nSet-Cookie: evil=1", "/app/xSet-Cookie:%20evil=1"),
        Arguments.of("/app/\u00fcn\u00ef", "/app/%C3%BCn%C3%AF"),
        Arguments.of("/..//evil.example", "/..//evil.example"),
        // refused: other sites, however spelled
        Arguments.of("//evil.example", FALLBACK),
        Arguments.of("///evil.example", FALLBACK),
        Arguments.of("/\\evil.example", FALLBACK),
        Arguments.of("\\/evil.example", FALLBACK),
        Arguments.of("\\\\evil.example", FALLBACK),
        Arguments.of("/\t/evil.example", FALLBACK),
        Arguments.of("/\r\n/evil.example", FALLBACK),
        Arguments.of(" //evil.example", FALLBACK),
        Arguments.of("https://evil.example", FALLBACK),
        Arguments.of("http://evil.example/app/", FALLBACK),
        Arguments.of("https:evil.example", FALLBACK),
        Arguments.of("https:/\\evil.example", FALLBACK),
        Arguments.of("http:/\\evil.example", FALLBACK),
        Arguments.of("http:evil.example", FALLBACK),
        Arguments.of("https://partner.example@evil.example", FALLBACK),
        Arguments.of("https://evil.example@partner.example", FALLBACK),
        Arguments.of("https://evil.example\\@partner.example", FALLBACK),
        Arguments.of("https://evil.example#@partner.example", FALLBACK),
        Arguments.of("https://partner.example.evil.example/", FALLBACK),
        Arguments.of("https://partner.example%2eevil.example", FALLBACK),
        Arguments.of("https://evil.example/https://partner.example", FALLBACK),
        Arguments.of("https://p\u0430rtner.example/", FALLBACK),
        Arguments.of("https://partner.example:8443/", FALLBACK),
        Arguments.of("http://partner.example/", FALLBACK),
        Arguments.of("https://[::1]/", FALLBACK),
        Arguments.of("javascript:alert(1)", FALLBACK),
        Arguments.of("JaVaScRiPt:alert(1)", FALLBACK),
        Arguments.of(" javascript:alert(1)", FALLBACK),
        Arguments.of("java\tscript:alert(1)", FALLBACK),
        Arguments.of("data:text/html,<script>alert(1)</script>", FALLBACK),
        Arguments.of("vbscript:msgbox(1)", FALLBACK),
        Arguments.of("evil.example", FALLBACK),
        Arguments.of("account", FALLBACK),
        Arguments.of("", FALLBACK),
        Arguments.of("https://evil.example%00.partner.example", FALLBACK),
        Arguments.of("https://%zz", FALLBACK));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("payloads")
  void requestChosenTargetIsFollowedOnlyWhenSafe(String payload, String expected) throws Exception {
    String own = fixture.ownOrigin().substring("http://".length());
    String value = payload.replace(OWN, payload.startsWith(OWN) ? fixture.ownOrigin() : own);
    RawHttp.Response response =
        RawHttp.request(
                "POST",
                fixture.logoutUri("?returnTo=" + URLEncoder.encode(value, StandardCharsets.UTF_8)))
            .cookie("session_token", "tok-redirect")
            .send();

    assertAll(
        () -> assertEquals(303, response.status(), "status"),
        () -> assertEquals(expected, response.first("Location"), "Location"),
        () -> assertEquals(DELETIONS, response.all("Set-Cookie"), "Set-Cookie"),
        () -> assertEquals(1, fixture.deleteCalls(), "calls to MoonKey"));
    assertFalse(response.first("Location").matches(".*[\\x00-\\x20\\x7f].*"), "header-safe");
  }

  @Test
  void aRefusedTargetIsLoggedAtDebugOnOneEscapedLine() throws Exception {
    String payload = "//evil.example/\r\nX-Injected: 1\u2028";
    try (LogCapture logs = LogCapture.at(Level.ALL)) {
      RawHttp.request(
              "POST",
              fixture.logoutUri("?returnTo=" + URLEncoder.encode(payload, StandardCharsets.UTF_8)))
          .cookie("session_token", "tok")
          .send();
      assertEquals(
          List.of(
              "Ignoring returnTo=//evil.example/\\u000d\\u000aX-Injected: 1\\u2028: not a path on"
                  + " this origin nor an allowed origin; using the configured redirect"),
          logs.messages(ReturnTargetPolicy.class.getName(), Level.FINE));
    }
  }

  @Test
  void requestChosenTargetsAreOffByDefault() throws Exception {
    try (LogoutFixture plain = LogoutFixture.start("redirect", "/signed-out")) {
      RawHttp.Response response =
          RawHttp.request("POST", plain.logoutUri("?returnTo=%2Fapp%2Faccount"))
              .cookie("session_token", "tok")
              .send();
      assertEquals(303, response.status());
      assertEquals(FALLBACK, response.first("Location"));
      assertEquals(1, plain.deleteCalls());
    }
  }
}
