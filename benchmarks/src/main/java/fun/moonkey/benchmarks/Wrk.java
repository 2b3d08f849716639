package fun.moonkey.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The wrk load generator (Debian package {@code wrk}) in a process of its own, with the Lua scripts
 * of this jar ({@code logout.lua}, {@code delete.lua}, {@code localwork.lua}), each of which prints
 * a machine-readable {@code wrk-result} line that {@link #run} parses.
 */
final class Wrk {

  /**
   * One wrk run. Latencies are of the completed requests.
   *
   * @param counted the logouts the script counted itself (the local-work script, whose requests are
   *     half sign-ins); -1 when it counts none
   * @param unexpected answers the script did not expect (neither a sign-in nor a logout)
   */
  record Result(
      long requests,
      double seconds,
      Latencies latencies,
      long socketErrors,
      long statusErrors,
      long pending,
      long counted,
      long unexpected) {

    /**
     * The logouts the script counted, else the answers below 400 that did not report a pending
     * revocation.
     */
    long successes() {
      return counted >= 0 ? counted : requests - statusErrors - pending;
    }

    double successesPerSecond() {
      return successes() / seconds;
    }

    long errors() {
      return socketErrors + statusErrors + unexpected;
    }
  }

  private static final String RESULT_PREFIX = "wrk-result ";
  private static final List<String> SCRIPTS =
      List.of("report.lua", "logout.lua", "delete.lua", "localwork.lua");

  private final Path binary;
  private final Path scripts;

  private Wrk(Path binary, Path scripts) {
    this.binary = binary;
    this.scripts = scripts;
  }

  /**
   * The wrk named by the system property {@code bench.wrk}, else the first {@code wrk} on the
   * {@code PATH}, with the scripts copied to {@code workDir}; empty if there is none.
   */
  static Optional<Wrk> find(Path workDir) {
    String configured = System.getProperty("bench.wrk");
    Optional<Path> binary =
        configured != null
            ? Optional.of(Path.of(configured)).filter(Files::isExecutable)
            : java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "wrk"))
                .filter(Files::isExecutable)
                .findFirst();
    return binary.map(path -> new Wrk(path, copyScripts(workDir)));
  }

  private static Path copyScripts(Path workDir) {
    try {
      Path dir = Files.createDirectories(workDir.resolve("wrk"));
      for (String script : SCRIPTS) {
        try (InputStream in = Wrk.class.getResourceAsStream("wrk/" + script)) {
          if (in == null) {
            throw new IllegalStateException("wrk/" + script + " is missing from the jar");
          }
          Files.copy(in, dir.resolve(script), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the wrk scripts to " + workDir, e);
    }
  }

  /**
   * Runs {@code wrk -t threads -c connections -d duration --timeout timeout --latency -s script url
   * -- scriptArgs} and waits for it.
   *
   * @throws IllegalStateException if wrk fails or prints no result line
   */
  Result run(
      String script,
      URI url,
      int threads,
      int connections,
      Duration duration,
      Duration timeout,
      List<String> scriptArgs)
      throws InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.add("-t" + threads);
    command.add("-c" + connections);
    command.add("-d" + duration.toSeconds() + "s");
    command.add("--timeout");
    command.add(timeout.toSeconds() + "s");
    command.add("--latency");
    command.add("-s");
    command.add(scripts.resolve(script).toString());
    command.add(url.toString());
    command.add("--");
    command.addAll(scriptArgs);
    String output;
    int status;
    try {
      Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
      wrk.getOutputStream().close();
      output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      status = wrk.waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run " + binary, e);
    }
    String line =
        output
            .lines()
            .filter(l -> l.startsWith(RESULT_PREFIX))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "wrk exited with status " + status + " and no result line:\n" + output));
    Map<String, Long> values = new HashMap<>();
    for (String pair : line.substring(RESULT_PREFIX.length()).trim().split(" +")) {
      int equals = pair.indexOf('=');
      values.put(pair.substring(0, equals), Long.parseLong(pair.substring(equals + 1)));
    }
    return new Result(
        values.get("requests"),
        values.get("duration_us") / 1e6,
        new Latencies(
            values.get("p50_us") / 1e3,
            values.get("p90_us") / 1e3,
            values.get("p99_us") / 1e3,
            values.get("p999_us") / 1e3),
        values.get("connect") + values.get("read") + values.get("write") + values.get("timeout"),
        values.get("status"),
        values.get("pending"),
        values.get("logouts"),
        values.get("unexpected"));
  }
}
