package fun.moonkey.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * An IP address or a CIDR block ({@code 10.0.0.0/8}, {@code ::1}, {@code fd00::/8}), matched
 * against a peer address given as a literal. Never resolves a name. Immutable.
 */
public final class NetworkRange {

  private final byte[] network;
  private final int prefix;
  private final String text;

  private NetworkRange(byte[] network, int prefix, String text) {
    this.network = network;
    this.prefix = prefix;
    this.text = text;
  }

  /**
   * @param text an IPv4 or IPv6 literal, optionally followed by {@code /prefix}
   * @return the range, or empty when {@code text} is not one
   */
  public static Optional<NetworkRange> parse(String text) {
    String t = text.strip();
    int slash = t.indexOf('/');
    String address = slash < 0 ? t : t.substring(0, slash);
    Optional<byte[]> bytes = literal(address);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    int max = bytes.get().length * 8;
    int prefix = max;
    if (slash >= 0) {
      String p = t.substring(slash + 1);
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return Optional.empty();
      }
      prefix = Integer.parseInt(p);
      if (prefix > max) {
        return Optional.empty();
      }
    }
    return Optional.of(new NetworkRange(mask(bytes.get(), prefix), prefix, t));
  }

  /**
   * @param address a peer address literal, such as {@code ServletRequest.getRemoteAddr()}
   * @return true when it lies in this range; false for anything that is not a literal
   */
  public boolean contains(String address) {
    Optional<byte[]> bytes = literal(address);
    if (bytes.isEmpty()) {
      return false;
    }
    byte[] b = bytes.get();
    if (b.length != network.length) {
      return false;
    }
    return Arrays.equals(mask(b, prefix), network);
  }

  /** Parses an IP literal without any name lookup; IPv4-mapped IPv6 becomes IPv4. */
  static Optional<byte[]> literal(String address) {
    if (address == null || address.isEmpty()) {
      return Optional.empty();
    }
    String a =
        address.startsWith("[") && address.endsWith("]")
            ? address.substring(1, address.length() - 1)
            : address;
    int zone = a.indexOf('%');
    if (zone >= 0) {
      a = a.substring(0, zone);
    }
    boolean v6 = a.indexOf(':') >= 0;
    boolean ok =
        v6
            ? a.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')
            : a.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    if (!ok) {
      return Optional.empty();
    }
    try {
      // A literal of these characters is parsed, never resolved.
      return Optional.of(InetAddress.getByName(a).getAddress());
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static byte[] mask(byte[] address, int prefix) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int bits = Math.max(0, Math.min(8, prefix - i * 8));
      out[i] = (byte) (out[i] & (0xff << (8 - bits)));
    }
    return out;
  }

  /** The range as configured. */
  @Override
  public String toString() {
    return text;
  }
}
