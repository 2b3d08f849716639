package fun.moonkey.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Sets the JVM's standard proxy properties while a piece of a test runs and puts the previous
 * values back after it, as an operator would set them with {@code -Dhttps.proxyHost=…}. {@code
 * http.nonProxyHosts} is set to the empty string: the JVM's default list excludes {@code localhost}
 * and {@code 127.*}, which would keep every loopback call away from the proxy.
 *
 * <p>System properties are global: use it only in tests that do not run in parallel with others
 * that make HTTP calls (this build runs test classes one after another).
 */
public final class JvmProxyProperties {

  private final Map<String, String> previous = new LinkedHashMap<>();

  private JvmProxyProperties(Map<String, String> values) {
    values.forEach(
        (name, value) -> {
          previous.put(name, System.getProperty(name));
          System.setProperty(name, value);
        });
  }

  /**
   * Runs {@code work} with the JVM's {@code scheme} proxy pointed at a proxy on 127.0.0.1.
   *
   * @param scheme {@code http} or {@code https}: which properties ({@code http.proxyHost} or {@code
   *     https.proxyHost} and their port)
   * @param port the proxy's port
   * @return what {@code work} returned
   */
  public static <T> T during(String scheme, int port, Supplier<T> work) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(scheme + ".proxyHost", "127.0.0.1");
    values.put(scheme + ".proxyPort", Integer.toString(port));
    values.put("http.nonProxyHosts", "");
    JvmProxyProperties set = new JvmProxyProperties(values);
    try {
      return work.get();
    } finally {
      set.restore();
    }
  }

  private void restore() {
    previous.forEach(
        (name, value) -> {
          if (value == null) {
            System.clearProperty(name);
          } else {
            System.setProperty(name, value);
          }
        });
  }
}
