package fun.moonkey.sample.it;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Payara Micro run as its own process ({@code java -jar payara-micro.jar --deploy …}) with
 * clustering and phone-home off, on a free loopback port, its files and log under {@code
 * target/it/<name>/}.
 */
final class PayaraMicroServer implements AutoCloseable {

  /** Payara Micro can take a minute to boot on a busy 2-core machine. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(150);

  private final int port;
  private final ContainerProcess process;

  private PayaraMicroServer(int port, ContainerProcess process) {
    this.port = port;
    this.process = process;
  }

  /**
   * Starts Payara Micro with {@code war} at {@code /<context>} and waits until {@code /api/me}
   * answers 401.
   *
   * @param java the {@code java} launcher to run it with
   */
  static PayaraMicroServer start(
      String name, String java, Path jar, Path war, String context, Map<String, String> environment)
      throws IOException {
    Path base = TestSettings.workDir(name);
    TomcatServer.deleteTree(base);
    Files.createDirectories(base.resolve("root"));
    Path deployed = Files.copy(war, base.resolve(context + ".war"));
    int port = Ports.free();
    List<String> command =
        List.of(
            java,
            "-Xmx512m",
            "-Djava.io.tmpdir=" + base,
            "-jar",
            jar.toString(),
            "--deploy",
            deployed.toString(),
            "--contextroot",
            context,
            "--port",
            Integer.toString(port),
            "--nohazelcast",
            "--disablephonehome",
            "--rootdir",
            base.resolve("root").toString());
    ContainerProcess process =
        ContainerProcess.start(name, command, environment, base, base.resolve("payara.log"));
    PayaraMicroServer server = new PayaraMicroServer(port, process);
    try {
      process.awaitReady(
          server.base(context).resolve("api/me"), status -> status == 401, START_TIMEOUT);
    } catch (AssertionError e) {
      server.close();
      throw e;
    }
    return server;
  }

  URI base(String context) {
    return URI.create("http://127.0.0.1:" + port + "/" + context + "/");
  }

  ContainerProcess process() {
    return process;
  }

  @Override
  public void close() {
    process.close();
  }
}
