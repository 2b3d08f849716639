package fun.moonkey.servlet;

import fun.moonkey.config.CookieSpec;
import fun.moonkey.local.LogoutRequest;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A {@link LogoutRequest} over an {@link HttpServletRequest}. Not thread-safe: one per request. */
public final class ServletLogoutRequest implements LogoutRequest {

  private final HttpServletRequest request;
  private final boolean secure;

  /**
   * @param request the servlet request
   * @param secure whether the request is secure, directly or through a trusted proxy (see {@link
   *     fun.moonkey.security.LogoutGuard.Check#secure()})
   */
  public ServletLogoutRequest(HttpServletRequest request, boolean secure) {
    this.request = Objects.requireNonNull(request, "request");
    this.secure = secure;
  }

  @Override
  public List<String> cookieValues(String name) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return List.of();
    }
    List<String> values = new ArrayList<>(1);
    for (Cookie cookie : cookies) {
      if (cookie.getName().equals(name)) {
        values.add(cookie.getValue());
      }
    }
    return values;
  }

  @Override
  public Optional<String> header(String name) {
    return Optional.ofNullable(request.getHeader(name));
  }

  @Override
  public Optional<Object> sessionAttribute(String name) {
    HttpSession session = request.getSession(false);
    if (session == null) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(session.getAttribute(name));
    } catch (IllegalStateException alreadyInvalidated) {
      return Optional.empty();
    }
  }

  @Override
  public boolean invalidateSession() {
    HttpSession session = request.getSession(false);
    if (session == null) {
      return false;
    }
    try {
      // This logout revokes the session's credential: the session-end listener must not again.
      session.setAttribute(SessionEndRevoker.LOGGED_OUT_ATTRIBUTE, Boolean.TRUE);
      session.invalidate();
      return true;
    } catch (IllegalStateException alreadyInvalidated) {
      return false;
    }
  }

  @Override
  public boolean isSecure() {
    return secure;
  }

  @Override
  public String contextPath() {
    return request.getContextPath();
  }

  @Override
  public Optional<CookieSpec> sessionCookie() {
    return SessionCookies.of(request.getServletContext().getSessionCookieConfig());
  }
}
