package fun.moonkey.servlet;

import fun.moonkey.answer.ResponseMode;
import fun.moonkey.local.LogoutRequest;
import fun.moonkey.logout.LogoutExchange;
import fun.moonkey.security.RequestFacts;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/** A servlet request to the logout path, as {@link fun.moonkey.logout.LogoutEndpoint} reads it. */
final class ServletLogoutExchange implements LogoutExchange {

  private final HttpServletRequest request;

  ServletLogoutExchange(HttpServletRequest request) {
    this.request = request;
  }

  @Override
  public RequestFacts facts() {
    return ServletRequestFacts.of(request);
  }

  @Override
  public ResponseMode mode() {
    return ServletRequestFacts.mode(request);
  }

  @Override
  public Optional<String> parameter(String name) {
    return Optional.ofNullable(ServletRequestFacts.parameter(request, name));
  }

  @Override
  public String contextPath() {
    return request.getContextPath();
  }

  @Override
  public LogoutRequest request(boolean secure) {
    return new ServletLogoutRequest(request, secure);
  }
}
