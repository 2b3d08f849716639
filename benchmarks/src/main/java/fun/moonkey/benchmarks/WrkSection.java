package fun.moonkey.benchmarks;

import static fun.moonkey.benchmarks.MethodText.decimals;
import static fun.moonkey.benchmarks.MethodText.whole;

import fun.moonkey.benchmarks.WrkBenchmark.Contender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/** Section 2 of the report: {@link WrkBenchmark} run and written as Markdown, with charts. */
final class WrkSection {

  static final String HEADING = "## 2. Logout under load, measured from outside the server (wrk)";

  /** The number of connections the targets are read at, when it was measured. */
  static final int TARGET_CONNECTIONS = 200;

  /** Machine CPU busy from which a run counts as saturated (the p99 target does not apply). */
  static final double SATURATED = 0.9;

  private static final ToDoubleFunction<Window> LOGOUTS = Window::logoutsPerSecond;
  private static final ToDoubleFunction<Window> CPU = w -> w.server().cpuMicros();

  private WrkSection() {}

  /**
   * Runs the benchmark and appends the section with its charts; if wrk is not installed, appends
   * and prints why and returns false.
   */
  static boolean write(
      StringBuilder md,
      WrkSettings settings,
      MeasureSettings measure,
      ChartFiles charts,
      Machine machine)
      throws Exception {
    md.append(HEADING).append("\n\n");
    Path workDir = Files.createTempDirectory("moonkey-wrk-bench");
    Optional<Wrk> wrk = Wrk.find(workDir);
    if (wrk.isEmpty()) {
      String why =
          "Skipped: wrk was not found on the PATH (or at -Dbench.wrk). Install it with"
              + " `apt-get install wrk` and run this section again.";
      System.out.println(why);
      md.append(why).append("\n\n");
      delete(workDir);
      return false;
    }
    System.out.printf(
        "wrk benchmark: max-concurrency of (a) = %d (bench.maxConcurrency), logs in %s%n",
        settings.maxConcurrency(), workDir);
    Runs<Contender> runs =
        new Runs<>(new WrkBenchmark(new Meter(wrk.get(), measure), workDir, settings).run());
    describe(md, settings, measure);
    md.append(MethodText.warmups(runs.all(), k -> k.label));
    targets(md, runs, settings);
    ratios(md, runs, settings.connections());
    table(md, runs, settings.connections());
    charts(md, runs, settings.connections(), charts, machine);
    delete(workDir);
    return true;
  }

  private static void describe(StringBuilder md, WrkSettings settings, MeasureSettings measure) {
    int cores = Runtime.getRuntime().availableProcessors();
    md.append(
        String.format(
            Locale.ROOT,
            "Measured %s on %d cores, %s %s. wrk, the server under test and the MoonKey emulator"
                + " run as three processes that share those %d cores. Each contender gets an emulator"
                + " (and a server) JVM of its own, which first has to revoke a real emulator"
                + " session with one logout (checked through the emulator's verify endpoint and its"
                + " record of requests, else the section stops); then it is warmed up and measured"
                + " with `wrk -t2 -c C --timeout %ds --latency` at C = %s in turn. A measured run in"
                + " which MoonKey received no deletion stops the section.%n%n",
            Instant.now(),
            cores,
            System.getProperty("java.vm.name"),
            System.getProperty("java.version"),
            cores,
            measure.measure().toSeconds(),
            MethodText.joined(settings.connections())));
    md.append(MethodText.method(measure));
    md.append(
        String.format(
            Locale.ROOT,
            "- Requests: each `POST /app/logout` carries a distinct `session_token` cookie,"
                + " `Origin` of the server and `Accept: application/json`, as a same-origin"
                + " `fetch()` sends them (`benchmarks/src/main/resources/fun/moonkey/benchmarks/"
                + "wrk/logout.lua`); (d) sends `DELETE /v1/auth/sessions/delete` with the secret"
                + " key and a JSON body (`delete.lua`).%n"
                + "- Server: embedded Jetty 12, one JVM, a pool of %d threads. (a) `LogoutFilter`"
                + " async, defaults except `api-url`, `logout-path=/logout` and"
                + " `max-concurrency=%d`; (c) `NaiveLogoutServlet`, one blocking"
                + " `HttpURLConnection` call per logout on the container thread.%n"
                + "- Emulator: `MoonKeyEmulator` in its own JVM, every deletion answered 200 after"
                + " L = %d ms whatever the token, so the generated tokens need no sign-in.%n"
                + "- Logouts/s: answers below 400 per second, minus answers of (a) that say"
                + " `\"revocation\"` (not revoked in time), which are shown apart. Errors: socket"
                + " errors plus answers of 400 and above. MoonKey calls per logout: deletions the"
                + " emulator received in the measured run per logout. Connections: wrk holds C"
                + " connections to its target; the last column counts the TCP connections that"
                + " carried deletions to MoonKey. Machine CPU busy: `/proc/stat` over the measured"
                + " run; from %.0f %% the run counts as saturated.%n%n",
            settings.containerThreads(),
            settings.maxConcurrency(),
            settings.latency().toMillis(),
            100 * SATURATED));
  }

