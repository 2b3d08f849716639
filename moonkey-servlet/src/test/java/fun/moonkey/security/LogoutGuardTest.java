package fun.moonkey.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogoutGuardTest {

  private static final LogoutGuard GUARD =
      new LogoutGuard(
          Set.of("POST", "GET"),
          new ForwardedProto(List.of(NetworkRange.parse("10.0.0.0/8").orElseThrow())),
          new CsrfPolicy(Set.of(WebOrigin.parse("https://spa.example").orElseThrow()), false));

  static RequestFacts facts(String method, String remote, String... headers) {
    Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    map.put("Host", "shop.example");
    for (int i = 0; i < headers.length; i += 2) {
      map.put(headers[i], headers[i + 1]);
    }
    return new RequestFacts(method, "http", false, "shop.example", 80, remote, map::get);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Sec-Purpose|prefetch|PREFETCH",
        "Sec-Purpose|prefetch;prerender|PREFETCH",
        "Sec-Purpose|Prefetch; anonymous-client-ip|PREFETCH",
        "Sec-Purpose|prerender|LOGOUT",
        "Purpose|prefetch|PREFETCH",
        "X-Moz|prefetch|PREFETCH",
        "Purpose|preview|LOGOUT"
      })
  void speculativeLoadsNeverLogOut(String header, String value, LogoutGuard.Outcome outcome) {
    assertEquals(outcome, GUARD.check(facts("GET", "192.0.2.1", header, value)).outcome());
  }

  @Test
  void methodIsCheckedFirstAndNamesTheAllowedOnes() {
    LogoutGuard.Check check =
        GUARD.check(facts("DELETE", "192.0.2.1", "Sec-Fetch-Site", "cross-site"));
    assertEquals(LogoutGuard.Outcome.METHOD_NOT_ALLOWED, check.outcome());
    assertEquals(Map.of("Allow", "GET, POST"), check.headers());
  }

  @Test
  void preflightFromAnAllowedOriginGetsTheCorsHeaders() {
    LogoutGuard.Check check =
        GUARD.check(
            facts(
                "OPTIONS",
                "192.0.2.1",
                "Origin",
                "https://SPA.example",
                "Access-Control-Request-Method",
                "POST"));
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("Access-Control-Allow-Origin", "https://spa.example");
    expected.put("Access-Control-Allow-Credentials", "true");
    expected.put("Vary", "Origin");
    expected.put("Access-Control-Allow-Methods", "GET, POST");
    expected.put("Access-Control-Allow-Headers", "accept, content-type, x-requested-with");
    expected.put("Access-Control-Max-Age", "600");
    assertEquals(LogoutGuard.Outcome.PREFLIGHT, check.outcome());
    assertEquals(List.copyOf(expected.entrySet()), List.copyOf(check.headers().entrySet()));
  }

  @Test
  void crossSiteIsRefusedAndSecurityFollowsTrustedProxiesOnly() {
    LogoutGuard.Check refused =
        GUARD.check(facts("POST", "10.1.1.1", "Origin", "https://evil.example"));
    assertEquals(LogoutGuard.Outcome.CROSS_SITE, refused.outcome());
    LogoutGuard.Check proxied =
        GUARD.check(
            facts(
                "POST",
                "10.1.1.1",
                "X-Forwarded-Proto",
                "https",
                "Origin",
                "https://shop.example"));
    assertEquals(LogoutGuard.Outcome.LOGOUT, proxied.outcome());
    assertEquals(true, proxied.secure());
    assertEquals(WebOrigin.parse("https://shop.example"), proxied.origin());
    LogoutGuard.Check direct =
        GUARD.check(facts("POST", "192.0.2.1", "X-Forwarded-Proto", "https"));
    assertEquals(false, direct.secure());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "b\u00fccher.example|http://xn--bcher-kva.example|LOGOUT",
        "xn--bcher-kva.example|http://B\u00dcCHER.example|LOGOUT",
        "b\u00fccher.example:8080|http://b\u00fccher.example:8080|LOGOUT",
        "b\u00fccher.example|http://bucher.example|CROSS_SITE",
        "b\u00fccher.example|https://xn--bcher-kva.example|CROSS_SITE"
      })
  void internationalisedHostsCompareByTheirAsciiForm(
      String host, String origin, LogoutGuard.Outcome outcome) {
    assertEquals(
        outcome, GUARD.check(facts("POST", "192.0.2.1", "Host", host, "Origin", origin)).outcome());
  }

  @Test
  void anAllowListedInternationalisedOriginGetsItsAsciiFormEchoed() {
    LogoutGuard guard =
        new LogoutGuard(
            Set.of("POST"),
            new ForwardedProto(List.of()),
            new CsrfPolicy(
                Set.of(WebOrigin.parse("https://b\u00fccher.example").orElseThrow()), false));
    LogoutGuard.Check check =
        guard.check(
            facts(
                "POST",
                "192.0.2.1",
                "Sec-Fetch-Site",
                "cross-site",
                "Origin",
                "https://B\u00fccher.example"));
    assertEquals(LogoutGuard.Outcome.LOGOUT, check.outcome());
    assertEquals(
        "https://xn--bcher-kva.example", check.headers().get("Access-Control-Allow-Origin"));
  }
}
