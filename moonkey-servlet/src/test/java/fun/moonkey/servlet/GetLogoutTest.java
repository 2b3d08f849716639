package fun.moonkey.servlet;

import static fun.moonkey.servlet.LogoutFixture.DELETIONS;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import fun.moonkey.testing.RawHttp;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GET logout, when configured ({@code methods=GET,POST}): the same origin checks as POST, and a
 * prefetch or prerender never logs anyone out ({@code 403}, which makes the browser drop the
 * speculative response, so that the real click still reaches the server).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GetLogoutTest {

  private LogoutFixture fixture;

  @BeforeAll
  void start() throws Exception {
    fixture = LogoutFixture.start("methods", "GET,POST");
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  @BeforeEach
  void reset() {
    fixture.reset();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(List.of(), 303),
        Arguments.of(List.of("Sec-Fetch-Site", "same-origin"), 303),
        Arguments.of(List.of("Sec-Fetch-Site", "none"), 303),
        Arguments.of(List.of("Sec-Fetch-Site", "cross-site"), 403),
        Arguments.of(List.of("Sec-Fetch-Site", "same-site"), 403),
        Arguments.of(List.of("Referer", "https://evil.example/"), 403),
        Arguments.of(List.of("Sec-Purpose", "prefetch"), 403),
        Arguments.of(List.of("Sec-Purpose", "prefetch;prerender"), 403),
        Arguments.of(List.of("Sec-Purpose", "prefetch; anonymous-client-ip"), 403),
        Arguments.of(List.of("Sec-Fetch-Site", "same-origin", "Sec-Purpose", "prefetch"), 403),
        Arguments.of(List.of("Purpose", "prefetch"), 403),
        Arguments.of(List.of("Purpose", "Prefetch"), 403),
        Arguments.of(List.of("X-Moz", "prefetch"), 403));
  }

  @ParameterizedTest(name = "GET {0}")
  @MethodSource("cases")
  void getLogoutIsCheckedLikePostAndPrefetchNeverLogsOut(List<String> headers, int status)
      throws Exception {
    RawHttp request = fixture.logout("GET", "tok-get");
    for (int i = 0; i < headers.size(); i += 2) {
      request.header(headers.get(i), headers.get(i + 1));
    }

    RawHttp.Response response = request.send();

    boolean loggedOut = status == 303;
    assertAll(
        () -> assertEquals(status, response.status(), "status"),
        () -> assertEquals(loggedOut ? "/app/" : null, response.first("Location"), "Location"),
        () ->
            assertEquals(
                loggedOut ? DELETIONS : List.of(), response.all("Set-Cookie"), "Set-Cookie"),
        () -> assertEquals("no-store", response.first("Cache-Control"), "Cache-Control"),
        () -> assertEquals(loggedOut ? 1 : 0, fixture.deleteCalls(), "calls to MoonKey"));
  }
}
