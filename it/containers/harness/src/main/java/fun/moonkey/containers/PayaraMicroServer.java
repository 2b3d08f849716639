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

  private PayaraMicroServer(Started started) {
    super(started);
  }

  /**
   * Starts Payara Micro (the launch's distribution is the {@code payara-micro} jar) with the WARs
   * deployed at boot and {@code lateWars} deployed one by one after them; returns once the process
   * runs (see {@link #awaitReady}).
   *
   * <p>Why two lists: Payara Micro starts none of the boot WARs listed after one that fails to
   * start, so a WAR expected to fail goes in {@code lateWars}, where each {@code deploy} command
   * stands alone.
   *
   * @param lateWars context name to WAR, each deployed after the boot (Payara 7 needs Java 21+)
   */
  public static PayaraMicroServer start(Launch launch, Map<String, Path> lateWars)
      throws IOException {
    Path base = launch.freshBase();
    Path jar = launch.distribution();
    Files.createDirectories(base.resolve("root"));
    Path deployments = Files.createDirectories(base.resolve("wars"));
    int port = Ports.free();
    List<String> command =
        new ArrayList<>(List.of(launch.java(), "-Xmx512m", "-Djava.io.tmpdir=" + base));
    command.addAll(launch.serverJvmOptions());
    command.addAll(List.of("-jar", jar.toString()));
    for (Path deployed : Launch.copyWars(launch.wars(), deployments).values()) {
      command.addAll(List.of("--deploy", deployed.toString()));
    }
    if (!lateWars.isEmpty()) {
      StringBuilder commands = new StringBuilder();
      for (Map.Entry<String, Path> war : Launch.copyWars(lateWars, deployments).entrySet()) {
        commands.append(
            "deploy --name=%s --contextroot=%s %s%n"
                .formatted(war.getKey(), war.getKey(), war.getValue()));
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
        ContainerProcess.start(
            launch.name(), command, launch.environment(), base, base.resolve("payara.log"));
    return new PayaraMicroServer(new Started(launch.name(), port, deployments, process));
  }
}
