package fun.moonkey.sample.dev;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The calls MoonKey's API received in the demo, with MoonKey's answers: one console line each
 * ({@code MoonKey received DELETE /v1/auth/sessions/delete session_id#1a2b3c4d -> 200}) and the
 * most recent ones kept for the pages' "What MoonKey received" panel.
 *
 * <p>Fed by the emulator's {@code printRequests} hook, which hands over one summary line per
 * request with its status and the credential only as a short hash (the library's own hash, so that
 * these lines match its log lines); no token ever reaches this class. The emulator's own helper
 * endpoints ({@code /_emulator/…}: the demo sign-in, the journal) are not MoonKey's API and are
 * left out. Thread-safe: lines come from the emulator's request threads.
 */
final class ReceivedCalls implements Consumer<String> {

  /** How many calls the panel can show. */
  static final int KEPT = 20;

  /** The console line's prefix. */
  static final String PREFIX = "MoonKey received ";

  /** {@code METHOD /v1/… [credential] -> STATUS}, as the emulator's summary line has it. */
  private static final Pattern LINE = Pattern.compile("(\\S+ (/\\S*)(?: \\S+)?) -> (\\d{3})");

  private final PrintStream console;
  private final Clock clock;
  private final Deque<Call> recent = new ArrayDeque<>();

  /**
   * @param console where the lines go, standard output for the demo
   * @param clock when each call was received, as the panel shows it
   */
  ReceivedCalls(PrintStream console, Clock clock) {
    this.console = Objects.requireNonNull(console, "console");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Takes one summary line from the emulator. */
  @Override
  public void accept(String summary) {
    Matcher line = LINE.matcher(summary);
    if (!line.matches() || !line.group(2).startsWith("/v1/")) {
      return;
    }
    Call call = new Call(clock.instant(), line.group(1), Integer.parseInt(line.group(3)));
    synchronized (recent) {
      recent.addLast(call);
      if (recent.size() > KEPT) {
        recent.removeFirst();
      }
    }
    console.println(call);
  }

  /** The last {@value #KEPT} calls, oldest first. */
  List<Call> recent() {
    synchronized (recent) {
      return new ArrayList<>(recent);
    }
  }

  /**
   * One call MoonKey received.
   *
   * @param at when the emulator handled it
   * @param request method, path and the credential's short hash, e.g. {@code DELETE
   *     /v1/auth/sessions/delete session_id#1a2b3c4d}
   * @param status MoonKey's answer
   */
  record Call(Instant at, String request, int status) {

    /** The console line. */
    @Override
    public String toString() {
      return PREFIX + request + " -> " + status;
    }
  }
}
