package fun.moonkey.containers;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real Tomcat distribution (unpacked by the build from Maven Central) run as its own process,
 * with a fresh {@code CATALINA_BASE}: a loopback connector on a free port, no shutdown port,
 * auto-deploy checked every second, and every log line on the console, which goes to {@code
 * <base>/tomcat.log}.
 *
 * <p>A TomEE distribution (a Tomcat whose {@code conf/} has a {@code tomee.xml}) starts the same
 * way, with what TomEE adds to Tomcat and nothing more: its {@code tomee.xml} and {@code
 * system.properties} in {@code CATALINA_BASE/conf}, its server listener first in {@code
 * server.xml}, and the OpenEJB agent its {@code catalina.sh} puts on the JVM.
 */
public final class TomcatServer extends ProcessServer {

  /** Long enough for a busy 2-core machine. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private TomcatServer(Started started) {
    super(started);
  }

  /**
   * Starts Tomcat with the WARs already in {@code webapps/}, {@code CATALINA_BASE} being the
   * launch's base and {@code CATALINA_HOME} its distribution; returns once the process runs (see
   * {@link #awaitReady}).
   */
  public static TomcatServer start(Launch launch) throws IOException {
    return start(launch, Map.of());
  }

  /**
   * {@link #start(Launch)}, with more files in {@code CATALINA_BASE} first: a JDBC driver in {@code
   * lib/}, a context descriptor in {@code conf/Catalina/localhost/}, a {@code
   * conf/logging.properties} of its own (which replaces {@link #LOGGING_PROPERTIES}, for example
   * the distribution's own in place of the harness's console-only one).
   *
   * @param files path relative to {@code CATALINA_BASE} to the file copied there, replacing the
   *     harness's file of that name
   */
  public static TomcatServer start(Launch launch, Map<String, Path> files) throws IOException {
    Path base = launch.freshBase();
    Path home = launch.distribution();
    for (String dir : List.of("conf", "webapps", "logs", "temp", "work")) {
      Files.createDirectories(base.resolve(dir));
    }
    List<String> conf = new ArrayList<>(List.of("web.xml", "context.xml", "catalina.properties"));
    if (tomEE(home)) {
      conf.addAll(List.of("tomee.xml", "system.properties"));
    }
    for (String file : conf) {
      Files.copy(home.resolve("conf").resolve(file), base.resolve("conf").resolve(file));
    }
    Files.writeString(
        base.resolve("conf/logging.properties"), LOGGING_PROPERTIES, StandardCharsets.UTF_8);
    Launch.copyWars(launch.wars(), base.resolve("webapps"));
    for (Map.Entry<String, Path> file : files.entrySet()) {
      Path to = base.resolve(file.getKey());
      Files.createDirectories(to.getParent());
      Files.copy(file.getValue(), to, StandardCopyOption.REPLACE_EXISTING);
    }
    return run(launch, "tomcat.log");
  }

  /**
   * Starts Tomcat again on the {@code CATALINA_BASE} an earlier {@link #start} prepared, as that
   * run left it (its applications' work directories included), on a new port: the server coming
   * back after a crash. Its log goes to {@code <base>/tomcat-restart.log}.
   */
  public static TomcatServer restart(Launch launch) throws IOException {
    return run(launch, "tomcat-restart.log");
  }

  private static TomcatServer run(Launch launch, String logName) throws IOException {
    Path base = launch.base();
    Path home = launch.distribution();
    int port = Ports.free();
    Files.writeString(
        base.resolve("conf/server.xml"), serverXml(port, tomEE(home)), StandardCharsets.UTF_8);
    List<String> command = new ArrayList<>();
    command.add(launch.java());
    Path agent = home.resolve("lib/openejb-javaagent.jar");
    if (tomEE(home) && Files.isReadable(agent)) {
      command.add("-javaagent:" + agent);
    }
    // As Tomcat's catalina.sh starts it: the opens let its leak detection look into JDK classes.
    command.addAll(
        List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED",
            "-Xmx256m",
            "-Dcatalina.home=" + home,
            "-Dcatalina.base=" + base,
            "-Djava.io.tmpdir=" + base.resolve("temp"),
            "-Djava.protocol.handler.pkgs=org.apache.catalina.webresources",
            "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager",
            "-Djava.util.logging.config.file=" + base.resolve("conf/logging.properties")));
    command.addAll(launch.serverJvmOptions());
    command.addAll(
        List.of(
            "-classpath",
            home.resolve("bin/bootstrap.jar")
                + File.pathSeparator
                + home.resolve("bin/tomcat-juli.jar"),
            "org.apache.catalina.startup.Bootstrap",
            "start"));
    ContainerProcess process =
        ContainerProcess.start(
            launch.name(), command, launch.environment(), base, base.resolve(logName));
    return new TomcatServer(new Started(launch.name(), port, base.resolve("webapps"), process));
  }

  /**
   * Removes {@code context}'s WAR from {@code webapps/}, which makes Tomcat undeploy it, and waits
   * until Tomcat has stopped it: {@code path} answers 404.
   */
  public void undeploy(String context, String path) throws IOException {
    Files.delete(deployments().resolve(context + ".war"));
    awaitReady(context, path, status -> status == 404, START_TIMEOUT);
  }

  /** Whether {@code home} is a TomEE: Tomcat with TomEE's own configuration file. */
  private static boolean tomEE(Path home) {
    return Files.isRegularFile(home.resolve("conf/tomee.xml"));
  }

  private static String serverXml(int port, boolean tomEE) {
    String listener =
        tomEE ? "<Listener className=\"org.apache.tomee.catalina.ServerListener\" />" : "";
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <Server port="-1" shutdown="SHUTDOWN">
          %s
          <Listener className="org.apache.catalina.startup.VersionLoggerListener" />
          <Listener className="org.apache.catalina.core.JreMemoryLeakPreventionListener" />
          <Listener className="org.apache.catalina.core.ThreadLocalLeakPreventionListener" />
          <Service name="Catalina">
            <Connector address="127.0.0.1" port="%d" protocol="HTTP/1.1" connectionTimeout="20000" />
            <Engine name="Catalina" defaultHost="localhost" backgroundProcessorDelay="1">
              <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="true" />
            </Engine>
          </Service>
        </Server>
        """
        .formatted(listener, port);
  }

  /**
   * The {@code conf/logging.properties} every Tomcat of the harness starts with: Tomcat's default
   * levels, with every line on the console.
   */
  public static final String LOGGING_PROPERTIES =
      """
      handlers = java.util.logging.ConsoleHandler
      .level = INFO
      java.util.logging.ConsoleHandler.level = ALL
      java.util.logging.ConsoleHandler.formatter = org.apache.juli.OneLineFormatter
      java.util.logging.ConsoleHandler.encoding = UTF-8
      """;
}
