package fun.moonkey.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
}
