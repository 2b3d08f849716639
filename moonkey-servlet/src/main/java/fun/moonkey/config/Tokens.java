package fun.moonkey.config;

/** Character-class checks shared by the parsers. */
final class Tokens {

  private Tokens() {}

  /**
   * @return true for a non-empty RFC 9110 token, which is what a cookie name and an HTTP method
   *     name must be
   */
  static boolean isCookieName(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * @return true when {@code s} has only printable ASCII without {@code ;} and {@code ,}, so that
   *     it can sit inside a header attribute
   */
  static boolean isHeaderSafe(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == ';' || c == ',') {
        return false;
      }
    }
    return true;
  }
}
