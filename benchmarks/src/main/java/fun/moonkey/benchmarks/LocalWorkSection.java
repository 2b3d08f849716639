package fun.moonkey.benchmarks;

import static fun.moonkey.benchmarks.MethodText.decimals;
import static fun.moonkey.benchmarks.MethodText.whole;

import fun.moonkey.benchmarks.LocalWorkBenchmark.Contender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/** Section 3 of the report: {@link LocalWorkBenchmark} run and written as Markdown, with charts. */
final class LocalWorkSection {

  static final String HEADING = "## 3. Local work against Spring Security's LogoutFilter";

  /** The least ratio of logouts per second, ours over Spring Security's, that the report asks. */
  static final double TARGET = 1.2;

  private static final ToDoubleFunction<Window> LOGOUTS = Window::logoutsPerSecond;
  private static final ToDoubleFunction<Window> CPU = w -> w.server().cpuMicros();

  private LocalWorkSection() {}

  /**
   * Runs the benchmark and appends the section, its tables and its charts; if wrk is not installed,
   * appends and prints why and returns false.
   */
  static boolean write(
      StringBuilder md,
      LocalWorkBenchmark benchmark,
      MeasureSettings measure,
      ChartFiles charts,
      Machine machine)
      throws Exception {
    md.append(HEADING).append("\n\n");
    Path workDir = Files.createTempDirectory("moonkey-localwork-bench");
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
    System.out.println("local work benchmark: logs in " + workDir);
    Runs<Contender> runs = new Runs<>(benchmark.run(new Meter(wrk.get(), measure), workDir));
    List<Integer> cs = benchmark.concurrencies();
    md.append(
        String.format(
            Locale.ROOT,
            "The local part of a logout (find the session, invalidate it, expire the cookies,"
                + " redirect) through our `LogoutFilter` and through Spring Security's, each in a"
                + " Jetty 12 server JVM of its own (%d threads), driven from outside by `wrk -t2 -c"
                + " N` at N = %s connections with"
                + " `benchmarks/src/main/resources/fun/moonkey/benchmarks/wrk/localwork.lua`: each"
                + " wrk thread signs users in (`GET /app/signin`, which creates the `HttpSession`"
                + " and sets `JSESSIONID`) and posts each one's logout with that cookie and the"
                + " server's `Origin`; a redirect counts as a logout. Before a run is measured, one"
                + " such logout must answer a redirect that expires a cookie and leave the session"
                + " gone (`GET /app/session` refuses the cookie), else the run stops; and every measured run must have"
                + " ended at least as many sessions in the server (an `HttpSessionListener`) as wrk"
                + " counted logouts, since a logout that finds no session redirects all the same. Both"
                + " contenders pay the same sign-in: half the requests are sign-ins, the latency"
                + " percentiles are of all requests, and CPU per logout includes its sign-in. Ours"
                + " with a MoonKey credential adds the DELETE (emulator latency 0; it must call"
                + " MoonKey once per logout); ours without one has an idle emulator beside it (its"
                + " MoonKey calls must stay 0), Spring's none. A run with an answer that is neither"
                + " a sign-in nor a logout stops the section.%n%n",
            benchmark.containerThreads(),
            MethodText.joined(cs)));
    md.append(MethodText.method(measure)).append('\n');
    md.append(MethodText.warmups(runs.all(), k -> k.label));
    Targets targets = new Targets();
    for (int c : cs) {
      Optional<Spread> ratio = runs.ratio(Contender.OURS, Contender.SPRING, c, LOGOUTS);
      targets.add(
          String.format(
              Locale.ROOT, "logouts/s ours / Spring Security ≥ %.1f at %d connections", TARGET, c),
          ratio.map(s -> s.bold("%.2f")).orElse("n/a"),
          ratio.isPresent() && ratio.get().median() >= TARGET);
    }
    md.append("Targets:\n\n").append(targets.markdown());
    md.append(
        "Ratios ours / Spring Security, taken within each pair of runs: median (range over the"
            + " pairs).\n\n"
            + "| connections | logouts/s | server CPU per logout |\n| --- | --- | --- |\n");
    for (int c : cs) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %s |%n",
              c,
              runs.ratio(Contender.OURS, Contender.SPRING, c, LOGOUTS)
                  .map(s -> s.bold("%.2f"))
                  .orElse("n/a"),
              runs.ratio(Contender.OURS, Contender.SPRING, c, CPU)
                  .map(s -> s.bold("%.2f"))
                  .orElse("n/a")));
    }
    md.append(
        "\nFigures of each contender: medians over the pairs (logouts/s with their range).\n\n"
            + "| contender | connections | logouts/s | requests/s | p50 ms | p90 ms | p99 ms |"
            + " p99.9 ms | errors | server CPU µs/logout | JIT CPU µs/logout |"
            + " context switches/logout | thread starts/logout | threads exited |"
            + " sessions ended/logout | MoonKey calls/logout | machine CPU busy |\n"
            + "|"
            + " --- |".repeat(17)
            + "\n");
    for (int c : cs) {
      for (Contender k : Contender.values()) {
        Optional<Spread> logouts = runs.spread(k, c, LOGOUTS);
        if (logouts.isEmpty()) {
          continue;
        }
        Latencies latencies = runs.latencies(k, c);
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %s | %s | %.2f | %.2f | %.2f | %.2f | %s | %s | %s | %s | %s | %s |"
                    + " %s | %s | %.0f %% |%n",
                k.label,
                c,
                logouts.get().bold("%.0f"),
                whole(runs.median(k, c, w -> w.load().requests() / w.load().seconds())),
                latencies.p50Millis(),
                latencies.p90Millis(),
                latencies.p99Millis(),
                latencies.p999Millis(),
                whole(runs.median(k, c, w -> w.load().errors())),
                whole(runs.median(k, c, CPU)),
                whole(runs.median(k, c, w -> w.server().jitMicros())),
                decimals(runs.median(k, c, w -> w.server().contextSwitches()), 2),
                decimals(runs.median(k, c, w -> w.server().threadStarts()), 4),
                whole(runs.median(k, c, w -> w.server().threadsExited())),
                decimals(
                    runs.median(k, c, w -> w.sessionsEnded() / (double) w.load().successes()), 2),
                decimals(runs.median(k, c, Window::moonKeyCallsPerLogout), 2),
                100 * runs.median(k, c, Window::machineBusy)));
      }
    }
    md.append('\n');
    charts(md, runs, cs, charts, machine);
    delete(workDir);
    return true;
  }

  private static void charts(
      StringBuilder md, Runs<Contender> runs, List<Integer> cs, ChartFiles charts, Machine machine)
      throws IOException {
    List<Measurement> measurements = new ArrayList<>();
    List<Measurement> cpu = new ArrayList<>();
    for (Contender k : Contender.values()) {
      for (int c : cs) {
        if (runs.windows(k, c).isEmpty()) {
          continue;
        }
        Latencies latencies = runs.latencies(k, c);
        measurements.add(new Measurement(k.legend, c, runs.median(k, c, LOGOUTS), latencies));
        cpu.add(new Measurement(k.legend, c, runs.median(k, c, CPU), latencies));
      }
    }
    md.append(
        charts.write(
            new ThroughputChart(
                    "Local work: logouts per second (each after its sign-in)",
                    "wrk connections",
                    "logouts per second")
                .draw(measurements, machine),
            "localwork-throughput",
            "Local work: logouts per second against wrk connections, per contender (medians)"));
    md.append(
        charts.write(
            new LatencyChart(
                    "Local work: latency percentiles of sign-ins and logouts",
                    "connections",
                    "latency (ms)")
                .draw(measurements, machine),
            "localwork-latency",
            "Local work: latency percentiles per contender, one panel per number of connections"
                + " (medians)"));
    md.append(
        charts.write(
            new ThroughputChart(
                    "Local work: server CPU per logout (with its sign-in), without the JIT",
                    "wrk connections",
                    "server CPU per logout (µs)")
                .draw(cpu, machine),
            "localwork-cpu",
            "Local work: server CPU per logout against wrk connections, per contender (medians)"));
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }
}
