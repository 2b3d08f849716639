package fun.moonkey.security;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A web origin (RFC 6454): scheme, host and effective port, compared exactly. Hosts are lower case
 * and IDN-normalised to their ASCII form, and a default port is made explicit, so that {@code
 * https://Example.COM}, {@code https://example.com:443} and {@code https://example.com} are equal.
 * Only {@code http} and {@code https} origins exist here. Immutable.
 *
 * @param scheme {@code http} or {@code https}
 * @param host the ASCII host, lower case; an IPv6 address keeps its brackets
 * @param port the effective port
 */
public record WebOrigin(String scheme, String host, int port) {

  /** Checks the parts. */
  public WebOrigin {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(host, "host");
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("scheme must be http or https: " + scheme);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /**
   * Parses a serialised origin, as found in an {@code Origin} header or a configuration list:
   * {@code scheme://host[:port]}, nothing after it except one optional trailing {@code /}.
   *
   * @param text the text; {@code "null"} (an opaque origin) and anything malformed give empty
   * @return the origin
   */
  public static Optional<WebOrigin> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.strip();
    if (t.endsWith("/")) {
      t = t.substring(0, t.length() - 1);
    }
    int sep = t.indexOf("://");
    if (sep <= 0) {
      return Optional.empty();
    }
    String scheme = knownScheme(t, sep);
    return of(scheme != null ? scheme : t.substring(0, sep), t.substring(sep + 3));
  }

  /** {@code http} or {@code https} when {@code text} starts with it (any case), without copying. */
  private static String knownScheme(String text, int length) {
    if (length == 4 && text.regionMatches(true, 0, "http", 0, 4)) {
      return "http";
    }
    if (length == 5 && text.regionMatches(true, 0, "https", 0, 5)) {
      return "https";
    }
    return null;
  }

  /**
   * The origin of a scheme and an authority ({@code host[:port]}, as in a {@code Host} header).
   *
   * @param scheme {@code http} or {@code https}, any case
   * @param authority host and optional port, without userinfo
   * @return the origin, or empty when either part is not acceptable
   */
  public static Optional<WebOrigin> of(String scheme, String authority) {
    if (scheme == null || authority == null) {
      return Optional.empty();
    }
    String s = scheme.toLowerCase(Locale.ROOT);
    if (!s.equals("http") && !s.equals("https")) {
      return Optional.empty();
    }
    String hostPart = authority;
    String portPart = null;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        return Optional.empty();
      }
      hostPart = authority.substring(0, close + 1);
      String rest = authority.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          return Optional.empty();
        }
        portPart = rest.substring(1);
      }
    } else {
      int colon = authority.lastIndexOf(':');
      if (colon >= 0) {
        hostPart = authority.substring(0, colon);
        portPart = authority.substring(colon + 1);
      }
    }
    Optional<String> host = normaliseHost(hostPart);
    if (host.isEmpty()) {
      return Optional.empty();
    }
    int port = defaultPort(s);
    if (portPart != null && !portPart.isEmpty()) {
      if (portPart.length() > 5 || !allDigits(portPart)) {
        return Optional.empty();
      }
      port = Integer.parseInt(portPart);
      if (port < 1 || port > 65535) {
        return Optional.empty();
      }
    }
    return Optional.of(new WebOrigin(s, host.get(), port));
  }

  /**
   * @param scheme {@code http} or {@code https}
   * @return 80 or 443
   */
  public static int defaultPort(String scheme) {
    return scheme.equals("https") ? 443 : 80;
  }

  /**
   * Normalises a host as a browser's host parser does for the cases that matter here: IDN to ASCII,
   * lower case; refuses empty hosts and the characters a host may not contain.
   */
  static Optional<String> normaliseHost(String raw) {
    if (raw == null || raw.isEmpty()) {
      return Optional.empty();
    }
    if (raw.startsWith("[")) {
      String inner = raw.substring(1, raw.length() - 1);
      if (!raw.endsWith("]")
          || inner.isEmpty()
          || !inner.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
        return Optional.empty();
      }
      return Optional.of(raw.toLowerCase(Locale.ROOT));
    }
    String ascii = AsciiHost.toAscii(raw);
    if (ascii == null) {
      return Optional.empty();
    }
    ascii = ascii.toLowerCase(Locale.ROOT);
    if (ascii.endsWith(".")) {
      ascii = ascii.substring(0, ascii.length() - 1);
    }
    if (ascii.isEmpty()) {
      return Optional.empty();
    }
    for (int i = 0; i < ascii.length(); i++) {
      char c = ascii.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
      if (!ok) {
        return Optional.empty();
      }
    }
    return Optional.of(ascii);
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** {@code https://example.com} or {@code http://127.0.0.1:8080}: the default port left out. */
  @Override
  public String toString() {
    return port == defaultPort(scheme) ? scheme + "://" + host : scheme + "://" + host + ":" + port;
  }
}
