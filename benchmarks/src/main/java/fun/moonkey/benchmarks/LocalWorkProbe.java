package fun.moonkey.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * Proves, before a local-work contender is measured, that its logout does the local work: one user
 * signed in the way {@code localwork.lua} does it ({@code GET /app/signin}, whose {@code
 * JSESSIONID} cookie the session check then accepts) is logged out with the script's request, which
 * must answer a redirect that expires a cookie ({@code Max-Age=0} or an {@code Expires} in the
 * past), after which the session check refuses the same cookie. With a MoonKey credential the
 * emulator must also have received a deletion. Any other outcome throws, so that no figures are
 * reported for a logout that did nothing.
 */
final class LocalWorkProbe {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(TIMEOUT)
          .build();

  /**
   * @param logout the logout URI ({@code /app/logout}); the sign-in and the session check are its
   *     siblings
   * @param emulator the emulator that must receive a deletion; null when none must
   */
  void check(String contender, URI logout, ChildJvm emulator)
      throws IOException, InterruptedException {
    HttpResponse<Void> signedIn = send(HttpRequest.newBuilder(logout.resolve("signin")).GET());
    String cookie =
        signedIn.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("JSESSIONID="))
            .map(c -> c.split(";", 2)[0])
            .findFirst()
            .orElseThrow(() -> failure(contender, "the sign-in set no JSESSIONID cookie"));
    if (signedIn.statusCode() != 204 || sessionStatus(logout, cookie) != 204) {
      throw failure(contender, "the signed-in session is not there before the logout");
    }
    HttpResponse<Void> answer =
        send(
            HttpRequest.newBuilder(logout)
                .header("Cookie", cookie)
                .header("Origin", "http://" + logout.getHost() + ":" + logout.getPort())
                .POST(HttpRequest.BodyPublishers.noBody()));
    List<String> setCookies = answer.headers().allValues("Set-Cookie");
    if (answer.statusCode() < 301 || answer.statusCode() > 303) {
      throw failure(contender, "the logout answered " + answer.statusCode() + ", not a redirect");
    }
    if (setCookies.stream().noneMatch(LocalWorkProbe::expires)) {
      throw failure(contender, "the logout expired no cookie: " + setCookies);
    }
    int after = sessionStatus(logout, cookie);
    if (after != 401) {
      throw failure(contender, "the session is still there after the logout (" + after + ")");
    }
    if (emulator != null) {
      long deletes = emulator.values("stats", EmulatorMain.STATS).get("deletes");
      if (deletes < 1) {
        throw failure(contender, "MoonKey received no deletion");
      }
      emulator.command("reset", EmulatorMain.OK);
    }
  }

  /** Whether a {@code Set-Cookie} value deletes its cookie: {@code Max-Age=0} or a past date. */
  static boolean expires(String setCookie) {
    for (String attribute : setCookie.split(";")) {
      String[] pair = attribute.strip().split("=", 2);
      String name = pair[0].strip().toLowerCase(Locale.ROOT);
      if (pair.length == 2 && name.equals("max-age") && pair[1].strip().equals("0")) {
        return true;
      }
      if (pair.length == 2 && name.equals("expires")) {
        try {
          return ZonedDateTime.parse(pair[1].strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
              .isBefore(ZonedDateTime.now());
        } catch (DateTimeParseException e) {
          return false;
        }
      }
    }
    return false;
  }

  private int sessionStatus(URI logout, String cookie) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(logout.resolve("session")).header("Cookie", cookie).GET())
        .statusCode();
  }

  private HttpResponse<Void> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.discarding());
  }

  private static IllegalStateException failure(String contender, String what) {
    return new IllegalStateException(
        contender + ": the check before the load run failed, so no figures are reported: " + what);
  }
}
