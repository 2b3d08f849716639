package fun.moonkey.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LogSafeTest {

  static Stream<Arguments> values() {
    return Stream.of(
        Arguments.of("plain", "plain"),
        Arguments.of("a\rb\nc", "a\\u000db\\u000ac"),
        Arguments.of("a\u0000b\u007f", "a\\u0000b\\u007f"),
        Arguments.of("a\u2028b\u2029", "a\\u2028b\\u2029"),
        Arguments.of("\u202eevil\u2066", "\\u202eevil\\u2066"),
        Arguments.of("ok \"quoted\" \\ back", "ok \"quoted\" \\ back"),
        Arguments.of("emoji \ud83d\ude00", "emoji \\ud83d\\ude00"));
  }

  @ParameterizedTest
  @MethodSource("values")
  void escapesWhatCouldForgeOrHideALogLine(String in, String out) {
    assertEquals(out, LogSafe.escape(in));
  }

  @Test
  void cutsLongValuesAndNamesNull() {
    assertEquals("x".repeat(200) + "…", LogSafe.escape("x".repeat(5000)));
    assertEquals("(none)", LogSafe.escape(null));
  }
}
