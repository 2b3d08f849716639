package fun.moonkey.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CsrfPolicyTest {

  private static final Optional<WebOrigin> OWN = WebOrigin.parse("https://shop.example");
  private static final CsrfPolicy POLICY =
      new CsrfPolicy(Set.of(WebOrigin.parse("https://spa.example").orElseThrow()), false);

  static RequestFacts facts(String... headers) {
    Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < headers.length; i += 2) {
      map.put(headers[i], headers[i + 1]);
    }
    return new RequestFacts("POST", "https", true, "shop.example", 443, "192.0.2.1", map::get);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(new String[] {}, true, "no Sec-Fetch-Site, Origin or Referer: not a browser"),
        Arguments.of(
            new String[] {"Sec-Fetch-Site", "same-origin"}, true, "Sec-Fetch-Site: same-origin"),
        Arguments.of(new String[] {"Sec-Fetch-Site", "None"}, true, "Sec-Fetch-Site: none"),
        Arguments.of(
            new String[] {"Sec-Fetch-Site", "same-site", "Origin", "https://blog.shop.example"},
            false,
            "Sec-Fetch-Site: same-site, Origin https://blog.shop.example not allowed"),
        Arguments.of(
            new String[] {"Sec-Fetch-Site", "cross-site", "Origin", "https://spa.example"},
            true,
            "Sec-Fetch-Site: cross-site from an allowed origin"),
        Arguments.of(
            new String[] {"Sec-Fetch-Site", "bogus"}, false, "Sec-Fetch-Site: unknown value bogus"),
        Arguments.of(
            new String[] {"Sec-Fetch-Site", "same-origin", "Origin", "https://evil.example"},
            true,
            "Sec-Fetch-Site: same-origin"),
        Arguments.of(
            new String[] {"Origin", "https://SHOP.example:443"},
            true,
            "Origin https://shop.example"),
        Arguments.of(new String[] {"Origin", "null"}, false, "Origin null is not this site's"),
        Arguments.of(
            new String[] {"Origin", "http://shop.example"},
            false,
            "Origin http://shop.example is not this site's"),
        Arguments.of(
            new String[] {"Origin", "https://shop.example", "Referer", "https://evil.example/"},
            true,
            "Origin https://shop.example"),
        Arguments.of(
            new String[] {"Referer", "https://shop.example/cart"},
            true,
            "Referer from https://shop.example"),
        Arguments.of(
            new String[] {"Referer", "https://shop.example.evil.example/"},
            false,
            "Referer https://shop.example.evil.example/ is not this site's"),
        Arguments.of(
            new String[] {"Referer", "/relative"}, false, "Referer /relative is not this site's"),
        Arguments.of(
            new String[] {"Referer", "https://evil.example/\r\nforged"},
            false,
            "Referer https://evil.example/\\u000d\\u000aforged is not this site's"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void decidesInTheOrderFetchMetadataOriginReferer(
      String[] headers, boolean allowed, String reason) {
    assertEquals(new CsrfPolicy.Verdict(allowed, reason), POLICY.check(facts(headers), OWN));
  }

  @Test
  void sameSiteMayBeAllowedByConfiguration() {
    CsrfPolicy sameSite = new CsrfPolicy(Set.of(), true);
    assertEquals(
        new CsrfPolicy.Verdict(true, "Sec-Fetch-Site: same-site, allowed by configuration"),
        sameSite.check(facts("Sec-Fetch-Site", "same-site"), OWN));
    assertEquals(false, sameSite.check(facts("Sec-Fetch-Site", "cross-site"), OWN).allowed());
  }

  @Test
  void unknownOwnOriginPassesOnlyFetchMetadataOrAllowList() {
    assertEquals(
        false, POLICY.check(facts("Origin", "https://shop.example"), Optional.empty()).allowed());
    assertEquals(
        true, POLICY.check(facts("Origin", "https://spa.example"), Optional.empty()).allowed());
  }
}
