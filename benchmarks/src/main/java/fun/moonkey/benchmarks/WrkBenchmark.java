package fun.moonkey.benchmarks;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Logouts under load measured from outside the server: wrk, the server under test and the MoonKey
 * emulator each in a process of their own, on the same machine. Contenders: (a) {@code
 * LogoutFilter} in async mode, (c) the hand-written {@link NaiveLogoutServlet}, (d) wrk calling the
 * emulator's deletion directly, the limit.
 *
 * <p>Each contender gets an emulator (and a server) JVM of its own for the whole section, which is
 * checked with a {@link RevocationProbe} (the logout really revokes) and warmed up until its JIT
 * compilers are quiet ({@link Meter}); then the contenders are measured in pairs of runs, in
 * alternating order ({@link Contestant#measureAll}), each run at every number of connections.
 */
final class WrkBenchmark {

  /** The contenders, in the order of the report. */
  enum Contender {
    FILTER("(a) LogoutFilter, async", "(a) LogoutFilter"),
    NAIVE("(c) hand-written servlet, HttpURLConnection", "(c) hand-written servlet"),
    DIRECT("(d) limit: wrk to the emulator directly", "(d) limit: emulator directly");

    final String label;
    final String legend;

    Contender(String label, String legend) {
      this.label = label;
      this.legend = legend;
    }
  }

  private static final String SECRET_KEY = "sk_test_bench";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Meter meter;
  private final Path workDir;
  private final WrkSettings settings;

  WrkBenchmark(Meter meter, Path workDir, WrkSettings settings) {
    this.meter = meter;
    this.workDir = workDir;
    this.settings = settings;
  }

  List<Run<Contender>> run() throws Exception {
    List<Contestant<Contender>> contestants = new ArrayList<>();
    try {
      for (Contender contender : Contender.values()) {
        contestants.add(start(contender));
      }
      return Contestant.measureAll(meter, contestants, settings.connections());
    } finally {
      contestants.forEach(Contestant::close);
    }
  }

  /**
   * Starts the contender's emulator (and server), checks that a logout really revokes, and switches
   * the emulator to its load mode.
   */
  private Contestant<Contender> start(Contender contender) throws Exception {
    String name = contender.name().toLowerCase(Locale.ROOT);
    ChildJvm emulator =
        ChildJvm.start(
            "emulator-" + name,
            // The JDK's HTTP server closes idle connections beyond 200 by default, which would
            // cut pooled client connections after every answer.
            List.of(
                "-Dsun.net.httpserver.maxIdleConnections=4096",
                "-XX:-UseDynamicNumberOfCompilerThreads"),
            Map.of(),
            EmulatorMain.class,
            List.of(SECRET_KEY),
            workDir);
    ChildJvm server = null;
    try {
      URI moonKey = URI.create(emulator.awaitLine(EmulatorMain.READY, START_TIMEOUT));
      emulator.command("stateful", EmulatorMain.OK);
      RevocationProbe probe = new RevocationProbe(moonKey, SECRET_KEY);
      WrkJob job;
      if (contender == Contender.DIRECT) {
        probe.direct(contender.label);
        job =
            new WrkJob(
                "delete.lua", moonKey.resolve(EmulatorMain.DELETE_PATH), List.of(SECRET_KEY));
      } else {
        server = startServer(contender, name, moonKey);
        URI logout = URI.create(server.awaitLine(ServerMain.READY, START_TIMEOUT));
        probe.throughServer(contender.label, logout);
        job = new WrkJob("logout.lua", logout, List.of());
      }
      emulator.command("latency " + settings.latency().toMillis(), EmulatorMain.OK);
      return new Contestant<>(
          contender, contender.label, server, emulator, job, window -> check(contender, window));
    } catch (Exception | Error e) {
      if (server != null) {
        server.close();
      }
      emulator.close();
      throw e;
    }
  }

  /** Refuses a measured run in which MoonKey received no deletion. */
  private static void check(Contender contender, Window window) {
    if (!(window.moonKeyCallsPerLogout() > 0)) {
      throw new IllegalStateException(
          contender.label
              + " at "
              + window.connections()
              + " connections: MoonKey received no deletion in the measured run; no figures"
              + " are reported ("
              + window.load()
              + ")");
    }
  }

  private ChildJvm startServer(Contender contender, String name, URI moonKey) {
    List<String> args =
        contender == Contender.FILTER
            ? List.of(
                "filter",
                moonKey.toString(),
                Integer.toString(settings.containerThreads()),
                Integer.toString(settings.maxConcurrency()))
            : List.of("naive", moonKey.toString(), Integer.toString(settings.containerThreads()));
    return ChildJvm.start(
        "server-" + name,
        serverJvmOptions(),
        Map.of("MOONKEY_SECRET_KEY", SECRET_KEY),
        ServerMain.class,
        args,
        workDir);
  }

  /**
   * The server JVM's options: compiler threads that never exit (so that their CPU time can be read
   * until the end), then {@code bench.serverJvmOptions}.
   */
  static List<String> serverJvmOptions() {
    List<String> options = new ArrayList<>();
    options.add("-XX:-UseDynamicNumberOfCompilerThreads");
    String extra = System.getProperty("bench.serverJvmOptions", "").strip();
    if (!extra.isEmpty()) {
      options.addAll(List.of(extra.split("\\s+")));
    }
    return options;
  }
}
