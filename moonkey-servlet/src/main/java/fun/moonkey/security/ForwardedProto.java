package fun.moonkey.security;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a request reached the site over TLS and what its own origin is, believing {@code
 * Forwarded: proto=} (RFC 7239) and {@code X-Forwarded-Proto} only from a trusted proxy: the peer
 * that connected (the remote address) must lie in one of the configured ranges. Without trusted
 * proxies those headers are ignored. Immutable and thread-safe.
 *
 * <p>When trusted, {@code Forwarded} wins over {@code X-Forwarded-Proto}; of several elements or
 * comma-separated values the last one counts, the one added by the proxy that connected to the
 * application. Only {@code http} and {@code https} are believed. The host and port come from the
 * {@code Host} header (proxies forward it), else the container's server name and port.
 */
public final class ForwardedProto {

  private final List<NetworkRange> trusted;

  /**
   * @param trusted the proxies whose forwarding headers are believed; empty to believe none
   */
  public ForwardedProto(List<NetworkRange> trusted) {
    this.trusted = List.copyOf(trusted);
  }

  /**
   * @param facts the request
   * @return the scheme the client used: the container's, or a trusted proxy's
   */
  public String scheme(RequestFacts facts) {
    String own = facts.containerSecure() ? "https" : facts.scheme().toLowerCase(Locale.ROOT);
    if (trusted.isEmpty() || !isTrusted(facts.remoteAddress())) {
      return own;
    }
    Optional<String> forwarded = forwardedProto(facts.header("Forwarded"));
    if (forwarded.isPresent()) {
      return forwarded.get();
    }
    return lastValue(facts.header("X-Forwarded-Proto")).orElse(own);
  }

  /**
   * @param facts the request
   * @return true when the client used TLS, directly or through a trusted proxy
   */
  public boolean isSecure(RequestFacts facts) {
    return scheme(facts).equals("https");
  }

  /**
   * @param facts the request
   * @return the request's own origin: its scheme (see {@link #scheme}), host and effective port;
   *     empty when the {@code Host} header is malformed
   */
  public Optional<WebOrigin> origin(RequestFacts facts) {
    String scheme = scheme(facts);
    String host = facts.header("Host");
    if (host == null || host.isBlank()) {
      String name = facts.serverName();
      if (name == null) {
        return Optional.empty();
      }
      boolean v6 = name.indexOf(':') >= 0 && !name.startsWith("[");
      return WebOrigin.of(scheme, (v6 ? "[" + name + "]" : name) + ":" + facts.serverPort());
    }
    return WebOrigin.of(scheme, host.strip());
  }

  private boolean isTrusted(String remoteAddress) {
    for (NetworkRange range : trusted) {
      if (range.contains(remoteAddress)) {
        return true;
      }
    }
    return false;
  }

  private static Optional<String> forwardedProto(String header) {
    if (header == null) {
      return Optional.empty();
    }
    String[] elements = header.split(",");
    String last = elements[elements.length - 1];
    for (String pair : last.split(";")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).strip().equalsIgnoreCase("proto")) {
        String value = pair.substring(eq + 1).strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        return scheme(value);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> lastValue(String header) {
    if (header == null) {
      return Optional.empty();
    }
    String[] values = header.split(",");
    return scheme(values[values.length - 1].strip());
  }

  private static Optional<String> scheme(String value) {
    String v = value.toLowerCase(Locale.ROOT);
    return v.equals("http") || v.equals("https") ? Optional.of(v) : Optional.empty();
  }

  @Override
  public String toString() {
    return trusted.isEmpty() ? "(none)" : trusted.toString();
  }
}
