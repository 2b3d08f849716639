package fun.moonkey.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real WildFly distribution (unpacked by the build from Maven Central) run as its own process
 * with {@code standalone.xml}, a fresh {@code jboss.server.base.dir}, every port on a free loopback
 * port, and the WARs in its {@code deployments/} directory, which WildFly deploys at boot and marks
 * {@code .deployed} or {@code .failed}.
 */
public final class WildFlyServer extends ProcessServer {

  /** WildFly boots in well under a minute, even on a busy 2-core machine. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(150);

  private WildFlyServer(Started started) {
    super(started);
  }

  /**
   * Starts WildFly (the launch's distribution) with the WARs in {@code deployments/}; returns once
   * the process runs (see {@link #awaitDeployments}).
   */
  public static WildFlyServer start(Launch launch) throws IOException {
    Path base = launch.freshBase();
    Path home = launch.distribution();
    Path configuration = Files.createDirectories(base.resolve("configuration"));
    try (Stream<Path> files = Files.list(home.resolve("standalone/configuration"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, configuration.resolve(file.getFileName()));
      }
    }
    Path deployments = Files.createDirectories(base.resolve("deployments"));
    Launch.copyWars(launch.wars(), deployments);
    int port = Ports.free();
    List<String> command = new ArrayList<>();
    command.add(launch.java());
    command.addAll(
        List.of(
            "-Xmx512m",
            "-Djava.net.preferIPv4Stack=true",
            "-Djboss.modules.system.pkgs=org.jboss.byteman",
            "-Djava.awt.headless=true",
            "--add-exports=java.desktop/sun.awt=ALL-UNNAMED",
            "--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED",
            "--add-exports=java.naming/com.sun.jndi.url.ldap=ALL-UNNAMED",
            "--add-exports=java.naming/com.sun.jndi.url.ldaps=ALL-UNNAMED",
            "--add-exports=jdk.naming.dns/com.sun.jndi.dns=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.security=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.management/javax.management=ALL-UNNAMED",
            "--add-opens=java.naming/javax.naming=ALL-UNNAMED",
            "--add-modules=java.se",
            "-Dorg.jboss.boot.log.file=" + base.resolve("log/server.log"),
            "-Dlogging.configuration=file:" + configuration.resolve("logging.properties"),
            "-Djboss.home.dir=" + home,
            "-Djboss.server.base.dir=" + base,
            "-Djboss.bind.address=127.0.0.1",
            "-Djboss.bind.address.management=127.0.0.1",
            "-Djboss.http.port=" + port,
            "-Djboss.https.port=" + Ports.free(),
            "-Djboss.management.http.port=" + Ports.free(),
            "-Djboss.management.https.port=" + Ports.free(),
            "-Djboss.ajp.port=" + Ports.free()));
    command.addAll(launch.serverJvmOptions());
    command.addAll(
        List.of(
            "-jar",
            home.resolve("jboss-modules.jar").toString(),
            "-mp",
            home.resolve("modules").toString(),
            "org.jboss.as.standalone",
            "-c",
            "standalone.xml"));
    Map<String, String> env = new HashMap<>(launch.environment());
    env.put("JBOSS_HOME", home.toString());
    ContainerProcess process =
        ContainerProcess.start(launch.name(), command, env, base, base.resolve("wildfly.log"));
    return new WildFlyServer(new Started(launch.name(), port, deployments, process));
  }

  /**
   * Waits until WildFly has marked every WAR {@code .deployed} or {@code .failed}.
   *
   * @return the contexts whose deployment failed
   * @throws AssertionError when the server dies or {@code timeout} passes first
   */
  public List<String> awaitDeployments(Duration timeout) throws IOException {
    return awaitMarkers(".deployed", ".failed", timeout);
  }
}
