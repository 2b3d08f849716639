package fun.moonkey.benchmarks;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Logouts under load measured from outside the server: wrk, the server under test and the MoonKey
 * emulator each in a process of their own, on the same machine. Contenders: (a) {@code
 * LogoutFilter} in async mode, (c) the hand-written {@link NaiveLogoutServlet}, (d) wrk calling the
 * emulator's deletion directly, the limit. For each number of wrk connections, each contender gets
 * a fresh emulator (and server), a {@link RevocationProbe} check, a warm-up run and a measured run;
 * CPU time of the server and the emulator is read from {@code /proc} around the measured run.
 */
final class WrkBenchmark {

  /** The contenders, in the order of the report. */
  enum Contender {
    FILTER("(a) LogoutFilter, async"),
    NAIVE("(c) hand-written servlet, HttpURLConnection"),
    DIRECT("(d) limit: wrk to the emulator directly");

    final String label;

    Contender(String label) {
      this.label = label;
    }
  }

  /**
   * One contender at one number of connections.
   *
   * @param serverCpuMicros server CPU per logout; NaN for (d), which has no server
   * @param moonKeyCallsPerLogout deletions the emulator received during the measured run, per
   *     logout wrk counted
   * @param moonKeyConnections TCP connections that carried those deletions
   * @param machineBusy share of the machine's CPU time that was busy during the measured run
   */
  record Row(
      Contender contender,
      int connections,
      Wrk.Result load,
      double serverCpuMicros,
      double emulatorCpuMicros,
      double moonKeyCallsPerLogout,
      int moonKeyConnections,
      double machineBusy) {}

  private static final String SECRET_KEY = "sk_test_bench";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Wrk wrk;
  private final Path workDir;
  private final List<Integer> connections;
  private final Duration latency;
  private final int containerThreads;
  private final int maxConcurrency;
  private final Duration warmup;
  private final Duration measure;
  private final double microsPerTick = 1e6 / CpuClock.ticksPerSecond();

  WrkBenchmark(Wrk wrk, Path workDir, WrkSettings settings) {
    this.wrk = wrk;
    this.workDir = workDir;
    this.connections = settings.connections();
    this.latency = settings.latency();
    this.containerThreads = settings.containerThreads();
    this.maxConcurrency = settings.maxConcurrency();
    this.warmup = settings.warmup();
    this.measure = settings.measure();
  }

  List<Row> run() throws Exception {
    List<Row> rows = new ArrayList<>();
    for (int c : connections) {
      for (Contender contender : Contender.values()) {
        System.out.printf("wrk benchmark: %s, %d connections%n", contender.label, c);
        rows.add(measure(contender, c));
      }
    }
    return rows;
  }

  private Row measure(Contender contender, int c) throws Exception {
    String name = contender.name().toLowerCase(java.util.Locale.ROOT) + "-c" + c;
    try (ChildJvm emulator =
        ChildJvm.start(
            "emulator-" + name,
            // The JDK's HTTP server closes idle connections beyond 200 by default, which would
            // cut pooled client connections after every answer.
            List.of("-Dsun.net.httpserver.maxIdleConnections=4096"),
            Map.of(),
            EmulatorMain.class,
            List.of(SECRET_KEY),
            workDir)) {
      URI moonKey = URI.create(emulator.awaitLine(EmulatorMain.READY, START_TIMEOUT));
      emulator.command("stateful", EmulatorMain.OK);
      RevocationProbe probe = new RevocationProbe(moonKey, SECRET_KEY);
      if (contender == Contender.DIRECT) {
        probe.direct(contender.label);
        return load(contender, c, emulator, null, moonKey.resolve(EmulatorMain.DELETE_PATH));
      }
      try (ChildJvm server = startServer(contender, name, moonKey)) {
        URI logout = URI.create(server.awaitLine(ServerMain.READY, START_TIMEOUT));
        probe.throughServer(contender.label, logout);
        return load(contender, c, emulator, server, logout);
      }
    }
  }

  private ChildJvm startServer(Contender contender, String name, URI moonKey) {
    List<String> args =
        contender == Contender.FILTER
            ? List.of(
                "filter",
                moonKey.toString(),
                Integer.toString(containerThreads),
                Integer.toString(maxConcurrency))
            : List.of("naive", moonKey.toString(), Integer.toString(containerThreads));
    String options = System.getProperty("bench.serverJvmOptions", "").strip();
    return ChildJvm.start(
        "server-" + name,
        options.isEmpty() ? List.of() : List.of(options.split("\\s+")),
        Map.of("MOONKEY_SECRET_KEY", SECRET_KEY),
        ServerMain.class,
        args,
        workDir);
  }

  private Row load(Contender contender, int c, ChildJvm emulator, ChildJvm server, URI target)
      throws InterruptedException {
    boolean direct = contender == Contender.DIRECT;
    String script = direct ? "delete.lua" : "logout.lua";
    emulator.command("latency " + latency.toMillis(), EmulatorMain.OK);
    run(script, target, c, warmup, "warmup");
    emulator.command("reset", EmulatorMain.OK);
    long serverBefore = server == null ? 0 : CpuClock.processTicks(server.pid());
    long emulatorBefore = CpuClock.processTicks(emulator.pid());
    CpuClock.MachineTicks machineBefore = CpuClock.machineTicks();
    Wrk.Result result = run(script, target, c, measure, "measured");
    CpuClock.MachineTicks machineAfter = CpuClock.machineTicks();
    long emulatorTicks = CpuClock.processTicks(emulator.pid()) - emulatorBefore;
    long serverTicks = server == null ? 0 : CpuClock.processTicks(server.pid()) - serverBefore;
    String[] stats = emulator.command("stats", EmulatorMain.STATS).split(" ");
    long deletes = Long.parseLong(stats[0].substring("deletes=".length()));
    int moonKeyConnections = Integer.parseInt(stats[1].substring("connections=".length()));
    long logouts = result.successes();
    if (logouts == 0 || deletes == 0) {
      throw new IllegalStateException(
          contender.label
              + " at "
              + c
              + " connections: "
              + logouts
              + " logouts answered and "
              + deletes
              + " deletions received by MoonKey in the measured run; no figures are reported ("
              + result
              + ")");
    }
    return new Row(
        contender,
        c,
        result,
        direct ? Double.NaN : serverTicks * microsPerTick / logouts,
        emulatorTicks * microsPerTick / logouts,
        deletes / (double) logouts,
        moonKeyConnections,
        machineAfter.busySince(machineBefore));
  }

  private Wrk.Result run(String script, URI target, int c, Duration duration, String prefix)
      throws InterruptedException {
    List<String> args = script.equals("delete.lua") ? List.of(prefix, SECRET_KEY) : List.of(prefix);
    // A request slower than the whole run counts as an error rather than as a latency.
    return wrk.run(script, target, 2, c, duration, measure, args);
  }
}
