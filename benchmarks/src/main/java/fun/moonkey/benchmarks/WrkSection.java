package fun.moonkey.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** Section 2 of the report: {@link WrkBenchmark} run and written as Markdown. */
final class WrkSection {

  static final String HEADING = "## 2. Logout under load, measured from outside the server (wrk)";

  private WrkSection() {}

  /**
   * Runs the benchmark and appends the section with its charts; if wrk is not installed, appends
   * and prints why and returns false.
   */
  static boolean write(StringBuilder md, WrkSettings settings, ChartFiles charts, Machine machine)
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
    List<WrkBenchmark.Row> rows = new WrkBenchmark(wrk.get(), workDir, settings).run();
    describe(md, settings);
    ratios(md, rows, settings.connections());
    table(md, rows);
    charts(md, rows, charts, machine);
    delete(workDir);
    return true;
  }

  private static void charts(
      StringBuilder md, List<WrkBenchmark.Row> rows, ChartFiles charts, Machine machine)
      throws IOException {
    List<Measurement> measurements =
        rows.stream()
            .map(
                r ->
                    new Measurement(
                        r.contender().label,
                        r.connections(),
                        r.load().successesPerSecond(),
                        r.load().latencies()))
            .toList();
    md.append(
        charts.write(
            new ThroughputChart(
                    "Logouts under load (wrk): throughput",
                    "wrk connections C (concurrent clients)",
                    "logouts per second")
                .draw(measurements, machine),
            "wrk-throughput",
            "Logouts per second against wrk connections C, per contender"));
    md.append(
        charts.write(
            new LatencyChart("Logouts under load (wrk): latency percentiles", "C", "latency (ms)")
                .draw(measurements, machine),
            "wrk-latency",
            "Latency percentiles of the logouts per contender, one panel per number of wrk"
                + " connections C"));
  }

  private static void describe(StringBuilder md, WrkSettings settings) {
    List<Integer> connections = settings.connections();
    Duration warmup = settings.warmup();
    Duration measure = settings.measure();
    md.append(
        String.format(
            Locale.ROOT,
            "Measured %s on %d cores, %s %s. wrk, the server under test and the MoonKey emulator"
                + " run as three processes that share those %d cores. For each contender and each"
                + " number C of wrk connections (%s): a fresh emulator (and server) JVM, one logout"
                + " that must revoke a real emulator session (checked through the emulator's"
                + " verify endpoint and its record of requests, else the run stops), a %d s"
                + " `wrk -t2 -c C` warm-up run that is not counted, then the measured run, `wrk"
                + " -t2 -c C -d %ds --timeout %ds --latency`.%n%n",
            Instant.now(),
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.vm.name"),
            System.getProperty("java.version"),
            Runtime.getRuntime().availableProcessors(),
            joined(connections),
            warmup.toSeconds(),
            measure.toSeconds(),
            measure.toSeconds()));
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
                + " errors plus answers of 400 and above. CPU per logout: `utime + stime` of the"
                + " process from `/proc/<pid>/stat` over the measured run, divided by the logouts."
                + " MoonKey calls per logout: deletions the emulator received in the measured run"
                + " per logout. Connections: wrk holds C connections to its target; the last"
                + " column counts the TCP connections that carried deletions to MoonKey.%n"
                + "- The CPU figures are of a machine that the three processes saturate (see"
                + " machine CPU busy) and include the JIT compilers still at work after the short"
                + " warm-up: compare them side by side, not with another machine's.%n%n",
            settings.containerThreads(),
            settings.maxConcurrency(),
            settings.latency().toMillis()));
  }

  /** {@code 50, 200 and 1000}. */
  private static String joined(List<Integer> values) {
    List<String> text = values.stream().map(String::valueOf).toList();
    return text.size() == 1
        ? text.get(0)
        : String.join(", ", text.subList(0, text.size() - 1)) + " and " + text.get(text.size() - 1);
  }

  private static void ratios(StringBuilder md, List<WrkBenchmark.Row> rows, List<Integer> cs) {
    md.append("Ratios, side by side in this run:\n\n");
    for (int c : cs) {
      WrkBenchmark.Row filter = row(rows, WrkBenchmark.Contender.FILTER, c);
      WrkBenchmark.Row naive = row(rows, WrkBenchmark.Contender.NAIVE, c);
      WrkBenchmark.Row direct = row(rows, WrkBenchmark.Contender.DIRECT, c);
      double a = filter.load().successesPerSecond();
      md.append(
          String.format(
              Locale.ROOT,
              "- C = %d: logouts/s (a)/(d) = **%.2f**, (a)/(c) = **%.2f**; server CPU per logout"
                  + " (a)/(c) = **%.2f**; CPU per logout of server and emulator together (a)/(c) ="
                  + " %.2f.%n",
              c,
              a / direct.load().successesPerSecond(),
              a / naive.load().successesPerSecond(),
              filter.serverCpuMicros() / naive.serverCpuMicros(),
              (filter.serverCpuMicros() + filter.emulatorCpuMicros())
                  / (naive.serverCpuMicros() + naive.emulatorCpuMicros())));
    }
    md.append('\n');
  }

  private static void table(StringBuilder md, List<WrkBenchmark.Row> rows) {
    md.append(
        "| contender | C | logouts/s | p50 ms | p90 ms | p99 ms | p99.9 ms | errors |"
            + " not revoked in time | server CPU µs/logout | emulator CPU µs/logout |"
            + " MoonKey calls/logout | machine CPU busy | TCP connections to MoonKey |\n"
            + "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
            + " --- |\n");
    for (WrkBenchmark.Row row : rows) {
      Wrk.Result load = row.load();
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.0f | %.1f | %.1f | %.1f | %.1f | %d | %d | %s | %.0f | %.2f | %.0f %%"
                  + " | %d |%n",
              row.contender().label,
              row.connections(),
              load.successesPerSecond(),
              load.latencies().p50Millis(),
              load.latencies().p90Millis(),
              load.latencies().p99Millis(),
              load.latencies().p999Millis(),
              load.errors(),
              load.pending(),
              Double.isNaN(row.serverCpuMicros())
                  ? "n/a"
                  : String.format(Locale.ROOT, "%.0f", row.serverCpuMicros()),
              row.emulatorCpuMicros(),
              row.moonKeyCallsPerLogout(),
              100 * row.machineBusy(),
              row.moonKeyConnections()));
    }
    md.append('\n');
  }

  private static WrkBenchmark.Row row(
      List<WrkBenchmark.Row> rows, WrkBenchmark.Contender c, int n) {
    return rows.stream()
        .filter(r -> r.contender() == c && r.connections() == n)
        .findFirst()
        .orElseThrow();
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }
}
