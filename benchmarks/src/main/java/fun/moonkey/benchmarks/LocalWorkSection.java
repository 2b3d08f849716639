package fun.moonkey.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Section 3 of the report: {@link LocalWorkBenchmark} run and written as Markdown, with charts. */
final class LocalWorkSection {

  static final String HEADING = "## 3. Local work against Spring Security's LogoutFilter";

  private LocalWorkSection() {}

  /** Runs the benchmark and appends the section, its tables and its charts. */
  static boolean write(
      StringBuilder md, LocalWorkBenchmark benchmark, ChartFiles charts, Machine machine)
      throws Exception {
    List<LocalWorkBenchmark.Row> rows = benchmark.run();
    md.append(HEADING)
        .append("\n\n")
        .append(
            String.format(
                Locale.ROOT,
                "Concurrent clients: %s. Each operation signs in (creates an HttpSession) then posts"
                    + " the logout; MoonKey latency 0. Each contender gets a fresh Jetty (%d"
                    + " threads) at each number of clients, a %d s warm-up and a %d s measured"
                    + " run.%n%n",
                benchmark.concurrencies().stream()
                    .map(String::valueOf)
                    .collect(Collectors.joining(", ")),
                benchmark.containerThreads(),
                benchmark.warmup().toSeconds(),
                benchmark.measure().toSeconds()));
    md.append("Ratios ours / Spring Security (local work), side by side in this run:\n\n");
    for (int c : benchmark.concurrencies()) {
      md.append(
          String.format(
              Locale.ROOT,
              "- %d clients: **%.2f** (target ≥ 1.0)%n",
              c,
              row(rows, LocalWorkBenchmark.Contender.OURS, c).result().perSecond()
                  / row(rows, LocalWorkBenchmark.Contender.SPRING, c).result().perSecond()));
    }
    md.append(
        "\n| contender | clients | operations/s | p50 ms | p90 ms | p99 ms | p99.9 ms | errors |\n"
            + "| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (LocalWorkBenchmark.Row row : rows) {
      LoadGenerator.Result result = row.result();
      Latencies latencies = result.latencies();
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.0f | %.2f | %.2f | %.2f | %.2f | %d |%n",
              row.contender().label,
              row.concurrency(),
              result.perSecond(),
              latencies.p50Millis(),
              latencies.p90Millis(),
              latencies.p99Millis(),
              latencies.p999Millis(),
              result.errors()));
    }
    md.append('\n');
    List<Measurement> measurements =
        rows.stream()
            .map(
                r ->
                    new Measurement(
                        r.contender().legend,
                        r.concurrency(),
                        r.result().perSecond(),
                        r.result().latencies()))
            .toList();
    md.append(
        charts.write(
            new ThroughputChart(
                    "Local work: sign-in + logout operations per second",
                    "concurrent clients",
                    "operations per second")
                .draw(measurements, machine),
            "localwork-throughput",
            "Local work: operations per second against concurrent clients, per contender"));
    md.append(
        charts.write(
            new LatencyChart(
                    "Local work: latency percentiles of sign-in + logout",
                    "clients",
                    "latency (ms)")
                .draw(measurements, machine),
            "localwork-latency",
            "Local work: latency percentiles per contender, one panel per number of clients"));
    return true;
  }

  private static LocalWorkBenchmark.Row row(
      List<LocalWorkBenchmark.Row> rows, LocalWorkBenchmark.Contender contender, int c) {
    return rows.stream()
        .filter(r -> r.contender() == contender && r.concurrency() == c)
        .findFirst()
        .orElseThrow();
  }
}
