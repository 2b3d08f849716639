package fun.moonkey.security;

/**
 * Makes a value from a request safe for one log line (CWE-117): controls, line and paragraph
 * separators and bidi controls become {@code \\uXXXX}, and long values are cut.
 */
public final class LogSafe {

  /** Longest value shown, in characters, before {@code …}. */
  public static final int MAX_SHOWN = 200;

  private LogSafe() {}

  /**
   * @param value a value from a request, or null
   * @return the value escaped and cut, {@code (none)} for null
   */
  public static String escape(String value) {
    if (value == null) {
      return "(none)";
    }
    int shown = Math.min(value.length(), MAX_SHOWN);
    StringBuilder out = new StringBuilder(shown + 8);
    for (int i = 0; i < shown; i++) {
      char c = value.charAt(i);
      boolean unsafe =
          c < 0x20
              || (c >= 0x7f && c <= 0x9f)
              || c == 0x2028
              || c == 0x2029
              || (c >= 0x202a && c <= 0x202e)
              || (c >= 0x2066 && c <= 0x2069)
              || c == 0x200e
              || c == 0x200f
              || c == 0x061c
              || Character.isSurrogate(c);
      if (unsafe) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (value.length() > shown) {
      out.append('…');
    }
    return out.toString();
  }
}
