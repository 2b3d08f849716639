package fun.moonkey.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the {@link ConfigKeys#EXPIRE_COOKIES} syntax: comma-separated cookies, each a name
 * followed by {@code ;}-separated attributes ({@code path=/p}, {@code domain=example.com}, {@code
 * secure}, {@code partitioned}, {@code samesite=Strict|Lax|None}, {@code httponly=false}).
 */
final class CookieSpecParser {

  private CookieSpecParser() {}

  /**
   * @param value the raw value
   * @param fail builds the exception for a bad part, given what was expected and the bad part
   * @return the cookies in the order given
   */
  static List<CookieSpec> parse(String value, Failure fail) {
    List<CookieSpec> specs = new ArrayList<>();
    for (String entry : value.split(",", -1)) {
      specs.add(parseOne(entry.strip(), fail));
    }
    return List.copyOf(specs);
  }

  /** Builds the exception for a bad part of the value. */
  interface Failure {
    ConfigException of(String expected, String badPart);
  }

  private static CookieSpec parseOne(String entry, Failure fail) {
    String[] parts = entry.split(";", -1);
    String name = parts[0].strip();
    if (!Tokens.isCookieName(name)) {
      throw fail.of("a cookie name made of RFC 6265 token characters", name);
    }
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
      String attrValue = eq < 0 ? null : attribute.substring(eq + 1).strip();
      switch (attrName) {
        case "path" -> {
          if (attrValue == null || !attrValue.startsWith("/") || !Tokens.isHeaderSafe(attrValue)) {
            throw fail.of("path=/some/path", attribute);
          }
          path = attrValue;
        }
        case "domain" -> {
          if (attrValue == null
              || !attrValue.matches("\\.?[A-Za-z0-9]([A-Za-z0-9-.]*[A-Za-z0-9])?")) {
            throw fail.of("domain=example.com", attribute);
          }
          domain = attrValue.startsWith(".") ? attrValue.substring(1) : attrValue;
        }
        case "secure" -> secure = flag(attrValue, attribute, fail);
        case "partitioned" -> partitioned = flag(attrValue, attribute, fail);
        case "httponly" -> httpOnly = flag(attrValue, attribute, fail);
        case "samesite" -> sameSite = sameSite(attrValue, attribute, fail);
        default ->
            throw fail.of(
                "an attribute path=, domain=, secure, partitioned, samesite= or httponly=",
                attribute);
      }
    }
    if (name.startsWith(CookieSpec.HOST_PREFIX)
        && (domain != null || (path != null && !path.equals("/")))) {
      throw fail.of("a __Host- cookie without domain and with path=/ (RFC 6265bis)", entry);
    }
    return new CookieSpec(name, path, domain, secure, httpOnly, sameSite, partitioned);
  }

  private static boolean flag(String value, String attribute, Failure fail) {
    if (value == null || value.equals("true")) {
      return true;
    }
    if (value.equals("false")) {
      return false;
    }
    throw fail.of("true or false", attribute);
  }

  private static String sameSite(String value, String attribute, Failure fail) {
    if (value != null) {
      switch (value.toLowerCase(Locale.ROOT)) {
        case "strict":
          return "Strict";
        case "lax":
          return "Lax";
        case "none":
          return "None";
        default:
          break;
      }
    }
    throw fail.of("samesite=Strict, Lax or None", attribute);
  }
}
