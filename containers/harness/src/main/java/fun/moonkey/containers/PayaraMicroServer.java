package fun.moonkey.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Payara Micro run as its own process ({@code java -jar payara-micro.jar --deploy …}) with
 * clustering and phone-home off, on a free loopback port, its files and log under its work
 * directory. Each WAR is deployed at the context of its name.
 */
public final class PayaraMicroServer extends ProcessServer {

  /** Payara Micro can take a minute to boot on a busy 2-core machine. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(150);

  private PayaraMicroServer(String name, int port, ContainerProcess process) {
    super(name, port, process);
  }

  /**
   * Starts Payara Micro with {@code wars} (context name to WAR) deployed at boot and {@code
   * lateWars} deployed one by one after them; returns once the process runs (see {@link
   * #awaitReady}).
   *
   * <p>Why two lists: Payara Micro starts none of the boot WARs listed after one that fails to
   * start, so a WAR expected to fail goes in {@code lateWars}, where each {@code deploy} command
   * stands alone.
   *
   * @param base the work directory to create (deleted first)
   * @param java the {@code java} launcher to run it with (Payara 7 needs Java 21+)
   * @param jar the {@code payara-micro} jar
   * @param environment added to the process environment (the MoonKey settings)
   * @param jvmOptions extra options for the server JVM, such as {@code -Dkey=value}
   */
  public static PayaraMicroServer start(
      String name,
      Path base,
      String java,
      Path jar,
      Map<String, Path> wars,
      Map<String, Path> lateWars,
      Map<String, String> environment,
      List<String> jvmOptions)
      throws IOException {
    WorkDirs.fresh(base);
    Files.createDirectories(base.resolve("root"));
    Path deployments = Files.createDirectories(base.resolve("wars"));
    int port = Ports.free();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-Djava.io.tmpdir=" + base));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString()));
    for (Map.Entry<String, Path> war : wars.entrySet()) {
      Path deployed = Files.copy(war.getValue(), deployments.resolve(war.getKey() + ".war"));
      command.addAll(List.of("--deploy", deployed.toString()));
    }
    if (!lateWars.isEmpty()) {
      StringBuilder commands = new StringBuilder();
      for (Map.Entry<String, Path> war : lateWars.entrySet()) {
        Path deployed = Files.copy(war.getValue(), deployments.resolve(war.getKey() + ".war"));
        commands.append(
            "deploy --name=%s --contextroot=%s %s%n"
                .formatted(war.getKey(), war.getKey(), deployed));
      }
      Path file = base.resolve("post-deploy.asadmin");
      Files.writeString(file, commands);
      command.addAll(List.of("--postdeploycommandfile", file.toString()));
    }
    command.addAll(
        List.of(
            "--port",
            Integer.toString(port),
            "--nohazelcast",
            "--disablephonehome",
            "--rootdir",
            base.resolve("root").toString()));
    ContainerProcess process =
        ContainerProcess.start(name, command, environment, base, base.resolve("payara.log"));
    return new PayaraMicroServer(name, port, process);
  }
}
