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
 * ProxySelector} it stands for, which the client's builder is given.
 *
 * <p>The MoonKey client (HttpClient's system-default route planner) asks the selector at each
 * connection it opens and uses the first HTTP proxy it names: a SOCKS proxy (from {@code
 * socksProxyHost}) is ignored, so the call goes direct. An {@code https} API URL goes through an
 * HTTP proxy as a {@code CONNECT} tunnel; TLS stays end to end.
 */
public sealed interface ProxySetting {

  /**
   * @return the selector for the client's builder; never null
   */
  ProxySelector selector();

  /**
   * What a call to {@code target} goes through, for the start-up line: {@code none}, {@code
   * http://host:port}, or the JVM's choice for {@code target}.
   *
   * @param target the API URL
   * @return a short description without credentials
   */
  String effective(URI target);

  /**
   * Unset: the JVM's proxy settings ({@code https.proxyHost}, {@code https.proxyPort}, {@code
   * http.proxyHost}, {@code http.proxyPort}, {@code http.nonProxyHosts}, or the operating system's
   * with {@code java.net.useSystemProxies=true}), read through {@link ProxySelector#getDefault()}
   * at each call. The library gives the client a selector in every case so that {@code none} and an
   * explicit proxy can override the JVM.
   */
  record Jvm() implements ProxySetting {
    @Override
    public ProxySelector selector() {
      ProxySelector jvm = ProxySelector.getDefault();
      return jvm == null ? ProxySelector.of(null) : jvm;
    }

    @Override
    public String effective(URI target) {
      String chosen;
      try {
        List<Proxy> proxies = selector().select(target);
        Proxy first = proxies.isEmpty() ? Proxy.NO_PROXY : proxies.get(0);
        chosen =
            first.type() == Proxy.Type.HTTP ? "http://" + hostAndPort(first.address()) : "direct";
      } catch (RuntimeException e) {
        chosen = "unknown, " + e.getClass().getSimpleName();
      }
      return "(JVM settings: " + chosen + ")";
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
    public String effective(URI target) {
      return toString();
    }

    @Override
    public String toString() {
      return ConfigKeys.PROXY_NONE;
    }
  }

  /**
   * {@code http://host:port}: every call through this HTTP proxy. The host is resolved when a
   * connection is opened, not at start-up, so that a proxy whose address changes is followed.
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
    public String effective(URI target) {
      return toString();
    }

    @Override
    public String toString() {
      return "http://" + host + ":" + port;
    }
  }
}
