package fun.moonkey.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What a container process is started with, the same for every server.
 *
 * @param name the server's name in logs and reports ({@code tomcat11}, {@code payara7})
 * @param base the work directory to create (deleted first)
 * @param java the {@code java} launcher to run it with
 * @param distribution the unpacked distribution ({@code CATALINA_HOME}, {@code JETTY_HOME},
 *     WildFly's home) or the {@code payara-micro} jar
 * @param wars context name to WAR, deployed at start
 * @param environment added to the process environment (the MoonKey settings)
 * @param jvmOptions extra options for the server JVM, such as {@code -Dkey=value}
 */
public record Launch(
    String name,
    Path base,
    String java,
    Path distribution,
    Map<String, Path> wars,
    Map<String, String> environment,
    List<String> jvmOptions) {

  /**
   * What every test server's JVM starts with, before {@link #jvmOptions}: the client compiler only
   * and the serial collector. A test server lives for minutes and spends most of them booting, and
   * on two cores the optimising compiler's and the parallel collectors' threads took the CPU its
   * boot needs (the container matrix took 239 s with these, against 381 s without). Neither changes
   * what the server does, only how fast its code runs.
   */
  public static final List<String> QUICK_BOOT =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  /** Copies the collections. */
  public Launch {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(java, "java");
    Objects.requireNonNull(distribution, "distribution");
    wars = Map.copyOf(wars);
    environment = Map.copyOf(environment);
    jvmOptions = List.copyOf(jvmOptions);
  }

  /** {@link #QUICK_BOOT}, then {@link #jvmOptions}: what the server's JVM is started with. */
  List<String> serverJvmOptions() {
    return Stream.concat(QUICK_BOOT.stream(), jvmOptions.stream()).toList();
  }

  /** Deletes {@link #base} and creates it again, empty; returns it. */
  Path freshBase() throws IOException {
    WorkDirs.fresh(base);
    return base;
  }

  /**
   * Copies each WAR of {@code wars} into {@code directory} as {@code <context>.war}.
   *
   * @return context name to the copied WAR
   */
  static Map<String, Path> copyWars(Map<String, Path> wars, Path directory) throws IOException {
    Map<String, Path> copies = new LinkedHashMap<>();
    for (Map.Entry<String, Path> war : wars.entrySet()) {
      copies.put(
          war.getKey(), Files.copy(war.getValue(), directory.resolve(war.getKey() + ".war")));
    }
    return copies;
  }
}
