package fun.moonkey.servlet;

import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import fun.moonkey.revocation.SessionRevoker;
import fun.moonkey.testing.JettyApp;
import fun.moonkey.testing.RawHttp;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The real {@link LogoutFilter} with real init-params in embedded Jetty under {@code /app}, against
 * a MoonKey emulator that answers every revocation with 200 and counts them (or, {@link #stateful},
 * answers as MoonKey does).
 */
final class LogoutFixture implements AutoCloseable {

  static final String EXPIRED = "=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT";

  /** The default deletions under {@code /app}: token cookie and Jetty's session cookie. */
  static final java.util.List<String> DELETIONS =
      java.util.List.of(
          "session_token" + EXPIRED + "; Path=/app; HttpOnly; SameSite=Lax",
          "JSESSIONID" + EXPIRED + "; Path=/app");

  final MoonKeyEmulator moonKey;
  final JettyApp app;

  private LogoutFixture(MoonKeyEmulator moonKey, JettyApp app) {
    this.moonKey = moonKey;
    this.app = app;
  }

  /**
   * @param params init-params besides secret, api-url and {@code logout-path=/logout}, as pairs
   */
  static LogoutFixture start(String... params) throws Exception {
    return start(true, params);
  }

  /**
   * {@link #start}, with MoonKey's stateful API answering (verify, list, delete) instead of 200.
   */
  static LogoutFixture stateful(String... params) throws Exception {
    return start(false, app -> {}, params);
  }

  /**
   * {@link #stateful}, with more of the application (a servlet, say) added by {@code setup} before
   * it starts.
   */
  static LogoutFixture stateful(Consumer<JettyApp> setup, String... params) throws Exception {
    return start(false, setup, params);
  }

  private static LogoutFixture start(boolean always200, String... params) throws Exception {
    return start(always200, app -> {}, params);
  }

  private static LogoutFixture start(boolean always200, Consumer<JettyApp> setup, String... params)
      throws Exception {
    MoonKeyEmulator moonKey = MoonKeyEmulator.start();
    if (always200) {
      moonKey.setDefaultReply(Reply.status(200));
    }
    Map<String, String> init = new LinkedHashMap<>();
    init.put("secret-key", moonKey.secretKey());
    init.put("api-url", moonKey.baseUri().toString());
    init.put("logout-path", "/logout");
    for (int i = 0; i < params.length; i += 2) {
      init.put(params[i], params[i + 1]);
    }
    try {
      JettyApp app =
          JettyApp.create("/app")
              .requestHeaderSize(128 * 1024)
              .filter(LogoutFilter.class, "/*", init);
      setup.accept(app);
      app.start();
      return new LogoutFixture(moonKey, app);
    } catch (Exception e) {
      moonKey.close();
      throw e;
    }
  }

  /** Forgets recorded calls; the default 200 answer stays. */
  void reset() {
    moonKey.reset();
    moonKey.setDefaultReply(Reply.status(200));
  }

  /** {@code /app/logout} with an optional query, such as {@code ?returnTo=%2F}. */
  URI logoutUri(String query) {
    return app.uri("/logout" + query);
  }

  /** A request to the logout path carrying a session token cookie. */
  RawHttp logout(String method, String token) {
    return RawHttp.request(method, logoutUri("")).cookie("session_token", token);
  }

  /** The request's own origin, as the browser sees it: {@code http://127.0.0.1:port}. */
  String ownOrigin() {
    URI uri = app.uri("/");
    return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
  }

  /** How many revocations MoonKey received since the last {@link #reset()}. */
  int deleteCalls() {
    return moonKey.requestCount(SessionRevoker.DELETE_PATH);
  }

  @Override
  public void close() {
    try {
      app.close();
    } finally {
      moonKey.close();
    }
  }
}
