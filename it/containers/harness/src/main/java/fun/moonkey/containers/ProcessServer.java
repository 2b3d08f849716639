package fun.moonkey.containers;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * What every server of the harness has: a name, a loopback HTTP port, the directory its WARs are
 * deployed from, and its process.
 */
abstract class ProcessServer implements Server {

  /**
   * A server process just started.
   *
   * @param name the server's name in logs and reports
   * @param port its HTTP port on loopback
   * @param deployments the directory it deploys its WARs from
   * @param process the process
   */
  record Started(String name, int port, Path deployments, ContainerProcess process) {}

  private final Started started;

  ProcessServer(Started started) {
    this.started = started;
  }

  /** The directory the server deploys its WARs from. */
  final Path deployments() {
    return started.deployments();
  }

  /**
   * Waits until the server has marked every WAR of {@link #deployments()} with a file named after
   * it plus {@code deployed} or {@code failed} (the way WildFly's and GlassFish's deployment
   * scanners report).
   *
   * @return the contexts whose deployment failed
   * @throws AssertionError when the server dies or {@code timeout} passes first
   */
  final List<String> awaitMarkers(String deployed, String failed, Duration timeout)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<String> pending = new ArrayList<>();
      List<String> failures = new ArrayList<>();
      try (Stream<Path> files = Files.list(deployments())) {
        for (Path war : files.filter(f -> f.toString().endsWith(".war")).toList()) {
          String file = war.getFileName().toString();
          String context = file.substring(0, file.length() - ".war".length());
          if (Files.exists(war.resolveSibling(file + failed))) {
            failures.add(context);
          } else if (!Files.exists(war.resolveSibling(file + deployed))) {
            pending.add(context);
          }
        }
      }
      if (pending.isEmpty()) {
        return failures;
      }
      if (!process().isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError(
            name()
                + ": not deployed within "
                + timeout
                + ": "
                + pending
                + "\n"
                + process().logTail());
      }
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
  }

  @Override
  public final String name() {
    return started.name();
  }

  @Override
  public final URI base(String context) {
    return URI.create("http://127.0.0.1:" + started.port() + "/" + context + "/");
  }

  @Override
  public final ContainerProcess process() {
    return started.process();
  }

  @Override
  public final void close() {
    started.process().close();
  }
}
