package fun.moonkey.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseModeTest {

  @ParameterizedTest(name = "Accept: {0} / X-Requested-With: {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      value = {
        "null|null|REDIRECT",
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8|null|REDIRECT",
        "application/json|null|JSON",
        "application/json, text/plain, */*|null|JSON",
        "text/html;q=0.5, application/json|null|JSON",
        "text/html, application/json;q=0.9|null|REDIRECT",
        "*/*|null|REDIRECT",
        "application/problem+json|null|JSON",
        "application/json;q=abc|null|REDIRECT",
        "null|XMLHttpRequest|JSON",
        "text/html|xmlhttprequest|JSON",
      })
  void negotiates(String accept, String requestedWith, ResponseMode expected) {
    assertEquals(expected, ResponseMode.of(accept, requestedWith));
  }
}
