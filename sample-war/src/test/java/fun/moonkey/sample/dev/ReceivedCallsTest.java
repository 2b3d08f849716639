package fun.moonkey.sample.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReceivedCallsTest {

  private static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ReceivedCalls calls =
      new ReceivedCalls(
          new PrintStream(out, true, StandardCharsets.UTF_8), Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void acceptWhenMoonKeysApiWasCalledThenOneConsoleLineAndOneCall() {
    calls.accept("DELETE /v1/auth/sessions/delete session_id#1a2b3c4d -> 200");
    calls.accept("GET /v1/auth/sessions/list -> 200");

    assertEquals(
        "MoonKey received DELETE /v1/auth/sessions/delete session_id#1a2b3c4d -> 200\n"
            + "MoonKey received GET /v1/auth/sessions/list -> 200\n",
        console());
    assertEquals(
        List.of(
            new ReceivedCalls.Call(NOW, "DELETE /v1/auth/sessions/delete session_id#1a2b3c4d", 200),
            new ReceivedCalls.Call(NOW, "GET /v1/auth/sessions/list", 200)),
        calls.recent());
  }

  @Test
  void acceptWhenTheEmulatorsOwnHelperWasCalledThenNothing() {
    calls.accept("POST /_emulator/sessions -> 200");
    calls.accept("GET /_emulator/requests -> 200");
    calls.accept("not a summary line");

    assertEquals("", console());
    assertEquals(List.of(), calls.recent());
  }

  @Test
  void recentWhenMoreThanKeptThenTheLatest() {
    IntStream.range(0, ReceivedCalls.KEPT + 5)
        .forEach(i -> calls.accept("DELETE /v1/auth/sessions/delete session_id#" + i + " -> 404"));

    List<ReceivedCalls.Call> recent = calls.recent();
    assertEquals(ReceivedCalls.KEPT, recent.size());
    assertEquals("DELETE /v1/auth/sessions/delete session_id#5", recent.get(0).request());
    assertEquals(404, recent.get(0).status());
  }

  private String console() {
    return out.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
  }
}
