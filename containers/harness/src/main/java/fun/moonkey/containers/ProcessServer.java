package fun.moonkey.containers;

import java.net.URI;

/** What every server of the harness has: a name, a loopback HTTP port and its process. */
abstract class ProcessServer implements Server {

  private final String name;
  private final int port;
  private final ContainerProcess process;

  ProcessServer(String name, int port, ContainerProcess process) {
    this.name = name;
    this.port = port;
    this.process = process;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final URI base(String context) {
    return URI.create("http://127.0.0.1:" + port + "/" + context + "/");
  }

  @Override
  public final ContainerProcess process() {
    return process;
  }

  @Override
  public final void close() {
    process.close();
  }
}
