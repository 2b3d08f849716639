package fun.moonkey.benchmarks;

import fun.moonkey.servlet.LogoutFilter;
import jakarta.servlet.http.HttpServlet;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The server under test of sections 2 and 3 in a JVM of its own: embedded Jetty (context {@code
 * /app}, a bounded pool) serving logouts at {@code /app/logout}.
 *
 * <p>Arguments: the mode, the MoonKey API URL, the Jetty pool size, and for {@code filter} the
 * filter's {@code max-concurrency}. Modes:
 *
 * <ul>
 *   <li>{@code filter}: {@link LogoutFilter} in async mode (section 2);
 *   <li>{@code naive}: {@link NaiveLogoutServlet} (section 2);
 *   <li>{@code ours}, {@code ours-credential}, {@code spring}: section 3's local work, our filter
 *       (without and with a MoonKey token in the session) or Spring Security's, beside {@code GET
 *       /app/signin} and {@code GET /app/session} ({@link LocalWorkServlets}).
 * </ul>
 *
 * <p>The secret key comes from the environment variable {@code MOONKEY_SECRET_KEY}, where the
 * filter itself reads it. Prints {@code server <logout URI>} once listening. Answers the command
 * {@code stats} on its standard input with {@code stats threadsStarted=N}, the threads this JVM has
 * started so far ({@link ThreadMXBean#getTotalStartedThreadCount()}); stops when its standard input
 * closes.
 */
public final class ServerMain {

  static final String READY = "server ";
  static final String STATS = "stats ";

  private ServerMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3 || args[0].equals("filter") && args.length != 4) {
      System.err.println(
          "Usage: ServerMain filter <api-url> <threads> <max-concurrency>"
              + " | (naive|ours|ours-credential|spring) <api-url> <threads>");
      System.exit(2);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    String apiUrl = args[1];
    BenchServer server = new BenchServer(Integer.parseInt(args[2]));
    Map<String, String> ours = Map.of("api-url", apiUrl, "logout-path", "/logout");
    LocalWorkServlets.EndedSessions sessions = new LocalWorkServlets.EndedSessions();
    switch (args[0]) {
      case "filter" ->
          server
              .filter(
                  LogoutFilter.class,
                  Map.of("api-url", apiUrl, "logout-path", "/logout", "max-concurrency", args[3]),
                  true)
              .servlet(new HttpServlet() {}, "/*", true);
      case "naive" ->
          server.servlet(
              new NaiveLogoutServlet(URI.create(apiUrl), System.getenv("MOONKEY_SECRET_KEY")),
              "/logout",
              false);
      case "ours", "ours-credential" ->
          localWork(
              server.filter(LogoutFilter.class, ours, true),
              args[0].endsWith("credential"),
              sessions);
      case "spring" ->
          localWork(server.filter(LocalWorkServlets.springLogoutFilter(), true), false, sessions);
      default -> {
        System.err.println(
            "Unknown server '"
                + args[0]
                + "': expected filter, naive, ours, ours-credential or spring");
        System.exit(2);
      }
    }
    try (server) {
      server.start();
      System.out.println(READY + server.uri("/logout"));
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.strip().equals("stats")) {
          System.out.println(
              STATS
                  + "threadsStarted="
                  + threads.getTotalStartedThreadCount()
                  + " sessionsEnded="
                  + sessions.ended());
        } else {
          System.out.println("unknown command: " + line);
        }
      }
    }
  }

  private static void localWork(
      BenchServer server, boolean withCredential, LocalWorkServlets.EndedSessions sessions) {
    server
        .listener(sessions)
        .servlet(new LocalWorkServlets.SignIn(withCredential), "/signin", true)
        .servlet(new LocalWorkServlets.SessionCheck(), "/session", true)
        .servlet(new HttpServlet() {}, "/*", true);
  }
}
