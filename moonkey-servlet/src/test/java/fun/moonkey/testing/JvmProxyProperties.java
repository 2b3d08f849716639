package fun.moonkey.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sets the JVM's standard proxy properties for one test and puts the previous values back when
 * closed, as an operator would with {@code -Dhttps.proxyHost=…}. {@code http.nonProxyHosts} is set
 * to the empty string: the JVM's default list excludes {@code localhost} and {@code 127.*}, which
 * would keep every loopback call away from the proxy.
 *
 * <p>System properties are global: use it only in tests that do not run in parallel with others
 * that make HTTP calls (this build runs test classes one after another).
 */
public final class JvmProxyProperties implements AutoCloseable {

  private final Map<String, String> previous = new LinkedHashMap<>();

  private JvmProxyProperties(Map<String, String> values) {
    values.forEach(
        (name, value) -> {
          previous.put(name, System.getProperty(name));
          System.setProperty(name, value);
        });
  }

  /**
   * Points the JVM's {@code scheme} proxy at a proxy on 127.0.0.1.
   *
   * @param scheme {@code http} or {@code https}: which properties ({@code http.proxyHost} or {@code
   *     https.proxyHost} and their port)
   * @param port the proxy's port
   */
  public static JvmProxyProperties set(String scheme, int port) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(scheme + ".proxyHost", "127.0.0.1");
    values.put(scheme + ".proxyPort", Integer.toString(port));
    values.put("http.nonProxyHosts", "");
    return new JvmProxyProperties(values);
  }

  @Override
  public void close() {
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
