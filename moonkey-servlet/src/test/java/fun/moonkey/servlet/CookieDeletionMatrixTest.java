package fun.moonkey.servlet;

import static fun.moonkey.servlet.LogoutFixture.EXPIRED;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import fun.moonkey.emulator.RecordedRequest;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.testing.RawHttp;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cookie deletions, through the real filter under {@code /app}: each deletion repeats the
 * original's name, Path, Domain or host-only, {@code Secure}, {@code SameSite} and {@code
 * Partitioned}, and a request proxied over HTTPS by a trusted proxy gets {@code Secure} deletions
 * and {@code Clear-Site-Data}. Each case asserts the status, the {@code Location}, the exact {@code
 * Set-Cookie} set, {@code Clear-Site-Data} and the calls MoonKey received.
 */
class CookieDeletionMatrixTest {

  private static final String TOKEN = "session_token" + EXPIRED;
  private static final String SESSION = "JSESSIONID" + EXPIRED;
  private static final String CSD = "\"cookies\", \"storage\"";

  /**
   * @param name what the case shows
   * @param config init-params as pairs
   * @param headers request headers as pairs
   * @param cookies expected {@code Set-Cookie} values, in order
   * @param clearSiteData expected {@code Clear-Site-Data}, or null
   */
  record Case(
      String name,
      List<String> config,
      List<String> headers,
      List<String> cookies,
      String clearSiteData) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case c(String name, List<String> config, List<String> headers, List<String> cookies) {
    return new Case(name, config, headers, cookies, null);
  }

