package fun.moonkey.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CommandLineTest {

  @Test
  void defaultsArePort8090AndTheDefaultKey() {
    assertEquals(
        new CommandLine(8090, MoonKeyEmulator.DEFAULT_SECRET_KEY, false, false),
        CommandLine.parse());
  }

  @Test
  void parsesSeparateAndInlineValues() {
    assertEquals(
        new CommandLine(9000, "sk_test_x", true, false),
        CommandLine.parse("--port", "9000", "--secret-key", "sk_test_x", "--https"));
    assertEquals(
        new CommandLine(0, "sk_test_y", false, false),
        CommandLine.parse("--port=0", "--secret-key=sk_test_y"));
  }

  @Test
  void helpWins() {
    assertEquals(true, CommandLine.parse("--port", "1", "--help").help());
    assertEquals(true, CommandLine.parse("-h").help());
  }

  @Test
  void badArgumentsAreNamed() {
    assertEquals(
        "--port: expected a number from 0 to 65535, got 'abc'",
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--port", "abc"))
            .getMessage());
    assertEquals(
        "--port: expected a number from 0 to 65535, got '70000'",
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--port=70000"))
            .getMessage());
    assertEquals(
        "--port: expected a value after it",
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--port"))
            .getMessage());
    assertEquals(
        "--secret-key: expected a non-blank key",
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--secret-key="))
            .getMessage());
    assertEquals(
        "Unknown argument '--prot'",
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--prot", "1"))
            .getMessage());
  }
}
