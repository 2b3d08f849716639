package fun.moonkey.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A main class of the benchmarks jar running in a JVM of its own, talked to in lines: commands on
 * its standard input, answers on its standard output. Its standard error goes to a log file. The
 * child is expected to exit when its standard input closes, so that it does not outlive this JVM
 * even when this one is killed; {@link #close()} and a shutdown hook also destroy it.
 */
final class ChildJvm implements AutoCloseable {

  private static final Duration EXIT_WAIT = Duration.ofSeconds(5);

  private final String name;
  private final Process process;
  private final Path log;
  private final Writer stdin;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final Thread shutdownHook;

  private ChildJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.shutdownHook = new Thread(process::destroyForcibly, name + "-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    Thread reader = new Thread(this::readLines, name + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code main} with this JVM's {@code java} and class path.
   *
   * @param name names the log file and the messages
   * @param jvmOptions options before the class name, such as {@code -Dkey=value}
   * @param environment variables added to this JVM's environment
   * @param logDir where {@code <name>.log} receives the child's standard error
   */
  static ChildJvm start(
      String name,
      List<String> jvmOptions,
      Map<String, String> environment,
      Class<?> main,
      List<String> args,
      Path logDir) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(args);
    Path log = logDir.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
    builder.environment().putAll(environment);
    try {
      return new ChildJvm(name, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + name + ": " + command, e);
    }
  }

  long pid() {
    return process.pid();
  }

  /**
   * Waits for the next output line that starts with {@code prefix}, skipping others.
   *
   * @return the rest of the line after the prefix
   * @throws IllegalStateException if the child exits or is silent for {@code timeout}
   */
  String awaitLine(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null && line.startsWith(prefix)) {
        return line.substring(prefix.length());
      }
      if (line == null && !process.isAlive() && lines.isEmpty()) {
        throw new IllegalStateException(
            name + " exited with status " + process.exitValue() + "; " + logTail());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            name
                + " printed no line starting with '"
                + prefix
                + "' in "
                + timeout
                + "; "
                + logTail());
      }
    }
  }

  /** Sends one command line and returns the answer line that starts with {@code prefix}. */
  String command(String command, String prefix) throws InterruptedException {
    try {
      stdin.write(command + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(name + " did not take the command '" + command + "'", e);
    }
    return awaitLine(prefix, Duration.ofSeconds(30));
  }

  /**
   * Sends {@code command} and parses its answer, the line that starts with {@code prefix} followed
   * by {@code name=number} pairs separated by spaces.
   */
  Map<String, Long> values(String command, String prefix) throws InterruptedException {
    Map<String, Long> values = new java.util.HashMap<>();
    for (String pair : command(command, prefix).trim().split(" +")) {
      int equals = pair.indexOf('=');
      if (equals < 1) {
        throw new IllegalStateException(name + " answered '" + pair + "' to " + command);
      }
      values.put(pair.substring(0, equals), Long.parseLong(pair.substring(equals + 1)));
    }
    return values;
  }

  private void readLines() {
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        lines.add(line);
      }
    } catch (IOException e) {
      // the child is gone; awaitLine reports it
    }
  }

  /** The log's last lines, stack frames left out so that the exception's message shows. */
  private String logTail() {
    try {
      List<String> lines =
          Files.readAllLines(log, StandardCharsets.UTF_8).stream()
              .filter(line -> !line.stripLeading().startsWith("at "))
              .toList();
      return "last lines of "
          + log
          + " (stack frames left out):\n  "
          + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "its log " + log + " cannot be read: " + e;
    }
  }

  /**
   * Closes the child's standard input, then destroys it if it has not exited in 5 s, forcibly after
   * another 5 s or at once if this thread is interrupted.
   */
  @Override
  public void close() {
    try {
      stdin.close();
    } catch (IOException e) {
      // already gone
    }
    try {
      if (!process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroy();
        if (!process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to: nothing left to do
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ")";
  }
}
