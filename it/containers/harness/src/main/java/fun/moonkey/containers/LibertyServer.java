package fun.moonkey.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Open Liberty distribution (unpacked by the build from Maven Central) run as its own
 * process with {@code bin/server run}: a server of its own made by {@code bin/server create} under
 * the launch's base ({@code WLP_USER_DIR}, so the distribution stays untouched), the given
 * features, HTTP on a free loopback port, no HTTPS and no command port, and each WAR a {@code
 * <webApplication>} of its own, so that one that fails to start leaves the others running. Every
 * message of INFO and above goes to the console, which goes to {@code <base>/liberty.log}.
 */
public final class LibertyServer extends ProcessServer {

  /** Liberty resolves its features at first boot, which takes a while on a busy 2-core machine. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(150);

  /**
   * The least number of threads of Liberty's default executor. Its own default on 2 cores is 4, and
   * Weld (Java EE 8's CDI 2.0) deploys the bean classes of an application with tasks on that same
   * executor while holding a thread of it: four CDI applications starting at once took all four
   * threads, each waiting for tasks that no thread was left to run, and never started.
   */
  private static final int CORE_THREADS = 16;

  private LibertyServer(Started started) {
    super(started);
  }

  /**
   * Creates a server named after the launch, with {@code features} in its {@code <featureManager>},
   * the WARs in its {@code apps/} and the launch's JVM options in its {@code jvm.options}; starts
   * it in the foreground and returns once the process runs (see {@link #awaitReady}). The launch's
   * environment reaches the server JVM through the {@code server} script, which passes its own
   * environment on.
   *
   * @param features Liberty feature names, such as {@code webProfile-10.0}
   */
  public static LibertyServer start(Launch launch, List<String> features)
      throws IOException, InterruptedException {
    Path base = launch.freshBase();
    Path script = launch.distribution().resolve("bin/server");
    Map<String, String> env = new HashMap<>(launch.environment());
    env.put("WLP_USER_DIR", base.toString());
    // The JDK of the launch: bin/java's parent's parent.
    env.put("JAVA_HOME", Path.of(launch.java()).getParent().getParent().toString());
    create(launch.name(), script, env, base);

    Path server = base.resolve("servers").resolve(launch.name());
    Path apps = Files.createDirectories(server.resolve("apps"));
    Launch.copyWars(launch.wars(), apps);
    int port = Ports.free();
    Files.writeString(server.resolve("server.xml"), serverXml(port, features, launch.wars()));
    // No command port: the test stops the process itself (the shutdown hook stops Liberty).
    Files.writeString(server.resolve("bootstrap.properties"), "command.port=-1\n");
    Files.write(
        server.resolve("jvm.options"),
        Stream.concat(Stream.of("-Xmx512m"), launch.serverJvmOptions().stream()).toList());
    ContainerProcess process =
        ContainerProcess.start(
            launch.name(),
            List.of("sh", script.toString(), "run", launch.name()),
            env,
            base,
            base.resolve("liberty.log"));
    return new LibertyServer(new Started(launch.name(), port, apps, process));
  }

  /** {@code bin/server create <name>}, which must succeed within a minute. */
  private static void create(String name, Path script, Map<String, String> env, Path base)
      throws IOException, InterruptedException {
    Path log = base.resolve("create.log");
    ProcessBuilder builder =
        new ProcessBuilder("sh", script.toString(), "create", name)
            .directory(base.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process create = builder.start();
    if (!create.waitFor(60, TimeUnit.SECONDS)) {
      create.destroyForcibly();
      throw new IOException("bin/server create " + name + " took over a minute");
    }
    if (create.exitValue() != 0) {
      throw new IOException(
          "bin/server create "
              + name
              + " exited with "
              + create.exitValue()
              + ":\n"
              + Files.readString(log));
    }
  }

  private static String serverXml(int port, List<String> features, Map<String, Path> wars) {
    String featureList =
        features.stream()
            .map(feature -> "    <feature>" + feature + "</feature>")
            .collect(Collectors.joining("\n"));
    String applications =
        wars.keySet().stream()
            .map(
                context ->
                    "  <webApplication id=\"%s\" name=\"%s\" location=\"%s.war\" contextRoot=\"/%s\"/>"
                        .formatted(context, context, context, context))
            .collect(Collectors.joining("\n"));
    // MicroProfile Metrics asks for a user by default; the matrix reads the endpoint anonymously.
    String metrics =
        features.stream().anyMatch(feature -> feature.startsWith("mpMetrics"))
            ? "  <mpMetrics authentication=\"false\"/>"
            : "";
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <server description="moonkey container matrix">
          <featureManager>
        %s
          </featureManager>
          <httpEndpoint id="defaultHttpEndpoint" host="127.0.0.1" httpPort="%d" httpsPort="-1"/>
          <logging consoleLogLevel="INFO"/>
          <applicationManager autoExpand="true"/>
          <executor coreThreads="%d"/>
          <applicationMonitor dropinsEnabled="false" updateTrigger="disabled"/>
        %s
        %s
        </server>
        """
        .formatted(featureList, port, CORE_THREADS, metrics, applications);
  }
}
