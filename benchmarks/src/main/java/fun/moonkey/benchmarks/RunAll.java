package fun.moonkey.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs every benchmark in one JVM session and writes a Markdown report of ratios measured side by
 * side: {@code java -jar benchmarks/target/benchmarks.jar [report.md]}.
 *
 * <p>System properties shorten or lengthen runs: {@code bench.concurrency} (default 1000), {@code
 * bench.latencyMillis} (100), {@code bench.threads} (32), {@code bench.warmupSeconds} (3), {@code
 * bench.measureSeconds} (10), {@code bench.jmhIterations} (5).
 */
public final class RunAll {

  private RunAll() {}

  public static void main(String[] args) throws Exception {
    // The emulator is the JDK's HTTP server, which closes idle connections beyond 200 by default:
    // more than that many pooled client connections would be cut after every answer.
    System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
    Path report = Path.of(args.length > 0 ? args[0] : "BENCHMARKS.md");
    int concurrency = Integer.getInteger("bench.concurrency", 1000);
    Duration latency = Duration.ofMillis(Integer.getInteger("bench.latencyMillis", 100));
    int threads = Integer.getInteger("bench.threads", 32);
    Duration warmup = Duration.ofSeconds(Integer.getInteger("bench.warmupSeconds", 3));
    Duration measure = Duration.ofSeconds(Integer.getInteger("bench.measureSeconds", 10));
    int jmhIterations = Integer.getInteger("bench.jmhIterations", 5);
    int bulkhead = Integer.getInteger("bench.maxConcurrency", 256);

    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks\n\n");
    md.append("Measured side by side in one run on ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores, ")
        .append(System.getProperty("java.vm.name"))
        .append(' ')
        .append(System.getProperty("java.version"))
        .append(", ")
        .append(Instant.now())
        .append(".\n\nReproduce with:\n\n```sh\n")
        .append("./mvnw -B -q -pl benchmarks -am package -DskipTests\n")
        .append("java -jar benchmarks/target/benchmarks.jar BENCHMARKS.md\n```\n\n");

    passThrough(md, jmhIterations);
    flush(report, md);
    load(md, concurrency, latency, threads, warmup, measure, bulkhead);
    flush(report, md);
    localWork(md, Math.min(concurrency, 64), threads, warmup, measure);
    flush(report, md);
    footprint(md);
    flush(report, md);
    System.out.println(md);
    System.exit(0);
  }

  private static void flush(Path report, StringBuilder md) throws IOException {
    Files.writeString(report, md, StandardCharsets.UTF_8);
  }

  private static void passThrough(StringBuilder md, int iterations) throws Exception {
    Options options =
        new OptionsBuilder()
            .include(PassThroughBenchmark.class.getName())
            .forks(1)
            .warmupIterations(iterations)
            .warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
            .measurementIterations(iterations)
            .measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
            .addProfiler(GCProfiler.class)
            .build();
    Collection<RunResult> results = new Runner(options).run();
    double emptyNs = 0;
    double oursNs = 0;
    double emptyAlloc = 0;
    double oursAlloc = 0;
    double oursError = 0;
    for (RunResult result : results) {
      String name = result.getParams().getBenchmark();
      Result<?> primary = result.getPrimaryResult();
      @SuppressWarnings({"rawtypes", "unchecked"})
      Map<String, Result<?>> secondary = (Map) result.getSecondaryResults();
      Result<?> alloc = secondary.get("gc.alloc.rate.norm");
      double bytes = alloc == null ? Double.NaN : alloc.getScore();
      if (name.endsWith("emptyFilter")) {
        emptyNs = primary.getScore();
        emptyAlloc = bytes;
      } else {
        oursNs = primary.getScore();
        oursError = primary.getScoreError();
        oursAlloc = bytes;
      }
    }
    md.append("## 1. Pass-through overhead (JMH, non-logout request)\n\n")
        .append("| filter | ns/call | bytes allocated/call |\n| --- | --- | --- |\n")
        .append(String.format(Locale.ROOT, "| empty filter | %.1f | %.1f |%n", emptyNs, emptyAlloc))
        .append(
            String.format(
                Locale.ROOT,
                "| LogoutFilter (logout-path=/logout) | %.1f ± %.1f | %.1f |%n",
                oursNs,
                oursError,
                oursAlloc))
        .append(
            String.format(
                Locale.ROOT,
                "%nOverhead of LogoutFilter over the empty filter: **%.1f ns** per call"
                    + " (target < 50 ns), allocation %.1f bytes per call (target 0).%n%n",
                oursNs - emptyNs,
                oursAlloc));
  }

