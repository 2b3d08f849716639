package fun.moonkey.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForwardedProtoTest {

  private static final ForwardedProto TRUSTING_LOOPBACK =
      new ForwardedProto(List.of(NetworkRange.parse("127.0.0.0/8").orElseThrow()));

  static RequestFacts facts(String remote, boolean secure, String... headers) {
    Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < headers.length; i += 2) {
      map.put(headers[i], headers[i + 1]);
    }
    return new RequestFacts(
        "POST", secure ? "https" : "http", secure, "app.internal", 8080, remote, map::get);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "127.0.0.1|X-Forwarded-Proto|https|https",
        "127.0.0.1|X-Forwarded-Proto|HTTPS|https",
        "127.0.0.1|X-Forwarded-Proto|https, http|http",
        "127.0.0.1|X-Forwarded-Proto|http, https|https",
        "127.0.0.1|X-Forwarded-Proto|wss|http",
        "127.0.0.1|Forwarded|for=192.0.2.60;proto=https;by=203.0.113.43|https",
        "127.0.0.1|Forwarded|proto=\"https\"|https",
        "127.0.0.1|Forwarded|proto=https, for=10.1.1.1;proto=http|http",
        "127.0.0.1|Forwarded|for=10.1.1.1|http",
        "10.1.2.3|X-Forwarded-Proto|https|http",
        "10.1.2.3|Forwarded|proto=https|http"
      })
  void believesForwardingHeadersOnlyFromTrustedProxies(
      String remote, String header, String value, String scheme) {
    assertEquals(scheme, TRUSTING_LOOPBACK.scheme(facts(remote, false, header, value)));
  }

  @Test
  void forwardedWinsOverXForwardedProto() {
    assertEquals(
        "http",
        TRUSTING_LOOPBACK.scheme(
            facts("127.0.0.1", false, "Forwarded", "proto=http", "X-Forwarded-Proto", "https")));
  }

  @Test
  void withoutTrustedProxiesTheContainerDecides() {
    ForwardedProto none = new ForwardedProto(List.of());
    assertEquals(false, none.isSecure(facts("127.0.0.1", false, "X-Forwarded-Proto", "https")));
    assertEquals(true, none.isSecure(facts("127.0.0.1", true, "X-Forwarded-Proto", "http")));
  }

  @Test
  void ownOriginComesFromTheHostHeaderAndTheEffectiveScheme() {
    assertEquals(
        Optional.of(new WebOrigin("https", "shop.example", 443)),
        TRUSTING_LOOPBACK.origin(
            facts("127.0.0.1", false, "Host", "Shop.Example", "X-Forwarded-Proto", "https")));
    assertEquals(
        Optional.of(new WebOrigin("http", "app.internal", 8080)),
        TRUSTING_LOOPBACK.origin(facts("127.0.0.1", false)));
    assertEquals(
        Optional.empty(),
        TRUSTING_LOOPBACK.origin(
            facts("127.0.0.1", false, "Host", "bad host".toUpperCase(Locale.ROOT))));
  }
}