  private static void targets(StringBuilder md, Runs<Contender> runs, WrkSettings settings) {
    List<Integer> cs = settings.connections();
    int c = cs.contains(TARGET_CONNECTIONS) ? TARGET_CONNECTIONS : cs.get(0);
    long l = settings.latency().toMillis();
    String at = " at C = " + c + ", L = " + l + " ms";
    Targets targets = new Targets();
    Optional<Spread> cpu = runs.ratio(Contender.FILTER, Contender.NAIVE, c, CPU);
    targets.add(
        "server CPU per logout (a)/(c) ≤ 1, aim 0.75" + at,
        cpu.map(s -> s.bold("%.2f")).orElse("n/a"),
        cpu.isPresent() && cpu.get().median() <= 1.0);
    Optional<Spread> switches = runs.spread(Contender.FILTER, c, w -> w.server().contextSwitches());
    targets.add(
        "context switches per logout of (a) ≤ 3" + at,
        switches.map(s -> s.bold("%.2f")).orElse("n/a"),
        switches.isPresent() && switches.get().median() <= 3);
    Optional<Spread> starts = runs.spread(Contender.FILTER, c, w -> w.server().threadStarts());
    targets.add(
        "thread starts per logout of (a) < 0.01" + at,
        starts.map(s -> s.bold("%.4f")).orElse("n/a"),
        starts.isPresent() && starts.get().median() < 0.01);
    Optional<Spread> p99 = runs.spread(Contender.FILTER, c, w -> w.load().latencies().p99Millis());
    double busy = runs.median(Contender.FILTER, c, Window::machineBusy);
    boolean p99Met = p99.isPresent() && p99.get().median() <= 2 * l;
    targets.add(
        "p99 of (a) ≤ 2 × L = " + 2 * l + " ms when not saturated" + at,
        p99.map(s -> s.bold("%.1f") + " ms").orElse("n/a"),
        p99Met || busy < SATURATED ? Targets.Met.of(p99Met) : Targets.Met.NOT_APPLICABLE,
        String.format(Locale.ROOT, "machine CPU %.0f %% busy", 100 * busy));
    Optional<Spread> limit = runs.ratio(Contender.FILTER, Contender.DIRECT, c, LOGOUTS);
    targets.add(
        "logouts/s (a)/(d) ≥ 0.9" + at,
        limit.map(s -> s.bold("%.2f")).orElse("n/a"),
        limit.isPresent() && limit.get().median() >= 0.9);
    md.append("Targets (server CPU without its JIT compilers):\n\n").append(targets.markdown());
  }

