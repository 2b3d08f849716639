package fun.moonkey.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Jetty 12 distribution ({@code jetty-home}, unpacked by the build from Maven Central) run
 * as its own process, the way its documentation sets one up: a fresh {@code jetty.base} made by
 * {@code start.jar --add-modules=}{@value #MODULES}, the WARs in its {@code webapps/} directory,
 * then {@code java -jar $JETTY_HOME/start.jar} in that base, on a free loopback port, its console
 * in {@code <base>/jetty.log}. The deployer scans {@code webapps/} every second, so that a WAR
 * copied there is deployed and a WAR removed is undeployed.
 */
public final class JettyServer extends ProcessServer {

  /**
   * The modules of the base: the HTTP connector, the ee10 (Servlet 6.0) deployer of {@code
   * webapps/}, and annotation scanning, without which Jetty runs no {@code
   * ServletContainerInitializer} of a WAR (neither the library's zero-XML one nor Jersey's).
   */
  public static final String MODULES = "http,ee10-deploy,ee10-annotations";

  /** Jetty starts in seconds; the rest is for a busy 2-core machine. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(60);

  private JettyServer(Started started) {
    super(started);
  }

  /**
   * Makes the base (the launch's distribution is {@code JETTY_HOME}), copies the WARs into {@code
   * webapps/} and starts Jetty; returns once the process runs (see {@link #awaitReady}).
   */
  public static JettyServer start(Launch launch) throws IOException {
    Path base = launch.freshBase();
    Path startJar = launch.distribution().resolve("start.jar");
    addModules(launch.java(), startJar, base);
    Path webapps = Files.createDirectories(base.resolve("webapps"));
    // With a work/ directory in the base, Jetty unpacks the WARs there rather than in /tmp.
    Files.createDirectories(base.resolve("work"));
    Launch.copyWars(launch.wars(), webapps);
    int port = Ports.free();
    List<String> command = new ArrayList<>();
    command.add(launch.java());
    command.addAll(List.of("-Xmx256m", "-Djava.io.tmpdir=" + base.resolve("work")));
    command.addAll(launch.serverJvmOptions());
    command.addAll(
        List.of(
            "-jar",
            startJar.toString(),
            "jetty.base=" + base,
            "jetty.http.host=127.0.0.1",
            "jetty.http.port=" + port,
            "jetty.deploy.scanInterval=1"));
    ContainerProcess process =
        ContainerProcess.start(
            launch.name(), command, launch.environment(), base, base.resolve("jetty.log"));
    return new JettyServer(new Started(launch.name(), port, webapps, process));
  }

  /**
   * Runs {@code start.jar --add-modules} in {@code base}, as a user makes a {@code jetty.base}.
   *
   * @throws IOException when it fails, with its output
   */
  private static void addModules(String java, Path startJar, Path base) throws IOException {
    Path log = base.resolve("add-modules.log");
    Process setup =
        new ProcessBuilder(
                java, "-jar", startJar.toString(), "jetty.base=" + base, "--add-modules=" + MODULES)
            .directory(base.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      if (!setup.waitFor(SETUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        setup.destroyForcibly();
        throw new IOException("start.jar --add-modules did not finish in " + SETUP_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      setup.destroyForcibly();
      throw new IOException("Interrupted while making the Jetty base " + base, e);
    }
    if (setup.exitValue() != 0) {
      throw new IOException(
          "start.jar --add-modules="
              + MODULES
              + " exited with "
              + setup.exitValue()
              + ":\n"
              + Files.readString(log));
    }
  }

  /**
   * Copies {@code war} into {@code webapps/} as {@code <context>.war}, which makes Jetty deploy it
   * within a second or two; wait for it with {@link #awaitReady}.
   */
  public void deploy(String context, Path war) throws IOException {
    // Copied under another name first, so that the scanner never sees half a WAR.
    Path partial = Files.copy(war, deployments().resolve(context + ".war.partial"));
    Files.move(partial, deployments().resolve(context + ".war"));
  }

  /**
   * Removes {@code context}'s WAR from {@code webapps/}, which makes Jetty undeploy it, and waits
   * until {@code path} answers 404.
   */
  public void undeploy(String context, String path) throws IOException {
    Files.delete(deployments().resolve(context + ".war"));
    awaitReady(context, path, status -> status == 404, START_TIMEOUT);
  }
}
