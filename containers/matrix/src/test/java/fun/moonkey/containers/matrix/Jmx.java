package fun.moonkey.containers.matrix;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/** A real JMX connection to a server's platform MBean server, as JConsole makes it. */
final class Jmx {

  private Jmx() {}

  /** The server JVM's options that open a local, unauthenticated JMX port on loopback. */
  static List<String> options(int port) {
    return List.of(
        "-Dcom.sun.management.jmxremote.port=" + port,
        "-Dcom.sun.management.jmxremote.rmi.port=" + port,
        "-Dcom.sun.management.jmxremote.host=127.0.0.1",
        "-Dcom.sun.management.jmxremote.authenticate=false",
        "-Dcom.sun.management.jmxremote.ssl=false",
        "-Djava.rmi.server.hostname=127.0.0.1");
  }

  /**
   * Reads one attribute of the only MoonKey client MBean of {@code context}.
   *
   * @throws AssertionError when there is not exactly one
   */
  static Object attribute(int port, String context, String attribute)
      throws IOException, JMException {
    JMXServiceURL url =
        new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
    try (JMXConnector connector = JMXConnectorFactory.connect(url)) {
      MBeanServerConnection server = connector.getMBeanServerConnection();
      Set<ObjectName> names =
          server.queryNames(
              new ObjectName(
                  "fun.moonkey:type=LogoutService,context=" + ObjectName.quote(context) + ",*"),
              null);
      if (names.size() != 1) {
        throw new AssertionError("MoonKey MBeans of " + context + ": " + names);
      }
      return server.getAttribute(names.iterator().next(), attribute);
    }
  }
}
