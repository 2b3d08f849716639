package fun.moonkey.servlet;

import fun.moonkey.security.RequestFacts;
import jakarta.servlet.http.HttpServletRequest;

/** Reads the {@link RequestFacts} the security policies need from a servlet request. */
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
}
