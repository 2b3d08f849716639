package fun.moonkey.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoonKeyConfigTest {

  private static final String SECRET = "sk_test_0123456789abcdef";

  private static MoonKeyConfig parse(Map<String, String> values) {
    Map<String, String> all = new HashMap<>(values);
    all.putIfAbsent(ConfigKeys.SECRET_KEY, SECRET);
    return MoonKeyConfig.from(ConfigSource.of(all));
  }

  private static String error(String key, String value) {
    return assertThrows(ConfigException.class, () -> parse(Map.of(key, value))).getMessage();
  }

  @Test
  void revokeOnSessionEndIsOnByDefaultAndTakesOnlyTrueOrFalse() {
    assertTrue(parse(Map.of()).revokeOnSessionEnd());
    assertFalse(parse(Map.of(ConfigKeys.REVOKE_ON_SESSION_END, "false")).revokeOnSessionEnd());
    assertTrue(parse(Map.of()).toString().contains("revoke-on-session-end=true"));
    assertEquals(
        "moonkey.revoke-on-session-end: expected true or false, got 'ture' (from setting"
            + " 'revoke-on-session-end')",
        error(ConfigKeys.REVOKE_ON_SESSION_END, "ture"));
  }

  @Test
  void getLogoutRefusesByDefaultAndTakesOnlyRefuseOrConfirm() {
    assertFalse(parse(Map.of()).confirmsGet());
    assertTrue(parse(Map.of(ConfigKeys.GET_LOGOUT, "confirm")).confirmsGet());
    assertTrue(parse(Map.of()).toString().contains("get-logout=refuse"));
    assertEquals(
        "moonkey.get-logout: expected refuse or confirm, got 'ask' (from setting 'get-logout')",
        error(ConfigKeys.GET_LOGOUT, "ask"));
  }

  @Test
  void getLogoutConfirmWithGetAmongTheMethodsStopsStartUpNamingBothKeys() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> parse(Map.of(ConfigKeys.GET_LOGOUT, "confirm", ConfigKeys.METHODS, "POST,GET")));
    assertEquals(
        "moonkey.get-logout: confirm shows a page on GET and HEAD, but moonkey.methods makes them"
            + " log out at once; remove GET and HEAD from moonkey.methods or set"
            + " moonkey.get-logout=refuse, got 'confirm' with moonkey.methods=GET,POST (from"
            + " setting 'get-logout')",
        e.getMessage());
    // HEAD is a GET without a body: it may not log out beside the page either.
    assertThrows(
        ConfigException.class,
        () -> parse(Map.of(ConfigKeys.GET_LOGOUT, "confirm", ConfigKeys.METHODS, "POST,HEAD")));
    // refuse keeps what GET among the methods always did: GET logs out.
    assertEquals(
        Set.of("GET", "POST"),
        parse(Map.of(ConfigKeys.GET_LOGOUT, "refuse", ConfigKeys.METHODS, "POST,GET")).methods());
  }

  @Test
  void confirmStylesheetIsAnAbsolutePathThatNeedsNoEscaping() {
    assertEquals(Optional.empty(), parse(Map.of()).confirmStylesheet());
    assertEquals(
        Optional.of("/app/css/logout.css"),
        parse(Map.of(ConfigKeys.CONFIRM_STYLESHEET, "/app/css/logout.css")).confirmStylesheet());
    for (String bad :
        List.of(
            "css/logout.css",
            "//evil.example/x.css",
            "https://cdn.example/x.css",
            "/x.css\"><script>",
            "/x.css' onload='a",
            "/a b.css")) {
      assertEquals(
          "moonkey.confirm-stylesheet: expected an absolute path on the application's origin like"
              + " /app/css/logout.css, got '"
              + bad
              + "' (from setting 'confirm-stylesheet')",
          error(ConfigKeys.CONFIRM_STYLESHEET, bad),
          bad);
    }
  }

  @Test
  void scopesAreOffByDefaultAndTakeOnlyAllAndOthers() {
    assertEquals(Set.of(), parse(Map.of()).scopes());
    assertEquals(
        Set.of(Scope.ALL, Scope.OTHERS), parse(Map.of(ConfigKeys.SCOPES, "all, others")).scopes());
    assertEquals(
        "moonkey.scopes: expected comma-separated scopes from all, others, got 'all,everyone'"
            + " (from setting 'scopes')",
        error(ConfigKeys.SCOPES, "all,everyone"));
  }

  @Test
  void defaultsWhenOnlyTheSecretIsSet() {
    MoonKeyConfig config = parse(Map.of());
    assertEquals(URI.create("https://api.moonkey.fun"), config.apiUrl());
    assertTrue(config.logoutPath().isEmpty());
    assertEquals(Set.of("POST"), config.methods());
    assertEquals("session_token", config.tokenCookie());
    assertEquals("moonkey.session_token", config.tokenAttribute());
    assertEquals("moonkey.session_id", config.sessionIdAttribute());
    assertTrue(config.tokenHeader().isEmpty());
    assertTrue(config.jwtCookie().isEmpty());
    assertEquals("/", config.redirect());
    assertEquals(Duration.ofSeconds(5), config.timeout());
    assertTrue(config.expireCookies().isEmpty());
    assertEquals(FailurePolicy.PENDING, config.onRevocationFailure());
  }

  @Test
  void toStringMasksTheSecretAndShowsEveryKey() {
    String shown = parse(Map.of()).toString();
    assertFalse(shown.contains(SECRET), shown);
    assertTrue(shown.contains("secret-key=sk_test_****"), shown);
    for (String key : ConfigKeys.ALL) {
      assertTrue(shown.contains(key + "="), key + " missing from " + shown);
    }
  }

  @Test
  void liveKeyIsMaskedAsLive() {
    assertEquals(
        "sk_live_****", parse(Map.of(ConfigKeys.SECRET_KEY, "sk_live_secret")).maskedSecretKey());
  }

  @Test
  void missingSecretNamesTheEnvironmentVariable() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> MoonKeyConfig.from(ConfigSource.of(Map.of())));
    assertEquals(
        "moonkey.secret-key: required but not set; set the environment variable"
            + " MOONKEY_SECRET_KEY or the system property moonkey.secret-key",
        e.getMessage());
  }

  @Test
  void previousSecretKeyIsOptionalMaskedAndNeverEchoed() {
    assertTrue(parse(Map.of()).previousSecretKey().isEmpty());
    assertTrue(parse(Map.of()).toString().contains("previous-secret-key=(none)"));
    MoonKeyConfig rotated = parse(Map.of(ConfigKeys.PREVIOUS_SECRET_KEY, "sk_live_the_old_one"));
    assertEquals("sk_live_the_old_one", rotated.previousSecretKey().orElseThrow());
    assertTrue(rotated.toString().contains("previous-secret-key=sk_live_****"), rotated.toString());
    assertFalse(rotated.toString().contains("the_old_one"), rotated.toString());
    assertFalse(rotated.equals(parse(Map.of())), "the previous key counts in equals");

    String malformed = error(ConfigKeys.PREVIOUS_SECRET_KEY, "pk_test_leakme");
    assertEquals(
        "moonkey.previous-secret-key: expected a MoonKey secret key starting with sk_test_ or"
            + " sk_live_, got a value of 14 characters (from setting 'previous-secret-key')",
        malformed);
    String same = error(ConfigKeys.PREVIOUS_SECRET_KEY, SECRET);
    assertEquals(
        "moonkey.previous-secret-key: expected the key that secret-key replaced, got the same key"
            + " as secret-key (from setting 'previous-secret-key')",
        same);
    assertFalse(same.contains(SECRET));
  }

  @Test
  void malformedSecretIsNotEchoed() {
    String message = error(ConfigKeys.SECRET_KEY, "pk_test_leakme");
    assertEquals(
        "moonkey.secret-key: expected a MoonKey secret key starting with sk_test_ or sk_live_,"
            + " got a value of 14 characters (from setting 'secret-key')",
        message);
    assertFalse(message.contains("leakme"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "timeout|abc|moonkey.timeout: expected a duration like 5s or 500ms, got 'abc' (from setting 'timeout')",
        "timeout|5|moonkey.timeout: expected a duration like 5s or 500ms, got '5' (from setting 'timeout')",
        "timeout|-1s|moonkey.timeout: expected a duration like 5s or 500ms, got '-1s' (from setting 'timeout')",
        "timeout|10ms|moonkey.timeout: expected a duration between 100ms and 5m, got '10ms' (from setting 'timeout')",
        "timeout|6m|moonkey.timeout: expected a duration between 100ms and 5m, got '6m' (from setting 'timeout')",
        "api-url|http://api.moonkey.fun|moonkey.api-url: expected an absolute https URL (http only for a loopback host), got 'http://api.moonkey.fun' (from setting 'api-url')",
        "api-url|api.moonkey.fun|moonkey.api-url: expected an absolute https URL (http only for a loopback host), got 'api.moonkey.fun' (from setting 'api-url')",
        "api-url|https://user:pw@api.moonkey.fun|moonkey.api-url: expected an absolute https URL (http only for a loopback host), got 'https://****@api.moonkey.fun' (from setting 'api-url')",
        "api-url|https://api.moonkey.fun?x=1|moonkey.api-url: expected an absolute https URL (http only for a loopback host), got 'https://api.moonkey.fun?x=1' (from setting 'api-url')",
        "logout-path|logout|moonkey.logout-path: expected a context-relative path like /logout, got 'logout' (from setting 'logout-path')",
        "logout-path|/log out|moonkey.logout-path: expected a context-relative path like /logout, got '/log out' (from setting 'logout-path')",
        "methods|post|moonkey.methods: expected comma-separated HTTP methods in upper case like POST or POST,DELETE, got 'post' (from setting 'methods')",
        "methods|POST,,GET|moonkey.methods: expected comma-separated HTTP methods in upper case like POST or POST,DELETE, got 'POST,,GET' (from setting 'methods')",
        "methods|OPTIONS|moonkey.methods: expected comma-separated HTTP methods in upper case like POST or POST,DELETE, got 'OPTIONS' (from setting 'methods')",
        "token-cookie|bad name|moonkey.token-cookie: expected a name made of RFC 6265 token characters, got 'bad name' (from setting 'token-cookie')",
        "redirect|javascript:alert(1)|moonkey.redirect: expected a context-relative path like /signed-out or an absolute http(s) URL, got 'javascript:alert(1)' (from setting 'redirect')",
        "redirect|//evil.example|moonkey.redirect: expected a context-relative path like /signed-out or an absolute http(s) URL, got '//evil.example' (from setting 'redirect')",
        "redirect|/\\evil.example|moonkey.redirect: expected a context-relative path like /signed-out or an absolute http(s) URL, got '/\\evil.example' (from setting 'redirect')",
        "redirect|data:text/html,x|moonkey.redirect: expected a context-relative path like /signed-out or an absolute http(s) URL, got 'data:text/html,x' (from setting 'redirect')",
        "redirect|signed-out|moonkey.redirect: expected a context-relative path like /signed-out or an absolute http(s) URL, got 'signed-out' (from setting 'redirect')",
        "on-revocation-failure|ignore|moonkey.on-revocation-failure: expected pending or fail, got 'ignore' (from setting 'on-revocation-failure')",
        "expire-cookies|a;path=x|moonkey.expire-cookies: expected path=/some/path, got 'path=x' (from setting 'expire-cookies')",
        "expire-cookies|a;secure=yes|moonkey.expire-cookies: expected true or false, got 'secure=yes' (from setting 'expire-cookies')",
        "expire-cookies|a;samesite=loose|moonkey.expire-cookies: expected samesite=Strict, Lax or None, got 'samesite=loose' (from setting 'expire-cookies')",
        "expire-cookies|a;max-age=0|moonkey.expire-cookies: expected an attribute path=, domain=, secure, partitioned, samesite= or httponly=, got 'max-age=0' (from setting 'expire-cookies')",
        "expire-cookies|__Host-id;domain=example.com|moonkey.expire-cookies: expected a __Host- cookie without domain and with path=/ (RFC 6265bis), got '__Host-id;domain=example.com' (from setting 'expire-cookies')",
      })
  void badValueNamesKeyValueAndExpectation(String key, String value, String expected) {
    assertEquals(expected, error(key, value));
  }

  @Test
  void controlCharactersInAnEchoedValueAreEscaped() {
    assertEquals(
        "moonkey.redirect: expected a context-relative path like /signed-out or an absolute"
            + " http(s) URL, got '/a\\u000d\\u000aSet-Cookie: x' (from setting 'redirect')",
        error(ConfigKeys.REDIRECT, "/a\r\nSet-Cookie: x"));
  }

  @Test
  void unknownKeysAreRejectedWithTheirSource() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> parse(Map.of("timout", "5s", "redirect-to", "/x")));
    assertEquals(
        "unknown MoonKey configuration keys setting 'redirect-to', setting 'timout' (did you mean"
            + " 'timeout'?); known keys are "
            + String.join(", ", ConfigKeys.ALL),
        e.getMessage());
  }

  @Test
  void validValuesAreParsed() {
    MoonKeyConfig config =
        parse(
            Map.of(
                ConfigKeys.API_URL, "http://127.0.0.1:8090/",
                ConfigKeys.TIMEOUT, "750ms",
                ConfigKeys.METHODS, "POST, DELETE",
                ConfigKeys.LOGOUT_PATH, "/logout",
                ConfigKeys.REDIRECT, "https://example.com/bye",
                ConfigKeys.ON_REVOCATION_FAILURE, "fail",
                ConfigKeys.EXPIRE_COOKIES,
                    "session_token;path=/;domain=.example.com;secure;samesite=none, __Host-id;partitioned"));
    assertEquals(URI.create("http://127.0.0.1:8090"), config.apiUrl());
    assertEquals(Duration.ofMillis(750), config.timeout());
    assertEquals(Set.of("POST", "DELETE"), config.methods());
    assertEquals("/logout", config.logoutPath().orElseThrow());
    assertEquals("https://example.com/bye", config.redirect());
    assertEquals(FailurePolicy.FAIL, config.onRevocationFailure());
    assertEquals(
        List.of(
            new CookieSpec("session_token", "/", "example.com", true, true, "None", false),
            new CookieSpec("__Host-id", null, null, false, true, "Lax", true)),
        config.expireCookies().orElseThrow());
  }

  @Test
  void localhostAndIpv6LoopbackMayUseHttp() {
    assertEquals(
        URI.create("http://localhost:1"),
        parse(Map.of(ConfigKeys.API_URL, "http://localhost:1")).apiUrl());
    assertEquals(
        URI.create("http://[::1]:1"), parse(Map.of(ConfigKeys.API_URL, "http://[::1]:1")).apiUrl());
  }

  @Test
  void firstFoundSourceWinsInTheDocumentedOrder() {
    ConfigSource initParams =
        ConfigSource.initParams(Map.of("timeout", "1s")::get, () -> List.of("timeout"));
    ConfigSource contextParams =
        ConfigSource.contextParams(
            Map.of("moonkey.timeout", "2s", "moonkey.redirect", "/ctx", "other.param", "x")::get,
            () -> List.of("moonkey.timeout", "moonkey.redirect", "other.param"));
    ConfigSource environment =
        ConfigSource.environment(
            Map.of(
                "MOONKEY_SECRET_KEY", SECRET,
                "MOONKEY_REDIRECT", "/env",
                "MOONKEY_TOKEN_COOKIE", "env_cookie"));
    MoonKeyConfig config =
        MoonKeyConfig.from(ConfigSource.firstFound(initParams, contextParams, environment));
    assertEquals(Duration.ofSeconds(1), config.timeout());
    assertEquals("/ctx", config.redirect());
    assertEquals("env_cookie", config.tokenCookie());
    assertFalse(config.secretInDeploymentDescriptor());
  }

  @Test
  void unknownContextParamWithOurPrefixIsRejectedButOthersAreIgnored() {
    ConfigSource contextParams =
        ConfigSource.contextParams(
            Map.of("moonkey.timout", "2s", "other.param", "x")::get,
            () -> List.of("moonkey.timout", "other.param"));
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                MoonKeyConfig.from(
                    ConfigSource.firstFound(
                        contextParams,
                        ConfigSource.environment(Map.of("MOONKEY_SECRET_KEY", SECRET)))));
    assertTrue(
        e.getMessage()
            .startsWith(
                "unknown MoonKey configuration key context-param 'moonkey.timout' (did you mean"
                    + " 'timeout'?);"),
        e.getMessage());
  }

  @Test
  void secretInAnInitParamIsFlagged() {
    ConfigSource initParams =
        ConfigSource.initParams(Map.of("secret-key", SECRET)::get, () -> List.of("secret-key"));
    assertTrue(MoonKeyConfig.from(initParams).secretInDeploymentDescriptor());
  }

  @Test
  void builderGoesThroughTheSameChecks() {
    MoonKeyConfig config =
        MoonKeyConfig.builder()
            .secretKey(SECRET)
            .apiUrl(URI.create("http://127.0.0.1:9"))
            .timeout(Duration.ofMillis(300))
            .redirect("/bye")
            .build();
    assertEquals(Duration.ofMillis(300), config.timeout());
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> MoonKeyConfig.builder().secretKey(SECRET).redirect("//evil").build());
    assertTrue(e.getMessage().startsWith("moonkey.redirect: expected"), e.getMessage());
  }

  @Test
  void envNameUpperCasesAndReplacesSeparators() {
    assertEquals("MOONKEY_API_URL", ConfigKeys.envName("api-url"));
    assertEquals("MOONKEY_A_B", ConfigKeys.envName("a.b"));
  }
}
