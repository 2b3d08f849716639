package fun.moonkey.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BrowserUrlTest {

  private static final WebOrigin HTTPS_BASE = new WebOrigin("https", "shop.example", 443);

  /** Input, then the absolute URL a browser would go to, or null when refused here. */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("/a/b?c#d", "https://shop.example/a/b?c#d"),
        Arguments.of("https://shop.example", "https://shop.example/"),
        Arguments.of("https:/x", "https://shop.example/x"),
        Arguments.of("https:x", null),
        Arguments.of("http:x", "http://x/"),
        Arguments.of("http:\\\\x/y", "http://x/y"),
        Arguments.of("//x", "https://x/"),
        Arguments.of("/\\x", "https://x/"),
        Arguments.of("\\\\x", "https://x/"),
        Arguments.of("/\t/x", "https://x/"),
        Arguments.of("\u0000 //x", "https://x/"),
        Arguments.of("/x?a\\b", "https://shop.example/x?a\\b"),
        Arguments.of("https://a@x", null),
        Arguments.of("https://x:99999", null),
        Arguments.of("https://x%", null),
        Arguments.of("https://%78", "https://x/"),
        Arguments.of("HTTPS://X.EXAMPLE/P", "https://x.example/P"),
        Arguments.of("javascript:alert(1)", null),
        Arguments.of("mailto:a@x", null),
        Arguments.of("x", null),
        Arguments.of("?q", null),
        Arguments.of("#f", null),
        Arguments.of("/ä b\"<>`", "https://shop.example/%C3%A4%20b%22%3C%3E%60"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void readsUrlsAsABrowserDoes(String input, String expected) {
    assertEquals(
        Optional.ofNullable(expected),
        BrowserUrl.parse(input, HTTPS_BASE).map(BrowserUrl.Target::absolute));
  }
}
