package fun.moonkey.answer;

import java.util.Locale;

/** Whether a caller wants JSON or a browser redirect. */
public enum ResponseMode {
  /** A browser navigation or form post: {@code 303 See Other}. */
  REDIRECT,
  /** {@code fetch}/XHR/API callers: a JSON body. */
  JSON;

  /**
   * JSON when {@code X-Requested-With: XMLHttpRequest}, or when {@code Accept} gives {@code
   * application/json} a higher quality than {@code text/html}; a redirect otherwise.
   *
   * @param accept the {@code Accept} header, or null
   * @param requestedWith the {@code X-Requested-With} header, or null
   */
  public static ResponseMode of(String accept, String requestedWith) {
    if (requestedWith != null && requestedWith.equalsIgnoreCase("XMLHttpRequest")) {
      return JSON;
    }
    if (accept == null) {
      return REDIRECT;
    }
    double json = 0;
    double html = 0;
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      String type = parts[0].strip().toLowerCase(Locale.ROOT);
      double q = quality(parts);
      if (type.equals("application/json") || type.endsWith("+json")) {
        json = Math.max(json, q);
      } else if (type.equals("text/html") || type.equals("application/xhtml+xml")) {
        html = Math.max(html, q);
      }
    }
    return json > html ? JSON : REDIRECT;
  }

  private static double quality(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].strip();
      if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
        try {
          double q = Double.parseDouble(p.substring(2).strip());
          return q < 0 || q > 1 || Double.isNaN(q) ? 0 : q;
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }
}
