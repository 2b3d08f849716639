package fun.moonkey.containers.matrix;

import fun.moonkey.containers.Server;
import fun.moonkey.emulator.MoonKeyEmulator;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * One server of the matrix with the MoonKey emulator its applications talk to, and the contexts it
 * serves.
 */
final class Target implements AutoCloseable {

  private final String name;
  private final MoonKeyEmulator moonKey;
  private final Server server;
  private final Set<String> contexts;
  private final Duration startup;
  private final int jmxPort;

  Target(
      String name,
      MoonKeyEmulator moonKey,
      Server server,
      Set<String> contexts,
      Duration startup,
      int jmxPort) {
    this.name = name;
    this.moonKey = moonKey;
    this.server = server;
    this.contexts = Set.copyOf(contexts);
    this.startup = startup;
    this.jmxPort = jmxPort;
  }

  /** The server JVM's JMX port on loopback. */
  int jmxPort() {
    return jmxPort;
  }

  String name() {
    return name;
  }

  MoonKeyEmulator moonKey() {
    return moonKey;
  }

  Server server() {
    return server;
  }

  boolean serves(String context) {
    return contexts.contains(context);
  }

  URI base(String context) {
    return server.base(context);
  }

  Duration startup() {
    return startup;
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      moonKey.close();
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
