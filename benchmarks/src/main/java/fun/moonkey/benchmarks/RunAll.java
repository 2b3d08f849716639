package fun.moonkey.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
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
 * side: {@code java -jar benchmarks/target/benchmarks.jar [report.md [section…]]}.
 *
 * <p>Without section names every section runs and the report is written anew. With names ({@code
 * passthrough}, {@code wrk}, {@code localwork}, {@code footprint}) only those run, and each
 * replaces its own section of an existing report, the rest of the file left as it is.
 *
 * <p>Sections 2 and 3 also draw their throughput and latency figures as PNG charts (JFreeChart), by
 * default into {@code docs/benchmarks/} beside the report, which embeds them with relative links:
 * the tables and the charts always come from the same run.
 *
 * <p>System properties shorten or lengthen runs (benchmarks/README.md lists them with their
 * meaning): {@code bench.quick} (false; true shortens every default below for development), {@code
 * bench.pairs} (3), {@code bench.warmupSeconds} (30), {@code bench.warmupMaxSeconds} (90), {@code
 * bench.jitQuietPercent} (1), {@code bench.settleSeconds} (2), {@code bench.measureSeconds} (10),
 * {@code bench.latencyMillis} (100), {@code bench.threads} (32), {@code bench.concurrency} (the wrk
 * connections of the local-work section, 16,64), {@code bench.wrkConnections} (50,200,1000), {@code
 * bench.maxConcurrency} (the filter's {@code max-concurrency}, 256), {@code bench.jmhIterations}
 * (5), {@code bench.chartDir} (docs/benchmarks, relative to the report's directory), {@code
 * bench.serverJvmOptions} and {@code bench.wrk} (the wrk binary; default: the {@code PATH}'s).
 */
public final class RunAll {

  /** Appends one section to the report; false if it was skipped and wrote only why. */
  @FunctionalInterface
  private interface SectionWriter {
    boolean write(StringBuilder md) throws Exception;
  }

  /** A section of the report, found in an existing report by the start of its heading. */
  private record Section(String name, String heading, SectionWriter writer) {}

  private static final String COMMAND =
      "java -Djava.awt.headless=true -jar benchmarks/target/benchmarks.jar";

  private RunAll() {}

  public static void main(String[] args) throws Exception {
    // The emulator is the JDK's HTTP server, which closes idle connections beyond 200 by default:
    // more than that many pooled client connections would be cut after every answer.
    System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
    // The charts are drawn with AWT, which must not look for a display.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    Path report = Path.of(args.length > 0 ? args[0] : "BENCHMARKS.md");
    Files.createDirectories(report.toAbsolutePath().getParent());
    // Quick mode, for development: every figure is noise, but every code path runs.
    boolean quick = flag("bench.quick");
    List<Integer> clients = integers("bench.concurrency", quick ? "64" : "16,64");
    Duration latency = Duration.ofMillis(integer("bench.latencyMillis", 100));
    int threads = integer("bench.threads", 32);
    int warmupSeconds = integer("bench.warmupSeconds", quick ? 5 : 30);
    MeasureSettings measure =
        new MeasureSettings(
            Duration.ofSeconds(warmupSeconds),
            Duration.ofSeconds(
                integer(
                    "bench.warmupMaxSeconds", quick ? warmupSeconds : Math.max(90, warmupSeconds))),
            decimal("bench.jitQuietPercent", "1"),
            Duration.ofSeconds(integer("bench.settleSeconds", quick ? 1 : 2)),
            Duration.ofSeconds(integer("bench.measureSeconds", quick ? 5 : 10)),
            integer("bench.pairs", quick ? 1 : 3));
    int jmhIterations = integer("bench.jmhIterations", quick ? 1 : 5);
    // The library's default unless asked otherwise.
    int maxConcurrency = integer("bench.maxConcurrency", 256);
    List<Integer> wrkConnections = integers("bench.wrkConnections", quick ? "200" : "50,200,1000");
    ChartFiles charts =
        ChartFiles.beside(report, System.getProperty("bench.chartDir", "docs/benchmarks"));
    Machine machine = Machine.current();

    List<Section> sections =
        List.of(
            new Section("passthrough", "## 1. ", md -> passThrough(md, jmhIterations)),
            new Section(
                "wrk",
                "## 2. ",
                md ->
                    WrkSection.write(
                        md,
                        new WrkSettings(wrkConnections, latency, threads, maxConcurrency),
                        measure,
                        charts,
                        machine)),
            new Section(
                "localwork",
                "## 3. ",
                md ->
                    LocalWorkSection.write(
                        md, new LocalWorkBenchmark(clients, threads), measure, charts, machine)),
            new Section("footprint", "## 4. ", RunAll::footprint));

    if (args.length > 1) {
      int status = 0;
      for (String name : Arrays.asList(args).subList(1, args.length)) {
        Section section =
            sections.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "Unknown section '"
                                + name
                                + "': expected one of "
                                + sections.stream().map(Section::name).toList()));
        StringBuilder md = new StringBuilder();
        if (section.writer().write(md)) {
          String existing =
              Files.exists(report) ? Files.readString(report, StandardCharsets.UTF_8) : "";
          Files.writeString(
              report, replaceSection(existing, section.heading(), md), StandardCharsets.UTF_8);
          System.out.println(md);
        } else {
          System.out.println(md);
          System.out.println(report + " left as it was.");
          status = 1;
        }
      }
      System.exit(status);
    }

    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks\n\n");
    long started = System.nanoTime();
    int cores = Runtime.getRuntime().availableProcessors();
    md.append("Measured side by side in one run on a machine of ")
        .append(cores)
        .append(cores == 1 ? " core, " : " cores, ")
        .append(System.getProperty("java.vm.name"))
        .append(' ')
        .append(System.getProperty("java.version"))
        .append(", ")
        .append(Instant.now())
        .append(". The headline figures are ratios between contenders of this one run. The")
        .append(" absolute figures in the tables and the charts are of this machine and this run")
        .append(" only: read them against each other, not against another machine's. The charts")
        .append(" are drawn by the same run from the same figures as the tables.")
        .append("\n\nReproduce with:\n\n```sh\n")
        .append("./mvnw -B -q -pl benchmarks -am package -DskipTests\n")
        .append(COMMAND)
        .append(" BENCHMARKS.md\n```\n\n")
        .append("One section alone: `")
        .append(COMMAND)
        .append(" BENCHMARKS.md wrk`")
        .append(" (see [benchmarks/README.md](benchmarks/README.md)).\n\n");
    for (Section section : sections) {
      section.writer().write(md);
      flush(report, md);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    md.append(
        String.format(
            Locale.ROOT,
            "The whole run took %d min %02d s.%n",
            took.toMinutes(),
            took.toSecondsPart()));
    flush(report, md);
    System.out.println(md);
    System.exit(0);
  }

  /**
   * The positive integers of the comma-separated system property {@code key}, else of {@code
   * fallback}.
   *
   * @throws IllegalArgumentException naming the key and the value if one is not a positive integer
   */
  static List<Integer> integers(String key, String fallback) {
    String value = System.getProperty(key, fallback);
    try {
      List<Integer> values =
          Arrays.stream(value.split(",")).map(String::strip).map(Integer::valueOf).toList();
      if (values.stream().anyMatch(v -> v < 1)) {
        throw new NumberFormatException();
      }
      return values;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          key
              + ": expected positive integers separated by commas, like "
              + fallback
              + ", got '"
              + value
              + "'",
          e);
    }
  }

  /**
   * The positive integer of the system property {@code key}, else {@code fallback}.
   *
   * @throws IllegalArgumentException naming the key and the value if it is not one
   */
  static int integer(String key, int fallback) {
    List<Integer> values = integers(key, Integer.toString(fallback));
    if (values.size() != 1) {
      throw new IllegalArgumentException(
          key + ": expected one positive integer, like " + fallback + ", got " + values);
    }
    return values.get(0);
  }

  /**
   * The system property {@code key} as a boolean: absent is false, else exactly {@code true} or
   * {@code false}.
   *
   * @throws IllegalArgumentException naming the key and the value otherwise
   */
  static boolean flag(String key) {
    String value = System.getProperty(key, "false");
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(key + ": expected true or false, got '" + value + "'");
    };
  }

  /**
   * The non-negative decimal of the system property {@code key}, else of {@code fallback}.
   *
   * @throws IllegalArgumentException naming the key and the value if it is not one
   */
  static double decimal(String key, String fallback) {
    String value = System.getProperty(key, fallback);
    try {
      double parsed = Double.parseDouble(value.strip());
      if (!(parsed >= 0) || Double.isInfinite(parsed)) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          key + ": expected a non-negative number like " + fallback + ", got '" + value + "'", e);
    }
  }

  /**
   * {@code report} with the section whose heading line starts with {@code heading} replaced by
   * {@code section}, up to the next {@code ## } heading; {@code section} is appended if there is no
   * such heading.
   */
  static String replaceSection(String report, String heading, CharSequence section) {
    int start = report.startsWith(heading) ? 0 : report.indexOf("\n" + heading);
    if (start < 0) {
      return report + (report.isEmpty() || report.endsWith("\n\n") ? "" : "\n") + section;
    }
    if (start > 0) {
      start++;
    }
    int end = report.indexOf("\n## ", start + heading.length());
    return report.substring(0, start) + section + (end < 0 ? "" : report.substring(end + 1));
  }

  private static void flush(Path report, StringBuilder md) throws IOException {
    Files.writeString(report, md, StandardCharsets.UTF_8);
  }

  private static boolean passThrough(StringBuilder md, int iterations) throws Exception {
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
    Map<String, double[]> scores = new java.util.HashMap<>();
    for (RunResult result : results) {
      String name = result.getParams().getBenchmark();
      Result<?> primary = result.getPrimaryResult();
      @SuppressWarnings({"rawtypes", "unchecked"})
      Map<String, Result<?>> secondary = (Map) result.getSecondaryResults();
      Result<?> alloc = secondary.get("gc.alloc.rate.norm");
      scores.put(
          name.substring(name.lastIndexOf('.') + 1),
          new double[] {
            primary.getScore(),
            primary.getScoreError(),
            alloc == null ? Double.NaN : alloc.getScore()
          });
    }
    md.append("## 1. Pass-through overhead (JMH, non-logout request)\n\n")
        .append("| filter | ns/call | bytes allocated/call |\n| --- | --- | --- |\n");
    row(md, "empty filter", scores.get("emptyFilter"));
    row(md, "LogoutFilter (logout-path=/logout)", scores.get("logoutFilter"));
    row(
        md,
        "LogoutFilter (logout-path=/logout, sessions-api=true)",
        scores.get("sessionsApiFilter"));
    row(md, "empty filter, request in a signed-in HttpSession", scores.get("emptyFilterSignedIn"));
    row(
        md,
        "LogoutFilter, enforce-revocations=true, session not revoked (10,000 others are)",
        scores.get("enforcingFilterSignedIn"));
    double overhead = scores.get("logoutFilter")[0] - scores.get("emptyFilter")[0];
    double allocated = scores.get("logoutFilter")[2];
    double sessionsOverhead = scores.get("sessionsApiFilter")[0] - scores.get("emptyFilter")[0];
    double sessionsAllocated = scores.get("sessionsApiFilter")[2];
    double enforcing =
        scores.get("enforcingFilterSignedIn")[0] - scores.get("emptyFilterSignedIn")[0];
    double enforcingAllocated = scores.get("enforcingFilterSignedIn")[2];
    md.append(
        "\nTargets (overhead: LogoutFilter's ns/call minus the empty filter's; allocation: JMH's"
            + " gc profiler, `gc.alloc.rate.norm`):\n\n");
    md.append(
        new Targets()
            .add(
                "pass-through overhead of LogoutFilter < 5 ns",
                String.format(Locale.ROOT, "**%.1f ns**", overhead),
                overhead < 5)
            .add(
                "pass-through allocation of LogoutFilter 0 bytes",
                allocation(allocated),
                allocated < 0.5)
            .add(
                "pass-through overhead of LogoutFilter with sessions-api < 5 ns",
                String.format(Locale.ROOT, "**%.1f ns**", sessionsOverhead),
                sessionsOverhead < 5)
            .add(
                "pass-through allocation of LogoutFilter with sessions-api 0 bytes",
                allocation(sessionsAllocated),
                sessionsAllocated < 0.5)
            .add(
                "enforce-revocations check of a session not revoked < 50 ns",
                String.format(Locale.ROOT, "**%.1f ns**", enforcing),
                enforcing < 50)
            .add(
                "enforce-revocations check allocation 0 bytes",
                allocation(enforcingAllocated),
                enforcingAllocated < 0.5)
            .markdown());
    return true;
  }

  /** Bytes per call as JMH reported them, or why there is no figure (NaN never meets 0). */
  private static String allocation(double bytes) {
    return Double.isNaN(bytes)
        ? "not reported by JMH's gc profiler"
        : String.format(Locale.ROOT, "**%.2f bytes**", bytes);
  }

  private static void row(StringBuilder md, String name, double[] score) {
    md.append(
        String.format(
            Locale.ROOT, "| %s | %.1f ± %.1f | %.1f |%n", name, score[0], score[1], score[2]));
  }

  private static boolean footprint(StringBuilder md) throws Exception {
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
    return true;
  }
}
