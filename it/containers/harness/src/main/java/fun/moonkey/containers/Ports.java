package fun.moonkey.containers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Free loopback ports for containers started as processes (which cannot be told "port 0").
 *
 * <p>Why not the system's "port 0": that picks from the ephemeral range, where every process's
 * outgoing connections and every server's own internal listeners (Payara's cluster ports, a JDK
 * client's sockets) also land; with several containers starting at once, a port handed out here was
 * taken by another process before its container bound it ("Address already in use", and the
 * requests then reached another server). These ports come from below the ephemeral range, handed
 * out once per JVM, each checked free when handed out.
 */
public final class Ports {

  /** Below Linux's default ephemeral range (32768 to 60999). */
  private static final int FIRST = 20_000;

  private static final int LAST = 32_000;
  private static final AtomicInteger NEXT =
      new AtomicInteger(FIRST + ThreadLocalRandom.current().nextInt(LAST - FIRST));

  private Ports() {}

  /** A port that was free on 127.0.0.1 a moment ago and that this JVM has not handed out yet. */
  public static int free() {
    for (int tries = 0; tries < LAST - FIRST; tries++) {
      int port = FIRST + Math.floorMod(NEXT.getAndIncrement() - FIRST, LAST - FIRST);
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // in use: try the next one
      }
    }
    throw new IllegalStateException("No free port on loopback from " + FIRST + " to " + LAST);
  }
}