  private static void ratios(StringBuilder md, Runs<Contender> runs, List<Integer> cs) {
    md.append(
        "Ratios, taken within each pair of runs: median (range over the pairs).\n\n"
            + "| C | logouts/s (a)/(d) | logouts/s (a)/(c) | server CPU per logout (a)/(c) |"
            + " server + emulator CPU per logout (a)/(c) |\n"
            + "| --- | --- | --- | --- | --- |\n");
    for (int c : cs) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %s | %s | %s |%n",
              c,
              ratio(runs, Contender.FILTER, Contender.DIRECT, c, LOGOUTS),
              ratio(runs, Contender.FILTER, Contender.NAIVE, c, LOGOUTS),
              ratio(runs, Contender.FILTER, Contender.NAIVE, c, CPU),
              ratio(
                  runs,
                  Contender.FILTER,
                  Contender.NAIVE,
                  c,
                  w -> w.server().cpuMicros() + w.server().jitMicros() + w.emulatorCpuMicros())));
    }
    md.append('\n');
  }

  private static String ratio(
      Runs<Contender> runs, Contender a, Contender b, int c, ToDoubleFunction<Window> figure) {
    return runs.ratio(a, b, c, figure).map(s -> s.bold("%.2f")).orElse("n/a");
  }

  private static void table(StringBuilder md, Runs<Contender> runs, List<Integer> cs) {
    md.append(
        "Figures of each contender: medians over the pairs (logouts/s with their range).\n\n"
            + "| contender | C | logouts/s | p50 ms | p90 ms | p99 ms | p99.9 ms | errors |"
            + " not revoked in time | server CPU µs/logout | JIT CPU µs/logout |"
            + " context switches/logout | thread starts/logout | threads exited |"
            + " emulator CPU µs/logout | MoonKey calls/logout | machine CPU busy |"
            + " TCP connections to MoonKey |\n"
            + "|"
            + " --- |".repeat(18)
            + "\n");
    for (int c : cs) {
      for (Contender k : Contender.values()) {
        Optional<Spread> logouts = runs.spread(k, c, LOGOUTS);
        if (logouts.isEmpty()) {
          continue;
        }
        Latencies latencies = runs.latencies(k, c);
        boolean server = k != Contender.DIRECT;
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %s | %.1f | %.1f | %.1f | %.1f | %s | %s | %s | %s | %s | %s | %s | %s"
                    + " | %s | %.0f %% | %s |%n",
                k.label,
                c,
                logouts.get().bold("%.0f"),
                latencies.p50Millis(),
                latencies.p90Millis(),
                latencies.p99Millis(),
                latencies.p999Millis(),
                whole(runs.median(k, c, w -> w.load().errors())),
                whole(runs.median(k, c, w -> w.load().pending())),
                server ? whole(runs.median(k, c, CPU)) : "n/a",
                server ? whole(runs.median(k, c, w -> w.server().jitMicros())) : "n/a",
                server ? decimals(runs.median(k, c, w -> w.server().contextSwitches()), 2) : "n/a",
                server ? decimals(runs.median(k, c, w -> w.server().threadStarts()), 4) : "n/a",
                server ? whole(runs.median(k, c, w -> w.server().threadsExited())) : "n/a",
                whole(runs.median(k, c, Window::emulatorCpuMicros)),
                decimals(runs.median(k, c, Window::moonKeyCallsPerLogout), 2),
                100 * runs.median(k, c, Window::machineBusy),
                whole(runs.median(k, c, Window::moonKeyConnections))));
      }
    }
    md.append('\n');
  }

  private static void charts(
      StringBuilder md, Runs<Contender> runs, List<Integer> cs, ChartFiles charts, Machine machine)
      throws IOException {
    List<Measurement> measurements = new ArrayList<>();
    List<Measurement> cpu = new ArrayList<>();
    List<Measurement> switches = new ArrayList<>();
    for (Contender k : Contender.values()) {
      for (int c : cs) {
        if (runs.windows(k, c).isEmpty()) {
          continue;
        }
        Latencies latencies = runs.latencies(k, c);
        measurements.add(new Measurement(k.legend, c, runs.median(k, c, LOGOUTS), latencies));
        if (k != Contender.DIRECT) {
          cpu.add(new Measurement(k.legend, c, runs.median(k, c, CPU), latencies));
          switches.add(
              new Measurement(
                  k.legend, c, runs.median(k, c, w -> w.server().contextSwitches()), latencies));
        }
      }
    }
    String xAxis = "wrk connections C (concurrent clients)";
    md.append(
        charts.write(
            new ThroughputChart("Logouts under load (wrk): throughput", xAxis, "logouts per second")
                .draw(measurements, machine),
            "wrk-throughput",
            "Logouts per second against wrk connections C, per contender (medians)"));
    md.append(
        charts.write(
            new LatencyChart("Logouts under load (wrk): latency percentiles", "C", "latency (ms)")
                .draw(measurements, machine),
            "wrk-latency",
            "Latency percentiles of the logouts per contender, one panel per number of wrk"
                + " connections C (medians)"));
    md.append(
        charts.write(
            new ThroughputChart(
                    "Logouts under load (wrk): server CPU per logout, without the JIT",
                    xAxis,
                    "server CPU per logout (µs)")
                .draw(cpu, machine),
            "wrk-cpu",
            "Server CPU per logout against wrk connections C, per contender (medians)"));
    md.append(
        charts.write(
            new ThroughputChart(
                    "Logouts under load (wrk): server context switches per logout",
                    xAxis,
                    "context switches per logout")
                .draw(switches, machine),
            "wrk-switches",
            "Server context switches per logout against wrk connections C, per contender"
                + " (medians)"));
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }
}
