package fun.moonkey.servlet;

import fun.moonkey.answer.ResponseMode;
import fun.moonkey.security.RequestFacts;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Reads from a servlet request what the filter needs: the {@link RequestFacts} of the security
 * policies, a parameter, the kind of answer the caller wants.
 */
public final class ServletRequestFacts {

  private ServletRequestFacts() {}

  /**
   * @param request a servlet request
   * @return its facts
   */
  public static RequestFacts of(HttpServletRequest request) {
    return new RequestFacts(
        request.getMethod(),
        request.getScheme(),
        request.isSecure(),
        request.getServerName(),
        request.getServerPort(),
        request.getRemoteAddr(),
        request::getHeader);
  }

  /** A request parameter, or null when absent or when the body cannot be read as a form. */
  static String parameter(HttpServletRequest request, String name) {
    try {
      return request.getParameter(name);
    } catch (RuntimeException unreadable) {
      // Containers throw on a malformed form body; a bad value falls back like a missing one.
      System.getLogger(ServletRequestFacts.class.getName())
          .log(System.Logger.Level.DEBUG, "Request parameters unreadable; using the defaults");
      return null;
    }
  }

  /** JSON for {@code fetch} and API callers, else a browser's redirect. */
  static ResponseMode mode(HttpServletRequest request) {
    return ResponseMode.of(request.getHeader("Accept"), request.getHeader("X-Requested-With"));
  }
}
