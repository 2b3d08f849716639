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
 * <p>Each contender runs once per pair of runs, in alternating order ({@link Alternation}). Each
 * run starts a fresh emulator (and server), checks with a {@link RevocationProbe} that the logout
 * really revokes, warms the JVMs up until their JIT compilers are quiet ({@link Meter}), then
 * measures every number of connections in turn on those JVMs.
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
    List<Run<Contender>> runs = new ArrayList<>();
    for (int pair = 0; pair < meter.settings().pairs(); pair++) {
      for (Contender contender : Alternation.order(List.of(Contender.values()), pair)) {
        System.out.printf(
            "wrk benchmark: pair %d of %d, %s%n",
            pair + 1, meter.settings().pairs(), contender.label);
        runs.add(run(contender, pair));
      }
    }
    return runs;
  }

  private Run<Contender> run(Contender contender, int pair) throws Exception {
    String name = contender.name().toLowerCase(Locale.ROOT) + "-" + pair;
    try (ChildJvm emulator =
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
            workDir)) {
      URI moonKey = URI.create(emulator.awaitLine(EmulatorMain.READY, START_TIMEOUT));
      emulator.command("stateful", EmulatorMain.OK);
      RevocationProbe probe = new RevocationProbe(moonKey, SECRET_KEY);
      if (contender == Contender.DIRECT) {
        probe.direct(contender.label);
        WrkJob job =
            new WrkJob(
                "delete.lua", moonKey.resolve(EmulatorMain.DELETE_PATH), List.of(SECRET_KEY));
        return load(contender, pair, job, null, emulator);
      }
      try (ChildJvm server = startServer(contender, name, moonKey)) {
        URI logout = URI.create(server.awaitLine(ServerMain.READY, START_TIMEOUT));
        probe.throughServer(contender.label, logout);
        return load(contender, pair, new WrkJob("logout.lua", logout, List.of()), server, emulator);
      }
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

  private Run<Contender> load(
      Contender contender, int pair, WrkJob job, ChildJvm server, ChildJvm emulator)
      throws InterruptedException {
    emulator.command("latency " + settings.latency().toMillis(), EmulatorMain.OK);
    List<Long> pids =
        server == null ? List.of(emulator.pid()) : List.of(server.pid(), emulator.pid());
    Meter.Warmup warmup = meter.warmUp(job, settings.connections(), pids);
    System.out.printf(
        "  warm-up %d s, JIT %s (%.1f %% of a core in the last step)%n",
        warmup.took().toSeconds(),
        warmup.quiet() ? "quiet" : "still busy at the cap",
        warmup.lastStepJitPercent());
    List<Window> windows = new ArrayList<>();
    for (int c : settings.connections()) {
      Window window = meter.measure(pair, job, c, server, emulator);
      if (!(window.moonKeyCallsPerLogout() > 0)) {
        throw new IllegalStateException(
            contender.label
                + " at "
                + c
                + " connections: MoonKey received no deletion in the measured run; no figures"
                + " are reported ("
                + window.load()
                + ")");
      }
      System.out.printf(
          Locale.ROOT,
          "  C = %d: %.0f logouts/s, p99 %.1f ms%n",
          c,
          window.logoutsPerSecond(),
          window.load().latencies().p99Millis());
      windows.add(window);
    }
    return new Run<>(contender, pair, warmup, windows);
  }
}
