package fun.moonkey.containers;

import java.net.URI;
import java.nio.file.Path;

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
