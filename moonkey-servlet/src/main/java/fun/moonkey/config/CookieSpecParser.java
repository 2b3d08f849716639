package fun.moonkey.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads {@link ConfigKeys#EXPIRE_COOKIES}: comma-separated cookies, each a name followed by {@code
 * ;}-separated attributes ({@code path=/p}, {@code domain=example.com}, {@code secure}, {@code
 * partitioned}, {@code samesite=Strict|Lax|None}, {@code httponly=false}). A message names the bad
 * part, not the whole value.
 */
final class CookieSpecParser {

  private CookieSpecParser() {}

  static List<CookieSpec> parse(ConfigValue value) {
    List<CookieSpec> specs = new ArrayList<>();
    for (String entry : value.raw().split(",", -1)) {
      specs.add(parseOne(entry.strip(), value));
    }
    return List.copyOf(specs);
  }

  private static CookieSpec parseOne(String entry, ConfigValue value) {
    String[] parts = entry.split(";", -1);
    String name = parts[0].strip();
    check(Type.isToken(name), "a cookie name made of RFC 6265 token characters", name, value);
    String path = null;
    String domain = null;
    boolean secure = false;
    boolean httpOnly = true;
    String sameSite = "Lax";
    boolean partitioned = false;
    for (int i = 1; i < parts.length; i++) {
      String attribute = parts[i].strip();
      int eq = attribute.indexOf('=');
      String attrName = (eq < 0 ? attribute : attribute.substring(0, eq)).toLowerCase(Locale.ROOT);
      String v = eq < 0 ? null : attribute.substring(eq + 1).strip();
      switch (attrName) {
        case "path" -> {
          boolean ok = v != null && v.startsWith("/") && Type.isHeaderSafe(v);
          check(ok, "path=/some/path", attribute, value);
          path = v;
        }
        case "domain" -> {
          boolean ok = v != null && v.matches("\\.?[A-Za-z0-9]([A-Za-z0-9-.]*[A-Za-z0-9])?");
          check(ok, "domain=example.com", attribute, value);
          domain = v.replaceFirst("^\\.", "");
        }
        case "secure" -> secure = flag(v, attribute, value);
        case "partitioned" -> partitioned = flag(v, attribute, value);
        case "httponly" -> httpOnly = flag(v, attribute, value);
        case "samesite" -> {
          String word = v == null ? "" : v.toLowerCase(Locale.ROOT);
          check(word.matches("strict|lax|none"), "samesite=Strict, Lax or None", attribute, value);
          sameSite = Character.toUpperCase(word.charAt(0)) + word.substring(1);
        }
        default -> {
          String expected =
              "an attribute path=, domain=, secure, partitioned, samesite= or httponly=";
          check(false, expected, attribute, value);
        }
      }
    }
    boolean hostOk =
        !name.startsWith(CookieSpec.HOST_PREFIX)
            || domain == null && (path == null || path.equals("/"));
    check(hostOk, "a __Host- cookie without domain and with path=/ (RFC 6265bis)", entry, value);
    return new CookieSpec(name, path, domain, secure, httpOnly, sameSite, partitioned);
  }

  private static boolean flag(String v, String attribute, ConfigValue value) {
    check(v == null || v.matches("true|false"), "true or false", attribute, value);
    return v == null || v.equals("true");
  }

  /** Unless {@code ok}, the message naming the bad part of the value. */
  private static void check(boolean ok, String expected, String part, ConfigValue value) {
    if (!ok) {
      throw Type.fail(value, "expected " + expected, Type.quote(part));
    }
  }
}
