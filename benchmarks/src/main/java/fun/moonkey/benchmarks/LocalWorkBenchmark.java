package fun.moonkey.benchmarks;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The local part of a logout (lookup, invalidate, expire cookies, redirect) against Spring
 * Security's {@code LogoutFilter} configured to do the same, each in a server JVM of its own (Jetty
 * 12, {@link ServerMain}) driven by wrk from outside with {@code localwork.lua}: every logout
 * follows its own sign-in, which both contenders pay alike.
 *
 * <p>Ours and Spring's run once per pair of runs, in alternating order; ours with a MoonKey
 * credential (the DELETE added, at latency 0) runs once, after the first pair. Each run warms its
 * JVM up until the JIT is quiet ({@link Meter}) and measures every number of connections in turn.
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
    List<Run<Contender>> runs = new ArrayList<>();
    int pairs = meter.settings().pairs();
    for (int pair = 0; pair < pairs; pair++) {
      for (Contender contender :
          Alternation.order(List.of(Contender.OURS, Contender.SPRING), pair)) {
        runs.add(run(meter, workDir, contender, pair));
      }
      if (pair == 0) {
        runs.add(run(meter, workDir, Contender.OURS_WITH_CREDENTIAL, pair));
      }
    }
    return runs;
  }

  private Run<Contender> run(Meter meter, Path workDir, Contender contender, int pair)
      throws Exception {
    System.out.printf(
        "local work benchmark: pair %d of %d, %s%n",
        pair + 1, meter.settings().pairs(), contender.label);
    String name = "local-" + contender.mode + "-" + pair;
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
    try {
      // Spring's filter never calls MoonKey: its URL is never dialled.
      String apiUrl = "http://127.0.0.1:9";
      if (emulator != null) {
        apiUrl = emulator.awaitLine(EmulatorMain.READY, START_TIMEOUT);
        emulator.command("latency 0", EmulatorMain.OK);
      }
      try (ChildJvm server =
          ChildJvm.start(
              "server-" + name,
              WrkBenchmark.serverJvmOptions(),
              Map.of("MOONKEY_SECRET_KEY", SECRET_KEY),
              ServerMain.class,
              List.of(contender.mode, apiUrl, Integer.toString(containerThreads)),
              workDir)) {
        URI logout = URI.create(server.awaitLine(ServerMain.READY, START_TIMEOUT));
        new LocalWorkProbe()
            .check(
                contender.label,
                logout,
                contender == Contender.OURS_WITH_CREDENTIAL ? emulator : null);
        WrkJob job = new WrkJob("localwork.lua", logout, List.of(SIGN_IN_PATH));
        List<Long> pids =
            emulator == null ? List.of(server.pid()) : List.of(server.pid(), emulator.pid());
        Meter.Warmup warmup = meter.warmUp(job, concurrencies, pids);
        System.out.printf(
            Locale.ROOT,
            "  warm-up %d s, JIT %s (%.1f %% of a core in the last step)%n",
            warmup.took().toSeconds(),
            warmup.quiet() ? "quiet" : "still busy at the cap",
            warmup.lastStepJitPercent());
        List<Window> windows = new ArrayList<>();
        for (int c : concurrencies) {
          Window window = meter.measure(pair, job, c, server, emulator);
          System.out.printf(
              Locale.ROOT,
              "  %d connections: %.0f logouts/s, server CPU %.0f µs/logout%n",
              c,
              window.logoutsPerSecond(),
              window.server().cpuMicros());
          windows.add(window);
        }
        return new Run<>(contender, pair, warmup, windows);
      }
    } finally {
      if (emulator != null) {
        emulator.close();
      }
    }
  }
}
