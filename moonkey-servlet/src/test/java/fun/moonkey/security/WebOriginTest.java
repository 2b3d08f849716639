package fun.moonkey.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebOriginTest {

  @ParameterizedTest
  @CsvSource({
    "https://example.com, https://example.com",
    "HTTPS://Example.COM:443, https://example.com",
    "https://example.com/, https://example.com",
    "http://example.com:80, http://example.com",
    "http://127.0.0.1:8080, http://127.0.0.1:8080",
    "https://bücher.example, https://xn--bcher-kva.example",
    "https://example.com., https://example.com",
    "'http://[::1]:8080', 'http://[::1]:8080'"
  })
  void parsesAndNormalisesOrigins(String text, String expected) {
    assertEquals(expected, WebOrigin.parse(text).orElseThrow().toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "null",
        "",
        "example.com",
        "ftp://example.com",
        "https://",
        "https://exa mple.com",
        "https://example.com:0",
        "https://example.com:65536",
        "https://example.com:8o",
        "https://user@example.com",
        "https://example.com/path",
        "https://[::1",
        "https://ex%61mple.com"
      })
  void refusesWhatIsNotAnOrigin(String text) {
    assertEquals(Optional.empty(), WebOrigin.parse(text), text);
  }

  @ParameterizedTest
  @CsvSource({"example.com:8443, 8443", "example.com, 443", "[::1], 443"})
  void ownOriginFromAHostHeaderMakesTheDefaultPortExplicit(String host, int port) {
    assertEquals(port, WebOrigin.of("https", host).orElseThrow().port());
  }

  @ParameterizedTest
  @CsvSource({"https://example.com, https://EXAMPLE.com:443", "http://a.b:80, http://A.B"})
  void equalityIsExactAfterNormalisation(String a, String b) {
    assertEquals(WebOrigin.parse(a), WebOrigin.parse(b));
    assertTrue(WebOrigin.parse(a).isPresent());
  }

  static Stream<String> hosts() {
    String label63 = "x".repeat(63);
    return Stream.of(
        "shop.example",
        "SHOP.Example",
        "localhost",
        "127.0.0.1",
        "a.",
        "a.b.",
        ".",
        ".a",
        "a..b",
        "a..",
        "..",
        label63 + ".example",
        label63 + "x.example",
        "example." + label63 + "x",
        "xn--bcher-kva.example",
        "-a-.example",
        "a_b.example",
        "exa mple.com",
        "b\u00fccher.example",
        "B\u00dcCHER.example",
        "\u4f8b\u3048.\u30c6\u30b9\u30c8",
        "a\u3002b",
        "xn--\u00fc.example",
        "\u00fc".repeat(70) + ".example");
  }

  /** Normalises as the library did by calling IDN for every host, ASCII or not. */
  private static Optional<String> throughIdn(String raw) {
    String ascii;
    try {
      ascii = IDN.toASCII(raw, IDN.ALLOW_UNASSIGNED);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    ascii = ascii.toLowerCase(Locale.ROOT);
    if (ascii.endsWith(".")) {
      ascii = ascii.substring(0, ascii.length() - 1);
    }
    boolean hostChars =
        ascii
            .chars()
            .allMatch(
                c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.');
    if (ascii.isEmpty() || !hostChars) {
      return Optional.empty();
    }
    return Optional.of(ascii);
  }

  @ParameterizedTest
  @MethodSource("hosts")
  void hostsNormaliseAsIdnDoesWhetherAsciiOrNot(String host) {
    assertEquals(throughIdn(host), WebOrigin.normaliseHost(host), host);
  }
}
