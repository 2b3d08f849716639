package fun.moonkey.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;

/**
 * A container (Tomcat, Jetty, Payara Micro, WildFly) running as a separate process started by a
 * test, so that the deployed WAR sees only its own jars and the server's, never the test classpath.
 * Its output goes to a log file in its work directory, for assertions and for people. {@link
 * #close()} ends the process and every process it started.
 */
public final class ContainerProcess implements AutoCloseable {

  private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

  private final String name;
  private final Process process;
  private final Path log;
  private final long startedNanos = System.nanoTime();
  private Duration startupTime;

  private ContainerProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code command} in {@code directory} with {@code environment} added to this JVM's.
   *
   * @param log the file that receives stdout and stderr
   */
  public static ContainerProcess start(
      String name, List<String> command, Map<String, String> environment, Path directory, Path log)
      throws IOException {
    Files.createDirectories(log.getParent());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    // A test JVM that is stopped (Ctrl+C, a killed build) must not leave its servers running.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  process.descendants().forEach(ProcessHandle::destroyForcibly);
                  process.destroyForcibly();
                },
                "stop-" + name));
    return new ContainerProcess(name, process, log);
  }

  /**
   * Polls {@code probe} until its status satisfies {@code ready}, and records the time since the
   * start as the start-up time.
   *
   * @throws AssertionError when the process dies or {@code timeout} passes first, with the log's
   *     end
   */
  public void awaitReady(URI probe, IntPredicate ready, Duration timeout) {
    // HTTP/1.1 as a browser speaks it over plain http: the JDK client's default h2c upgrade can
    // deadlock Payara's Grizzly (two listener threads locking Http2Session and DefaultOutputSink in
    // opposite orders), after which the server answers nothing at all.
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    int last = -1;
    String failure = "no probe answered";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(
            name + " exited with " + process.exitValue() + " before it was ready:\n" + logTail());
      }
      try {
        last =
            client
                .send(
                    HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (ready.test(last)) {
          startupTime = Duration.ofNanos(System.nanoTime() - startedNanos);
          return;
        }
      } catch (IOException notYetListening) {
        // the connector is not open yet, or the request got no answer in time
        failure = notYetListening.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("Interrupted while waiting for " + name, e);
      }
      LockSupport.parkNanos(POLL_INTERVAL.toNanos());
    }
    throw new AssertionError(
        name
            + " not ready within "
            + timeout
            + " (last status "
            + last
            + ", "
            + failure
            + "; threads: "
            + threadDump()
            + "):\n"
            + logTail());
  }

  /**
   * Writes the server's threads next to its log with the {@code jcmd} of the JDK it runs on, for a
   * server that does not answer.
   *
   * @return the file, or why there is none
   */
  private String threadDump() {
    try {
      Path java = Path.of(process.info().command().orElseThrow());
      Path jcmd = java.resolveSibling("jcmd");
      Path dump = log.resolveSibling("threads-" + name + ".txt");
      Process jstack =
          new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
              .redirectErrorStream(true)
              .redirectOutput(dump.toFile())
              .start();
      if (!jstack.waitFor(30, TimeUnit.SECONDS)) {
        jstack.destroyForcibly();
      }
      return dump.toString();
    } catch (IOException | RuntimeException e) {
      return "none (" + e + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "none (interrupted)";
    }
  }

  /**
   * Waits until the log holds {@code text}.
   *
   * @throws AssertionError when {@code timeout} passes first
   */
  public void awaitLog(String text, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (log().contains(text)) {
        return;
      }
      LockSupport.parkNanos(POLL_INTERVAL.toNanos());
    }
    throw new AssertionError(name + ": no '" + text + "' in the log within " + timeout);
  }

  /** The time from start until {@link #awaitReady} succeeded. */
  public Duration startupTime() {
    if (startupTime == null) {
      throw new IllegalStateException(name + " is not ready");
    }
    return startupTime;
  }

  /** Everything the process has written so far. */
  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + log, e);
    }
  }

  public Path logFile() {
    return log;
  }

  /** The process itself, for its pid and children. */
  public ProcessHandle handle() {
    return process.toHandle();
  }

  /** Whether the process still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** The last few thousand characters of the log. */
  public String logTail() {
    String all = log();
    return all.length() <= 6000 ? all : all.substring(all.length() - 6000);
  }

  /**
   * Kills the process with {@code SIGKILL}, as a crash or the OOM killer would: no shutdown hook,
   * no chance to save anything. Returns once it is gone.
   */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " still runs after SIGKILL");
    }
  }

  /** Ends the process and its descendants: politely first, then forcibly. */
  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }
}
