package fun.moonkey.containers.matrix;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    try (JMXConnector connector = JMXConnectorFactory.connect(url(port))) {
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

  /** The live threads of the server JVM whose names start with {@code prefix}: id to name. */
  static Map<Long, String> threads(int port, String prefix) throws IOException {
    try (JMXConnector connector = JMXConnectorFactory.connect(url(port))) {
      ThreadMXBean threads =
          ManagementFactory.newPlatformMXBeanProxy(
              connector.getMBeanServerConnection(),
              ManagementFactory.THREAD_MXBEAN_NAME,
              ThreadMXBean.class);
      Map<Long, String> named = new HashMap<>();
      for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
        // null for a thread that ended between the two calls
        if (info != null && info.getThreadName().startsWith(prefix)) {
          named.put(info.getThreadId(), info.getThreadName());
        }
      }
      return named;
    }
  }

  private static JMXServiceURL url(int port) throws IOException {
    return new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
  }
}