  static Stream<Arguments> cases() {
    List<String> proxied =
        List.of("trusted-proxies", "127.0.0.1", "clear-site-data", "cookies,storage");
    return Stream.of(
            c(
                "defaults: host-only, context path",
                List.of(),
                List.of(),
                List.of(TOKEN + "; Path=/app; HttpOnly; SameSite=Lax", SESSION + "; Path=/app")),
            c(
                "host-only with Path=/",
                List.of("expire-cookies", "session_token;path=/"),
                List.of(),
                List.of(TOKEN + "; Path=/; HttpOnly; SameSite=Lax")),
            c(
                "domain cookie, leading dot dropped",
                List.of("expire-cookies", "session_token;domain=.example.com;path=/"),
                List.of(),
                List.of(TOKEN + "; Path=/; Domain=example.com; HttpOnly; SameSite=Lax")),
            c(
                "one name under two Paths",
                List.of("expire-cookies", "session_token;path=/,session_token;path=/app"),
                List.of(),
                List.of(
                    TOKEN + "; Path=/; HttpOnly; SameSite=Lax",
                    TOKEN + "; Path=/app; HttpOnly; SameSite=Lax")),
            c(
                "same identity twice: one deletion",
                List.of("expire-cookies", "session_token;path=/app,session_token"),
                List.of(),
                List.of(TOKEN + "; Path=/app; HttpOnly; SameSite=Lax")),
            c(
                "names are case-sensitive",
                List.of("expire-cookies", "session_token,Session_Token"),
                List.of(),
                List.of(
                    TOKEN + "; Path=/app; HttpOnly; SameSite=Lax",
                    "Session_Token" + EXPIRED + "; Path=/app; HttpOnly; SameSite=Lax")),
            c(
                "__Host- prefix: Secure, Path=/, host-only",
                List.of("expire-cookies", "__Host-session"),
                List.of(),
                List.of("__Host-session" + EXPIRED + "; Path=/; Secure; HttpOnly; SameSite=Lax")),
            c(
                "__Secure- prefix: Secure, domain kept",
                List.of("expire-cookies", "__Secure-session;domain=example.com"),
                List.of(),
                List.of(
                    "__Secure-session"
                        + EXPIRED
                        + "; Path=/app; Domain=example.com; Secure; HttpOnly; SameSite=Lax")),
            c(
                "partitioned (CHIPS)",
                List.of("expire-cookies", "pc;path=/;samesite=None;partitioned"),
                List.of(),
                List.of("pc" + EXPIRED + "; Path=/; Secure; HttpOnly; SameSite=None; Partitioned")),
            c(
                "partitioned and unpartitioned of one name are two cookies",
                List.of(
                    "expire-cookies",
                    "pc;path=/;samesite=None,pc;path=/;samesite=None;partitioned"),
                List.of(),
                List.of(
                    "pc" + EXPIRED + "; Path=/; Secure; HttpOnly; SameSite=None",
                    "pc" + EXPIRED + "; Path=/; Secure; HttpOnly; SameSite=None; Partitioned")),
            c(
                "SameSite=None always with Secure",
                List.of("expire-cookies", "n;samesite=None;httponly=false"),
                List.of(),
                List.of("n" + EXPIRED + "; Path=/app; Secure; SameSite=None")),
            c(
                "Secure original over plain http",
                List.of("expire-cookies", "s;secure;samesite=Strict"),
                List.of(),
                List.of("s" + EXPIRED + "; Path=/app; Secure; HttpOnly; SameSite=Strict")),
            new Case(
                "trusted proxy, X-Forwarded-Proto: https",
                proxied,
                List.of("X-Forwarded-Proto", "https"),
                List.of(
                    TOKEN + "; Path=/app; Secure; HttpOnly; SameSite=Lax",
                    SESSION + "; Path=/app; Secure"),
                CSD),
            new Case(
                "trusted proxy, Forwarded: proto=https",
                proxied,
                List.of("Forwarded", "for=192.0.2.60;proto=https;by=203.0.113.43"),
                List.of(
                    TOKEN + "; Path=/app; Secure; HttpOnly; SameSite=Lax",
                    SESSION + "; Path=/app; Secure"),
                CSD),
            new Case(
                "trusted proxy in a CIDR block, last X-Forwarded-Proto value counts",
                List.of(
                    "trusted-proxies",
                    "10.0.0.0/8, 127.0.0.0/8",
                    "clear-site-data",
                    "cookies,storage"),
                List.of("X-Forwarded-Proto", "http, https"),
                List.of(
                    TOKEN + "; Path=/app; Secure; HttpOnly; SameSite=Lax",
                    SESSION + "; Path=/app; Secure"),
                CSD),
            c(
                "untrusted peer: X-Forwarded-Proto ignored",
                List.of("trusted-proxies", "10.0.0.0/8", "clear-site-data", "cookies,storage"),
                List.of("X-Forwarded-Proto", "https", "Forwarded", "proto=https"),
                List.of(TOKEN + "; Path=/app; HttpOnly; SameSite=Lax", SESSION + "; Path=/app")),
            c(
                "no trusted proxies: forwarding headers ignored",
                List.of("clear-site-data", "cookies,storage"),
                List.of("X-Forwarded-Proto", "https"),
                List.of(TOKEN + "; Path=/app; HttpOnly; SameSite=Lax", SESSION + "; Path=/app")),
            c(
                "trusted proxy saying http: not secure",
                proxied,
                List.of("X-Forwarded-Proto", "http"),
                List.of(TOKEN + "; Path=/app; HttpOnly; SameSite=Lax", SESSION + "; Path=/app")))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void deletionRepeatsHowTheCookieWasSet(Case c) throws Exception {
    try (LogoutFixture fixture = LogoutFixture.start(c.config().toArray(String[]::new))) {
      RawHttp request = fixture.logout("POST", "tok-cookie");
      for (int i = 0; i < c.headers().size(); i += 2) {
        request.header(c.headers().get(i), c.headers().get(i + 1));
      }

      RawHttp.Response response = request.send();

      assertAll(
          () -> assertEquals(303, response.status(), "status"),
          () -> assertEquals("/app/", response.first("Location"), "Location"),
          () -> assertEquals(c.cookies(), response.all("Set-Cookie"), "Set-Cookie"),
          () ->
              assertEquals(c.clearSiteData(), response.first("Clear-Site-Data"), "Clear-Site-Data"),
          () -> assertEquals(1, fixture.deleteCalls(), "calls to MoonKey"));
    }
  }

  @Test
  void twoCookiesOfOneNameAreBothRevokedAndBothDeleted() throws Exception {
    try (LogoutFixture fixture =
        LogoutFixture.start("expire-cookies", "session_token;path=/app,session_token;path=/")) {
      RawHttp.Response response =
          RawHttp.request("POST", fixture.logoutUri(""))
              .cookie("session_token", "tok-app")
              .cookie("session_token", "tok-root")
              .send();

      assertEquals(303, response.status());
      assertEquals(
          List.of(
              TOKEN + "; Path=/app; HttpOnly; SameSite=Lax",
              TOKEN + "; Path=/; HttpOnly; SameSite=Lax"),
          response.all("Set-Cookie"));
      // Both revocations run at once: their order at MoonKey is not fixed.
      Set<Map<String, Object>> bodies = new HashSet<>();
      for (RecordedRequest call : fixture.moonKey.requests(SessionRevoker.DELETE_PATH)) {
        bodies.add(call.jsonBody());
      }
      assertEquals(2, fixture.deleteCalls());
      assertEquals(
          Set.of(Map.of("session_token", "tok-app"), Map.of("session_token", "tok-root")), bodies);
    }
  }

  @Test
  void proxiedHttpsRequestMatchesAnHttpsOriginForCsrf() throws Exception {
    try (LogoutFixture fixture = LogoutFixture.start("trusted-proxies", "127.0.0.1")) {
      String host = fixture.app.uri("/").getHost() + ":" + fixture.app.uri("/").getPort();
      RawHttp.Response ok =
          fixture
              .logout("POST", "tok")
              .header("X-Forwarded-Proto", "https")
              .header("Origin", "https://" + host)
              .send();
      RawHttp.Response refused =
          fixture
              .logout("POST", "tok")
              .header("X-Forwarded-Proto", "https")
              .header("Origin", "http://" + host)
              .send();

      assertEquals(303, ok.status());
      assertEquals(403, refused.status());
      assertEquals(1, fixture.deleteCalls());
    }
  }
}
