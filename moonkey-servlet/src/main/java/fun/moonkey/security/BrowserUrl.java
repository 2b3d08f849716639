package fun.moonkey.security;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a URL the way a browser's URL parser (WHATWG URL Standard) reads it for the {@code http}
 * and {@code https} schemes, for the questions a redirect and a {@code Referer} check ask: where
 * does it go, and what would the browser be sent to. Never with string prefixes: {@code /\host},
 * {@code \/host}, {@code /<TAB>/host}, {@code http:host} and {@code https:/\host} all leave the
 * site in a browser, and do here.
 *
 * <p>What it does, in the standard's order: strip leading and trailing C0 controls and spaces;
 * remove every tab, CR and LF; in the scheme, authority and path treat {@code \} as {@code /}; a
 * scheme other than {@code http}/{@code https} is refused; after an {@code http(s):} any number of
 * slashes (of either kind) lead to the authority, except that the base's own scheme without {@code
 * //} makes a relative reference; the host is percent-decoded and IDN-mapped; userinfo is refused
 * outright (a browser would go to the host after the {@code @}). Stateless.
 */
final class BrowserUrl {

  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

  /**
   * Where a URL leads.
   *
   * @param origin the origin it leads to; for a path-absolute reference the base's origin
   * @param relative true when it was a reference without an authority, resolved on the base
   * @param pathAndAfter the path, query and fragment as the browser would request them, {@code /}
   *     at least, made header-safe (non-ASCII, controls and spaces percent-encoded)
   */
  public record Target(WebOrigin origin, boolean relative, String pathAndAfter) {

    /** The absolute URL. */
    public String absolute() {
      return origin + pathAndAfter;
    }
  }

  private BrowserUrl() {}

  /**
   * @param input the URL or reference, as received
   * @param base the origin it is resolved against (the request's own)
   * @return where it leads; empty when it is not an http(s) URL, has userinfo or a bad host or
   *     port, or is a path-relative reference ({@code foo}, {@code ../x}, {@code ?q}), which this
   *     library does not follow
   */
  public static Optional<Target> parse(String input, WebOrigin base) {
    if (input == null) {
      return Optional.empty();
    }
    String s = stripControlsAndSpaces(input);
    StringBuilder cleaned = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\t' && c != '\n' && c != '\r') {
        cleaned.append(c);
      }
    }
    s = cleaned.toString();
    // Backslashes count as slashes up to the query or fragment, for special schemes.
    int end = firstOf(s, "?#", 0);
    s = s.substring(0, end).replace('\\', '/') + s.substring(end);

    String rest = s;
    var m = SCHEME.matcher(s);
    if (m.find()) {
      String scheme = s.substring(0, m.end() - 1).toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        return Optional.empty();
      }
      rest = s.substring(m.end());
      if (!scheme.equals(base.scheme()) || rest.startsWith("//")) {
        return authority(scheme, stripLeadingSlashes(rest));
      }
      // Same scheme as the base and no "//": a relative reference (WHATWG "relative state").
    }
    if (rest.startsWith("//")) {
      return authority(base.scheme(), stripLeadingSlashes(rest));
    }
    if (!rest.startsWith("/")) {
      return Optional.empty();
    }
    return Optional.of(new Target(base, true, headerSafe(rest)));
  }

  private static Optional<Target> authority(String scheme, String rest) {
    int end = firstOf(rest, "/?#", 0);
    String authority = rest.substring(0, end);
    String after = rest.substring(end);
    if (authority.indexOf('@') >= 0) {
      return Optional.empty();
    }
    String decoded = percentDecode(authority);
    if (decoded == null) {
      return Optional.empty();
    }
    Optional<WebOrigin> origin = WebOrigin.of(scheme, decoded);
    if (origin.isEmpty()) {
      return Optional.empty();
    }
    String path = after.startsWith("/") ? after : "/" + after;
    return Optional.of(new Target(origin.get(), false, headerSafe(path)));
  }

  private static String stripControlsAndSpaces(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) <= 0x20) {
      start++;
    }
    while (end > start && s.charAt(end - 1) <= 0x20) {
      end--;
    }
    return s.substring(start, end);
  }

  private static String stripLeadingSlashes(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) == '/') {
      i++;
    }
    return s.substring(i);
  }

  private static int firstOf(String s, String chars, int from) {
    for (int i = from; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return s.length();
  }

  /** Percent-decodes a host as UTF-8; null when an escape is malformed. */
  private static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(bytes.length);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '%') {
        if (i + 2 >= bytes.length) {
          return null;
        }
        int hi = Character.digit(bytes[i + 1], 16);
        int lo = Character.digit(bytes[i + 2], 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * Percent-encodes what may not stand in a {@code Location} header or would be read differently by
   * another parser: controls, space, non-ASCII, {@code "}, {@code <}, {@code >}, {@code `}.
   */
  static String headerSafe(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '`') {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      } else {
        out.append((char) c);
      }
    }
    return out.toString();
  }
}
