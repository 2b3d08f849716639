package fun.moonkey.benchmarks;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The local part of a logout (lookup, invalidate, expire cookies, redirect) against Spring
 * Security's {@code LogoutFilter} configured to do the same, each in a server JVM of its own (Jetty
 * 12, {@link ServerMain}) driven by wrk from outside with {@code localwork.lua}: every logout
 * follows its own sign-in, which both contenders pay alike.
 *
 * <p>Each contender gets a server JVM of its own for the whole section (ours also an emulator,
 * which answers at once), checked with a {@link LocalWorkProbe} and warmed up until the JIT is
 * quiet ({@link Meter}); then the contenders are measured in pairs of runs, in alternating order
 * ({@link Contestant#measureAll}), each run at every number of connections. Ours with a MoonKey
 * credential adds the DELETE.
 *
 * @param concurrencies wrk's numbers of connections, one measured run each per contender and pair
 * @param containerThreads Jetty's request threads
 */
record LocalWorkBenchmark(List<Integer> concurrencies, int containerThreads) {

  /** The contenders, in the order of the report. */
  enum Contender {
    OURS(
        "moonkey LogoutFilter (no MoonKey credential: local work only)",
        "moonkey LogoutFilter, local work only",
        "ours"),
    SPRING(
        "Spring Security LogoutFilter (invalidate, clear the same cookies, redirect)",
        "Spring Security LogoutFilter",
        "spring"),
    OURS_WITH_CREDENTIAL(
        "moonkey LogoutFilter with a credential, MoonKey latency 0 (adds the DELETE)",
        "moonkey LogoutFilter with the DELETE (latency 0)",
        "ours-credential");

    /** The name in the report's table. */
    final String label;

    /** The shorter name in the charts' legends. */
    final String legend;

    /** The {@link ServerMain} mode. */
    final String mode;

    Contender(String label, String legend, String mode) {
      this.label = label;
      this.legend = legend;
      this.mode = mode;
    }
  }

  static final String SIGN_IN_PATH = "/app/signin";
  private static final String SECRET_KEY = "sk_test_bench";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  /** Copies the list. */
  LocalWorkBenchmark {
    concurrencies = List.copyOf(concurrencies);
  }

  List<Run<Contender>> run(Meter meter, Path workDir) throws Exception {
    List<Contestant<Contender>> contestants = new ArrayList<>();
    try {
      for (Contender contender : Contender.values()) {
        contestants.add(start(contender, workDir));
      }
      return Contestant.measureAll(meter, contestants, concurrencies);
    } finally {
      contestants.forEach(Contestant::close);
    }
  }

  /**
   * Starts the contender's server (and, for ours, an emulator that answers at once), and checks one
   * logout end to end with a {@link LocalWorkProbe}.
   */
  private Contestant<Contender> start(Contender contender, Path workDir) throws Exception {
    String name = "local-" + contender.mode;
    ChildJvm emulator =
        contender == Contender.SPRING
            ? null
            : ChildJvm.start(
                "emulator-" + name,
                List.of(
                    "-Dsun.net.httpserver.maxIdleConnections=4096",
                    "-XX:-UseDynamicNumberOfCompilerThreads"),
                Map.of(),
                EmulatorMain.class,
                List.of(SECRET_KEY),
                workDir);
    ChildJvm server = null;
    try {
      // Spring's filter never calls MoonKey: its URL is never dialled.
      String apiUrl = "http://127.0.0.1:9";
      if (emulator != null) {
        apiUrl = emulator.awaitLine(EmulatorMain.READY, START_TIMEOUT);
        emulator.command("latency 0", EmulatorMain.OK);
      }
      server =
          ChildJvm.start(
              "server-" + name,
              WrkBenchmark.serverJvmOptions(),
              Map.of("MOONKEY_SECRET_KEY", SECRET_KEY),
              ServerMain.class,
              List.of(contender.mode, apiUrl, Integer.toString(containerThreads)),
              workDir);
      URI logout = URI.create(server.awaitLine(ServerMain.READY, START_TIMEOUT));
      new LocalWorkProbe()
          .check(
              contender.label,
              logout,
              contender == Contender.OURS_WITH_CREDENTIAL ? emulator : null);
      return new Contestant<>(
          contender,
          contender.label,
          server,
          emulator,
          new WrkJob("localwork.lua", logout, List.of(SIGN_IN_PATH)),
          window -> check(contender, window));
    } catch (Exception | Error e) {
      if (server != null) {
        server.close();
      }
      if (emulator != null) {
        emulator.close();
      }
      throw e;
    }
  }

  /**
   * Refuses a measured run with unexpected answers, with fewer sessions ended in the server than
   * logouts counted by wrk, or in which ours without a credential called MoonKey, or ours with one
   * did not.
   */
  private static void check(Contender contender, Window window) {
    String wrong = null;
    long logouts = window.load().successes();
    if (window.load().unexpected() > 0) {
      wrong = window.load().unexpected() + " answers were neither a sign-in nor a logout";
    } else if (window.sessionsEnded() < logouts) {
      // A logout that found no session (a wrong cookie, say) still redirects: count the ends.
      wrong = "only " + window.sessionsEnded() + " sessions ended for " + logouts + " logouts";
    } else if (contender == Contender.OURS && window.moonKeyCallsPerLogout() > 0) {
      wrong = "MoonKey was called without a credential";
    } else if (contender == Contender.OURS_WITH_CREDENTIAL
        && !(window.moonKeyCallsPerLogout() > 0)) {
      wrong = "MoonKey received no deletion";
    }
    if (wrong != null) {
      throw new IllegalStateException(
          contender.label
              + " at "
              + window.connections()
              + " connections: "
              + wrong
              + " in the measured run; no figures are reported ("
              + window.load()
              + ")");
    }
  }
}
