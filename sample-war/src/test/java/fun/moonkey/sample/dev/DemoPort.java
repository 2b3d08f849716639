package fun.moonkey.sample.dev;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The demo's port: the system property {@value #PROPERTY} (from {@code ./mvnw … -Dport=N}), else
 * the environment variable {@value #VARIABLE}, else {@value #DEFAULT}; and the check that it is
 * free before anything starts, so that a taken port stops the demo with one clear line instead of a
 * {@code BindException} in Tomcat's log and a server that runs without its connector.
 *
 * @param number the port, 1 to 65535
 * @param setting how the user chooses another one ({@code PORT} or {@code -Dport}), for messages
 */
record DemoPort(int number, String setting) {

  /** The system property that chooses the port; wins over {@value #VARIABLE}. */
  static final String PROPERTY = "port";

  /** The environment variable that chooses the port. */
  static final String VARIABLE = "PORT";

  /** The port when neither is set. */
  static final int DEFAULT = 8080;

  /** How many ports above a taken one are tried for the suggestion. */
  private static final int SUGGESTION_RANGE = 20;

  /**
   * Reads the port from a blank-or-not system property and environment variable.
   *
   * @param property the system property {@value #PROPERTY}, or null
   * @param variable the environment variable {@value #VARIABLE}, or null
   * @throws IllegalArgumentException naming the setting and the bad value
   */
  static DemoPort choose(String property, String variable) {
    if (property != null && !property.isBlank()) {
      return new DemoPort(parse("-D" + PROPERTY, property), "-D" + PROPERTY);
    }
    if (variable != null && !variable.isBlank()) {
      return new DemoPort(parse(VARIABLE, variable), VARIABLE);
    }
    return new DemoPort(DEFAULT, VARIABLE);
  }

  private static int parse(String setting, String value) {
    try {
      int port = Integer.parseInt(value.strip());
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below with the bad value
    }
    throw new IllegalArgumentException(
        setting
            + ": expected a port number from 1 to 65535, got '"
            + value.replaceAll("[\\r\\n]", "?")
            + "'");
  }

  /**
   * Checks that the port can be bound on {@code address}, as Tomcat will bind it.
   *
   * @throws PortInUseException with the line to show, suggesting a free port
   */
  void requireFree(InetAddress address) {
    Objects.requireNonNull(address, "address");
    if (!isFree(address, number)) {
      throw new PortInUseException(message(freeAbove(address)));
    }
  }

  /** {@code Port 8080 is already in use; set PORT=8081 to use another}. */
  String message(OptionalInt suggestion) {
    String other = suggestion.isPresent() ? Integer.toString(suggestion.getAsInt()) : "<port>";
    return "Port "
        + number
        + " is already in use; set "
        + setting
        + "="
        + other
        + " to use another";
  }

  private OptionalInt freeAbove(InetAddress address) {
    for (int candidate = number + 1;
        candidate <= Math.min(65535, number + SUGGESTION_RANGE);
        candidate++) {
      if (isFree(address, candidate)) {
        return OptionalInt.of(candidate);
      }
    }
    return OptionalInt.empty();
  }

  /**
   * Binds and releases the port. The JDK sets {@code SO_REUSEADDR} on Linux, as Tomcat does, so a
   * port left in {@code TIME_WAIT} counts as free and only a listening socket as taken.
   */
  private static boolean isFree(InetAddress address, int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, address)) {
      return socket.isBound();
    } catch (IOException taken) {
      return false;
    }
  }

  /** The port cannot be bound; the message is the one line the launcher shows. */
  static final class PortInUseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    PortInUseException(String message) {
      super(message);
    }
  }
}
