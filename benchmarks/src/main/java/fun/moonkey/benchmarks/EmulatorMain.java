package fun.moonkey.benchmarks;

import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The MoonKey emulator in a JVM of its own, for the wrk benchmark, steered by commands on standard
 * input, one per line, each answered by one line on standard output:
 *
 * <ul>
 *   <li>{@code stateful}: the emulator's real API answers (sessions are revoked, verify tells);
 *   <li>{@code latency N}: every {@code /v1/} request gets 200 {@code {"message":"Successfully
 *       deleted session"}} after N ms, whatever the credential (the load phase);
 *   <li>{@code reset}: forgets the requests and connections recorded so far, keeping the mode;
 *   <li>{@code stats}: {@code stats deletes=N connections=N threadsStarted=N}: deletions and
 *       connections since the last reset, threads this JVM started since it began.
 * </ul>
 *
 * <p>Arguments: the secret key. Prints {@code emulator <base URI>} once listening; exits when its
 * standard input closes.
 */
public final class EmulatorMain {

  static final String READY = "emulator ";
  static final String OK = "ok";
  static final String STATS = "stats ";
  static final String DELETE_PATH = "/v1/auth/sessions/delete";
  private static final String DELETED = "{\"message\":\"Successfully deleted session\"}";

  private EmulatorMain() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("Usage: EmulatorMain <secret key>");
      System.exit(2);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Reply mode = null;
    try (MoonKeyEmulator moonKey = MoonKeyEmulator.builder().secretKey(args[0]).build();
        BufferedReader in =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      System.out.println(READY + moonKey.baseUri());
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] words = line.trim().split(" +");
        switch (words[0]) {
          case "stateful" -> {
            mode = null;
            moonKey.setDefaultReply(null);
            System.out.println(OK);
          }
          case "latency" -> {
            mode = Reply.json(200, DELETED).withDelay(Duration.ofMillis(Long.parseLong(words[1])));
            moonKey.setDefaultReply(mode);
            System.out.println(OK);
          }
          case "reset" -> {
            // reset() also drops the default reply.
            moonKey.reset();
            moonKey.setDefaultReply(mode);
            System.out.println(OK);
          }
          case "stats" ->
              System.out.println(
                  STATS
                      + "deletes="
                      + moonKey.requestCount(DELETE_PATH)
                      + " connections="
                      + moonKey.connectionCount()
                      + " threadsStarted="
                      + threads.getTotalStartedThreadCount());
          default -> System.out.println("unknown command: " + line);
        }
      }
    }
  }
}