  private static void load(
      StringBuilder md,
      int concurrency,
      Duration latency,
      int threads,
      Duration warmup,
      Duration measure,
      int bulkhead)
      throws Exception {
    List<LoadBenchmark.Row> rows =
        new LoadBenchmark(
                concurrency,
                latency,
                threads,
                warmup,
                measure,
                Map.of("max-concurrency", Integer.toString(bulkhead)))
            .run();
    double ours = rows.get(0).result().perSecond();
    double naive = rows.get(2).result().perSecond();
    double limit = rows.get(3).result().perSecond();
    md.append("## 2. Logout under load\n\n")
        .append(
            String.format(
                Locale.ROOT,
                "%d concurrent clients, MoonKey emulator latency L = %d ms, Jetty pool of %d threads,"
                    + " filter with max-concurrency (bulkhead) = %d,"
                    + " %d s warm-up then %d s measured per contender.%n%n",
                concurrency,
                latency.toMillis(),
                threads,
                bulkhead,
                warmup.toSeconds(),
                measure.toSeconds()))
        .append(
            "| contender | logouts/s | p50 ms | p99 ms | errors | busy container threads, peak |"
                + " busy container threads, mean | TCP connections to MoonKey |\n"
                + "| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (LoadBenchmark.Row row : rows) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.0f | %.1f | %.1f | %d | %s | %s | %d |%n",
              row.name(),
              row.result().perSecond(),
              row.result().p50Millis(),
              row.result().p99Millis(),
              row.result().errors(),
              row.name().startsWith("(d)") ? "n/a" : Integer.toString(row.peakBusyThreads()),
              row.name().startsWith("(d)")
                  ? "n/a"
                  : String.format(Locale.ROOT, "%.1f", row.meanBusyThreads()),
              row.connectionsToMoonKey()));
    }
    md.append(
        String.format(
            Locale.ROOT,
            "%nRatios: (a)/(d) = **%.2f** (target ≥ 0.8); (a)/(c) = **%.1f** (target ≥ 5);"
                + " (a) p99 = %.1f ms against 1.5 × L + 50 ms = %.0f ms; (a) busy container"
                + " threads peak %d, mean %.1f (target < 8); (a) connections %d against 2 ×"
                + " bulkhead = %d.%n%n",
            ours / limit,
            ours / naive,
            rows.get(0).result().p99Millis(),
            1.5 * latency.toMillis() + 50,
            rows.get(0).peakBusyThreads(),
            rows.get(0).meanBusyThreads(),
            rows.get(0).connectionsToMoonKey(),
            2 * bulkhead));
  }

  private static void localWork(
      StringBuilder md, int concurrency, int threads, Duration warmup, Duration measure)
      throws Exception {
    List<LocalWorkBenchmark.Row> rows =
        new LocalWorkBenchmark(concurrency, threads, warmup, measure).run();
    md.append("## 3. Local work against Spring Security's LogoutFilter\n\n")
        .append(
            String.format(
                Locale.ROOT,
                "%d concurrent clients; each operation signs in (creates an HttpSession) then posts"
                    + " the logout; MoonKey latency 0.%n%n",
                concurrency))
        .append(
            "| contender | operations/s | p50 ms | p99 ms | errors |\n| --- | --- | --- | --- | --- |\n");
    for (LocalWorkBenchmark.Row row : rows) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.0f | %.2f | %.2f | %d |%n",
              row.name(),
              row.result().perSecond(),
              row.result().p50Millis(),
              row.result().p99Millis(),
              row.result().errors()));
    }
    md.append(
        String.format(
            Locale.ROOT,
            "%nRatio ours / Spring Security (local work): **%.2f** (target ≥ 1.0).%n%n",
            rows.get(0).result().perSecond() / rows.get(1).result().perSecond()));
  }

  private static void footprint(StringBuilder md) throws Exception {
    Footprint.Result result = Footprint.measure();
    md.append("## 4. Footprint\n\n")
        .append("| figure | value |\n| --- | --- |\n")
        .append(
            String.format(
                Locale.ROOT,
                "| first `init()` (cold JVM classes) | %.1f ms |%n",
                result.initMillisFirst()))
        .append(
            String.format(
                Locale.ROOT, "| `init()`, median of 15 | %.2f ms |%n", result.initMillisMedian()))
        .append(
            String.format(
                Locale.ROOT,
                "| retained heap per started and warmed client (config, revoker, HTTP client, pools) | %.2f MiB (target ≤ 16 MB) |%n",
                result.retainedMiBPerService()))
        .append(
            String.format(
                Locale.ROOT,
                "| retained heap per in-flight logout (2000 waiting on a hanging MoonKey) | %.2f KiB |%n%n",
                result.retainedKiBPerInFlightLogout()));
  }
}
