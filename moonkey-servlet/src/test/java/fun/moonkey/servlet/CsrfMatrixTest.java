package fun.moonkey.servlet;

import static fun.moonkey.servlet.LogoutFixture.DELETIONS;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.testing.RawHttp;
import java.util.ArrayList;
import java.util.List;
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
 * Cross-site request forgery, through the real filter: every combination of method, {@code
 * Sec-Fetch-Site}, {@code Origin} and {@code Referer}. Configured with {@code methods=POST,DELETE}
 * and {@code allowed-origins=https://spa.example}. Each case asserts the status, the {@code
 * Location}, the exact {@code Set-Cookie} set, the CORS answer and the calls MoonKey received.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CsrfMatrixTest {

  private static final String ALLOWED = "https://spa.example";
  private static final String FOREIGN = "https://evil.example";

  private LogoutFixture fixture;

  @BeforeAll
  void start() throws Exception {
    fixture = LogoutFixture.start("methods", "POST,DELETE", "allowed-origins", ALLOWED);
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  @BeforeEach
  void reset() {
    fixture.reset();
  }

  /** A value of a dimension: its label and how to compute the header from the own origin. */
  enum OriginValue {
    ABSENT,
    OWN,
    ALLOWED,
    FOREIGN,
    OPAQUE_NULL
  }

  enum RefererValue {
    ABSENT,
    OWN,
    FOREIGN
  }

  static Stream<Arguments> matrix() {
    List<Arguments> cases = new ArrayList<>();
    for (String method : List.of("POST", "DELETE", "GET")) {
      for (String site : new String[] {null, "same-origin", "same-site", "cross-site", "none"}) {
        for (OriginValue origin : OriginValue.values()) {
          for (RefererValue referer : RefererValue.values()) {
            cases.add(Arguments.of(method, site, origin, referer));
          }
        }
      }
    }
    return cases.stream();
  }

  /** The written policy, independently of the code: see docs/security.md. */
  static boolean allowedByPolicy(String site, OriginValue origin, RefererValue referer) {
    if (site != null) {
      return site.equals("same-origin") || site.equals("none") || origin == OriginValue.ALLOWED;
    }
    if (origin != OriginValue.ABSENT) {
      return origin == OriginValue.OWN || origin == OriginValue.ALLOWED;
    }
    if (referer != RefererValue.ABSENT) {
      return referer == RefererValue.OWN;
    }
    return true;
  }

  @ParameterizedTest(name = "{0} Sec-Fetch-Site={1} Origin={2} Referer={3}")
  @MethodSource("matrix")
  void crossSiteRequestsAreRefusedAndChangeNothing(
      String method, String site, OriginValue origin, RefererValue referer) throws Exception {
    RawHttp request = fixture.logout(method, "tok-csrf");
    if (site != null) {
      request.header("Sec-Fetch-Site", site);
    }
    String own = fixture.ownOrigin();
    switch (origin) {
      case OWN -> request.header("Origin", own);
      case ALLOWED -> request.header("Origin", ALLOWED);
      case FOREIGN -> request.header("Origin", FOREIGN);
      case OPAQUE_NULL -> request.header("Origin", "null");
      default -> {}
    }
    switch (referer) {
      case OWN -> request.header("Referer", own + "/app/account");
      case FOREIGN -> request.header("Referer", FOREIGN + "/page");
      default -> {}
    }

    RawHttp.Response response = request.send();

    boolean methodAllowed = !method.equals("GET");
    boolean pass = methodAllowed && allowedByPolicy(site, origin, referer);
    int status = !methodAllowed ? 405 : pass ? 303 : 403;
    boolean cors = methodAllowed && origin == OriginValue.ALLOWED;
    assertAll(
        () -> assertEquals(status, response.status(), "status"),
        () -> assertEquals(pass ? "/app/" : null, response.first("Location"), "Location"),
        () -> assertEquals(pass ? DELETIONS : List.of(), response.all("Set-Cookie"), "Set-Cookie"),
        () -> assertEquals(pass ? 1 : 0, fixture.deleteCalls(), "calls to MoonKey"),
        () -> assertEquals("no-store", response.first("Cache-Control"), "Cache-Control"),
        () -> assertEquals(methodAllowed ? null : "DELETE, POST", response.first("Allow"), "Allow"),
        () ->
            assertEquals(
                cors ? ALLOWED : null,
                response.first("Access-Control-Allow-Origin"),
                "Access-Control-Allow-Origin"));
  }

  @Test
  void crossSitePostLeavesTheSessionAndTheMoonKeySessionIntact() throws Exception {
    EmulatedSession session = fixture.moonKey.createSession("user_1", "a@example.com");
    RawHttp.Response signIn =
        RawHttp.request("GET", fixture.app.uri("/signin?token=" + session.token())).send();
    String jsessionId = jsessionId(signIn);

    RawHttp.Response refused =
        RawHttp.request("POST", fixture.logoutUri(""))
            .cookie("session_token", session.token())
            .cookie("JSESSIONID", jsessionId)
            .header("Sec-Fetch-Site", "cross-site")
            .header("Origin", FOREIGN)
            .header("Accept", "application/json")
            .send();

    assertEquals(403, refused.status());
    assertEquals("{\"error\": \"Cross-site request refused\"}", refused.body());
    assertEquals(List.of(), refused.all("Set-Cookie"));
    assertEquals(0, fixture.deleteCalls());
    RawHttp.Response whoami =
        RawHttp.request("GET", fixture.app.uri("/whoami")).cookie("JSESSIONID", jsessionId).send();
    assertEquals(200, whoami.status());
    assertEquals(true, fixture.moonKey.isActive(session.id()));
  }

  @Test
  void preflightFromAForeignOriginGetsNoCorsEcho() throws Exception {
    RawHttp.Response response =
        RawHttp.request("OPTIONS", fixture.logoutUri(""))
            .header("Origin", FOREIGN)
            .header("Access-Control-Request-Method", "POST")
            .send();

    assertEquals(405, response.status());
    assertEquals("DELETE, POST", response.first("Allow"));
    assertNull(response.first("Access-Control-Allow-Origin"));
    assertNull(response.first("Access-Control-Allow-Credentials"));
    assertEquals(0, fixture.deleteCalls());
  }

  @Test
  void preflightFromAnAllowedOriginIsAnswered() throws Exception {
    RawHttp.Response response =
        RawHttp.request("OPTIONS", fixture.logoutUri(""))
            .header("Origin", ALLOWED)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "x-requested-with")
            .send();

    assertEquals(204, response.status());
    assertEquals(ALLOWED, response.first("Access-Control-Allow-Origin"));
    assertEquals("true", response.first("Access-Control-Allow-Credentials"));
    assertEquals("DELETE, POST", response.first("Access-Control-Allow-Methods"));
    assertEquals(
        "accept, content-type, x-requested-with", response.first("Access-Control-Allow-Headers"));
    assertEquals("Origin", response.first("Vary"));
    assertEquals(List.of(), response.all("Set-Cookie"));
    assertEquals(0, fixture.deleteCalls());
  }

  @Test
  void preflightForAMethodThatDoesNotLogOutGetsNoCorsEcho() throws Exception {
    RawHttp.Response response =
        RawHttp.request("OPTIONS", fixture.logoutUri(""))
            .header("Origin", ALLOWED)
            .header("Access-Control-Request-Method", "GET")
            .send();

    assertEquals(405, response.status());
    assertNull(response.first("Access-Control-Allow-Origin"));
  }

  @Test
  void originComparisonIsExactOnSchemePortAndCaseInsensitiveOnHost() throws Exception {
    String own = fixture.ownOrigin();
    String upper = own.replace("http://", "HTTP://");
    String otherPort = own.substring(0, own.lastIndexOf(':')) + ":1";
    String https = own.replace("http://", "https://");
    for (String[] c :
        new String[][] {
          {upper, "303"},
          {own + "/", "303"},
          {otherPort, "403"},
          {https, "403"},
          {"http://localhost:" + fixture.app.uri("/").getPort(), "403"}
        }) {
      fixture.reset();
      RawHttp.Response response = fixture.logout("POST", "tok").header("Origin", c[0]).send();
      assertEquals(Integer.parseInt(c[1]), response.status(), c[0]);
      assertEquals(c[1].equals("303") ? 1 : 0, fixture.deleteCalls(), c[0]);
    }
  }

  static String jsessionId(RawHttp.Response response) {
    for (String header : response.all("Set-Cookie")) {
      if (header.startsWith("JSESSIONID=")) {
        return header.substring("JSESSIONID=".length(), header.indexOf(';'));
      }
    }
    throw new AssertionError("no JSESSIONID in " + response.all("Set-Cookie"));
  }
}
