package fun.moonkey.containers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Eclipse GlassFish distribution (unpacked by the build from Maven Central) run as its own
 * process: a fresh domain made by {@code asadmin create-domain} in the work directory, every port
 * of it a free one on loopback, started in the foreground by {@code asadmin start-domain --verbose}
 * (whose console, the server's log included, is the process log). The WARs go in the domain's
 * {@code autodeploy/} directory, which GlassFish deploys one by one and marks {@code _deployed} or
 * {@code _deployFailed}, each at the context of its name.
 */
public final class GlassFishServer extends ProcessServer {

  /**
   * For each step: the domain's creation, and the deployment of every WAR. GlassFish boots in about
   * 25 s and deploys its WARs one after the other (10 WARs took about 3 minutes with two GlassFish
   * servers starting at once on 2 cores).
   */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(420);

  private static final String DOMAIN = "matrix";

  private GlassFishServer(Started started) {
    super(started);
  }

  /**
   * Creates the domain and starts GlassFish (the launch's distribution, the directory holding
   * {@code bin/asadmin}) with the WARs in {@code autodeploy/}; returns once the process runs (see
   * {@link #awaitDeployments}).
   *
   * @param jmxPort the port of the domain's own JMX connector ({@code system-jmx-connector}), which
   *     serves the JVM's platform MBean server, without credentials on a domain made with {@code
   *     --nopassword}
   */
  public static GlassFishServer start(Launch launch, int jmxPort) throws IOException {
    Path base = launch.freshBase();
    Path asadmin = launch.distribution().resolve("bin/asadmin");
    Map<String, String> env = new HashMap<>(launch.environment());
    // asadmin and the server JVM it starts both run on AS_JAVA; the server inherits the rest.
    env.put("AS_JAVA", Path.of(launch.java()).getParent().getParent().toString());
    int port = Ports.free();
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("domain.adminPort", Ports.free());
    ports.put("domain.instancePort", port);
    ports.put("domain.jmxPort", jmxPort);
    ports.put("http.ssl.port", Ports.free());
    ports.put("java.debugger.port", Ports.free());
    ports.put("orb.listener.port", Ports.free());
    ports.put("orb.ssl.port", Ports.free());
    ports.put("orb.mutualauth.port", Ports.free());
    ports.put("osgi.shell.telnet.port", Ports.free());
    String properties =
        ports.entrySet().stream()
            .map(entry -> entry.getKey() + "=" + entry.getValue())
            .collect(Collectors.joining(":"));
    run(
        launch.name(),
        List.of(
            asadmin.toString(),
            "--interactive=false",
            "create-domain",
            "--nopassword",
            "--domaindir",
            base.toString(),
            "--domainproperties",
            properties,
            DOMAIN),
        env,
        base,
        base.resolve("create-domain.log"));
    Path domain = base.resolve(DOMAIN);
    configure(domain.resolve("config/domain.xml"), Ports.free(), launch.serverJvmOptions());
    Path deployments = domain.resolve("autodeploy");
    Launch.copyWars(launch.wars(), deployments);
    List<String> command =
        List.of(
            asadmin.toString(),
            "start-domain",
            "--verbose",
            "--domaindir",
            base.toString(),
            DOMAIN);
    ContainerProcess process =
        ContainerProcess.start(launch.name(), command, env, base, base.resolve("glassfish.log"));
    return new GlassFishServer(new Started(launch.name(), port, deployments, process));
  }

  /**
   * Edits the new domain's {@code server-config}: the JMS port (which {@code create-domain} leaves
   * at 7676) on a free port, every listener on loopback only, and {@code jvmOptions} beside the
   * heap option, as {@code asadmin create-jvm-options} would add them.
   */
  private static void configure(Path domainXml, int jmsPort, List<String> jvmOptions)
      throws IOException {
    String xml = Files.readString(domainXml, StandardCharsets.UTF_8);
    int start = xml.indexOf("<config name=\"server-config\">");
    int end = xml.indexOf("</config>", start);
    if (start < 0 || end < 0) {
      throw new IllegalStateException("No server-config in " + domainXml);
    }
    String config = xml.substring(start, end);
    String jms = "name=\"JMS_PROVIDER_PORT\" value=\"7676\"";
    String heap = "<jvm-options>-Xmx512m</jvm-options>";
    if (!config.contains(jms) || !config.contains(heap)) {
      throw new IllegalStateException(
          "Not the server-config create-domain writes (no '"
              + jms
              + "' or '"
              + heap
              + "'): "
              + domainXml);
    }
    StringBuilder options = new StringBuilder(heap);
    for (String option : jvmOptions) {
      options.append("\n        <jvm-options>").append(escape(option)).append("</jvm-options>");
    }
    config =
        config
            .replace(jms, "name=\"JMS_PROVIDER_PORT\" value=\"" + jmsPort + "\"")
            .replace("address=\"0.0.0.0\"", "address=\"127.0.0.1\"")
            .replace("<network-listener port=", "<network-listener address=\"127.0.0.1\" port=")
            .replace(heap, options);
    Files.writeString(
        domainXml, xml.substring(0, start) + config + xml.substring(end), StandardCharsets.UTF_8);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** Runs one {@code asadmin} command to its end, its output in {@code log}. */
  private static void run(
      String name, List<String> command, Map<String, String> env, Path directory, Path log)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().putAll(env);
    Process process = builder.start();
    try {
      if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new AssertionError(name + ": " + command.get(2) + " took over " + START_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new AssertionError("Interrupted while running " + command, e);
    }
    if (process.exitValue() != 0) {
      throw new AssertionError(
          name
              + ": "
              + String.join(" ", command)
              + " exited with "
              + process.exitValue()
              + ":\n"
              + Files.readString(log, StandardCharsets.UTF_8));
    }
  }

  /**
   * Waits until GlassFish has marked every WAR of {@code autodeploy/} {@code _deployed} or {@code
   * _deployFailed}.
   *
   * @return the contexts whose deployment failed
   * @throws AssertionError when the server dies or {@code timeout} passes first
   */
  public List<String> awaitDeployments(Duration timeout) throws IOException {
    return awaitMarkers("_deployed", "_deployFailed", timeout);
  }
}
