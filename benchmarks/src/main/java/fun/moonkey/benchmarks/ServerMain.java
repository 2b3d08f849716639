package fun.moonkey.benchmarks;

import fun.moonkey.servlet.LogoutFilter;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;

/**
 * The server under test of the wrk benchmark in a JVM of its own: embedded Jetty (context {@code
 * /app}, a bounded pool) serving logouts at {@code /app/logout}, either through {@link
 * LogoutFilter} in async mode or through {@link NaiveLogoutServlet}.
 *
 * <p>Arguments: {@code filter} or {@code naive}, the MoonKey API URL, the Jetty pool size, and for
 * {@code filter} the filter's {@code max-concurrency}. The secret key comes from the environment
 * variable {@code MOONKEY_SECRET_KEY}, where the filter itself reads it. Prints {@code server
 * <logout URI>} once listening; stops when its standard input closes.
 */
public final class ServerMain {

  static final String READY = "server ";

  private ServerMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3 || args[0].equals("filter") && args.length != 4) {
      System.err.println(
          "Usage: ServerMain filter <api-url> <threads> <max-concurrency>"
              + " | naive <api-url> <threads>");
      System.exit(2);
    }
    String apiUrl = args[1];
    BenchServer server = new BenchServer(Integer.parseInt(args[2]));
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
      default -> {
        System.err.println("Unknown server '" + args[0] + "': expected filter or naive");
        System.exit(2);
      }
    }
    try (server) {
      server.start();
      System.out.println(READY + server.uri("/logout"));
      awaitEndOf(System.in);
    }
  }

  private static void awaitEndOf(InputStream in) throws IOException {
    while (in.read() != -1) {
      // nothing is expected on standard input; its end is the signal to stop
    }
  }
}
