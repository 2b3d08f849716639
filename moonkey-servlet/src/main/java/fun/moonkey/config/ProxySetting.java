package fun.moonkey.config;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * How the MoonKey client reaches MoonKey: the value of {@link ConfigKeys#PROXY}, and the {@link
 * ProxySelector} it stands for. The client asks the selector at each connection and uses the first
 * HTTP proxy it names (a SOCKS one is ignored); an {@code https} API URL is tunnelled with {@code
 * CONNECT}, so TLS stays end to end.
 */
public sealed interface ProxySetting {

  /**
   * @return the selector for the client's builder; never null
   */
  ProxySelector selector();

  /**
   * @param target the API URL
   * @return what a call to it goes through, for the start-up line: {@code none}, {@code
   *     http://host:port}, or the JVM's choice
   */
  default String effective(URI target) {
    return toString();
  }

  /**
   * Unset: the JVM's proxy settings ({@code https.proxyHost} and the like), read through {@link
   * ProxySelector#getDefault()} at each call.
   */
  record Jvm() implements ProxySetting {
    @Override
    public ProxySelector selector() {
      ProxySelector jvm = ProxySelector.getDefault();
      return jvm == null ? ProxySelector.of(null) : jvm;
    }

    @Override
    public String effective(URI target) {
      try {
        List<Proxy> proxies = selector().select(target);
        Proxy first = proxies.isEmpty() ? Proxy.NO_PROXY : proxies.get(0);
        return "(JVM settings: "
            + (first.type() == Proxy.Type.HTTP
                ? "http://" + hostAndPort(first.address())
                : "direct")
            + ")";
      } catch (RuntimeException e) {
        return "(JVM settings: unknown, " + e.getClass().getSimpleName() + ")";
      }
    }

    private static String hostAndPort(SocketAddress address) {
      return address instanceof InetSocketAddress inet
          ? inet.getHostString() + ":" + inet.getPort()
          : String.valueOf(address);
    }

    @Override
    public String toString() {
      return "(JVM settings)";
    }
  }

  /** {@value ConfigKeys#PROXY_NONE}: straight to MoonKey, whatever the JVM's settings say. */
  record Direct() implements ProxySetting {
    @Override
    public ProxySelector selector() {
      return ProxySelector.of(null);
    }

    @Override
    public String toString() {
      return ConfigKeys.PROXY_NONE;
    }
  }

  /**
   * {@code http://host:port}: every call through this HTTP proxy, its host resolved at each
   * connection so that a proxy whose address changes is followed.
   *
   * @param host a host name or an IP literal (an IPv6 one in brackets)
   * @param port from 1 to 65535
   */
  record Http(String host, int port) implements ProxySetting {
    /** Checks for null and the port's range. */
    public Http {
      Objects.requireNonNull(host, "host");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
    }

    @Override
    public ProxySelector selector() {
      String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
      return ProxySelector.of(InetSocketAddress.createUnresolved(bare, port));
    }

    @Override
    public String toString() {
      return "http://" + host + ":" + port;
    }
  }
}
