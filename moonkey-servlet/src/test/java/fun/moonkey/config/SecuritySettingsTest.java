package fun.moonkey.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.security.WebOrigin;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecuritySettingsTest {

  private static MoonKeyConfig parse(Map<String, String> values) {
    Map<String, String> all = new HashMap<>(values);
    all.putIfAbsent(ConfigKeys.SECRET_KEY, "sk_test_0123456789abcdef");
    return MoonKeyConfig.from(ConfigSource.of(all));
  }

  private static String error(String key, String value) {
    return assertThrows(ConfigException.class, () -> parse(Map.of(key, value))).getMessage();
  }

  @Test
  void defaultsAreClosed() {
    SecuritySettings security = parse(Map.of()).security();
    assertEquals(SecuritySettings.DEFAULTS, security);
    assertTrue(security.returnTo().isEmpty());
  }

  @Test
  void everyKeyParses() {
    SecuritySettings security =
        parse(
                Map.of(
                    "allowed-origins", "https://SPA.example:443, http://localhost:3000/",
                    "allow-same-site", "true",
                    "trusted-proxies", "10.0.0.0/8, ::1",
                    "return-to-parameter", "returnTo",
                    "return-to-origins", "https://partner.example",
                    "clear-site-data", "\"cookies\", storage"))
            .security();
    assertEquals(
        Set.of(
            new WebOrigin("https", "spa.example", 443), new WebOrigin("http", "localhost", 3000)),
        security.allowedOrigins());
    assertTrue(security.allowSameSite());
    assertEquals("[10.0.0.0/8, ::1]", security.trustedProxies().toString());
    assertEquals("returnTo", security.returnToParameter());
    assertEquals(
        Set.of(new WebOrigin("https", "partner.example", 443)), security.returnToOrigins());
    assertEquals(List.of("cookies", "storage"), security.clearSiteData());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "allowed-origins|https://spa.example/app|comma-separated origins like"
            + " https://app.example.com",
        "allowed-origins|null|comma-separated origins like https://app.example.com",
        "allowed-origins|ftp://spa.example|comma-separated origins like https://app.example.com",
        "return-to-origins|https://user@partner.example|comma-separated origins like"
            + " https://app.example.com",
        "allow-same-site|ture|true or false",
        "trusted-proxies|proxy.internal|comma-separated IP addresses or CIDR blocks like"
            + " 10.0.0.0/8 or ::1",
        "trusted-proxies|10.0.0.0/33|comma-separated IP addresses or CIDR blocks like"
            + " 10.0.0.0/8 or ::1",
        "clear-site-data|cookie|comma-separated Clear-Site-Data directives from cache, cookies,"
            + " storage, executionContexts, clientHints, prefetchCache, prerenderCache, *",
        "return-to-parameter|return to|a non-empty attribute name without spaces"
      })
  void badValuesStopStartUpNamingKeyValueAndExpectation(String key, String value, String expected) {
    assertEquals(
        "moonkey."
            + key
            + ": expected "
            + expected
            + ", got '"
            // What comes before an '@' may be a password: never shown.
            + value.replace("user@", "****@")
            + "' (from setting '"
            + key
            + "')",
        error(key, value));
  }

  @ParameterizedTest
  @CsvSource({"javascript:alert(1)", "data:text/html,x", "//evil.example", "/\\evil.example"})
  void configuredRedirectRefusesUnsafeTargets(String target) {
    assertTrue(error("redirect", target).startsWith("moonkey.redirect: expected"));
  }

  @Test
  void startUpLineShowsTheSecurityKeys() {
    String shown = parse(Map.of("trusted-proxies", "127.0.0.1")).toString();
    assertTrue(shown.contains("trusted-proxies=127.0.0.1"), shown);
    assertTrue(shown.contains("return-to-parameter=(off)"), shown);
    assertFalse(shown.contains("0123456789abcdef"), shown);
  }
}
