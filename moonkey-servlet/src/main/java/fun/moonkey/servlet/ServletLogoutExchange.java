package fun.moonkey.servlet;

import fun.moonkey.answer.ResponseMode;
import fun.moonkey.local.LogoutRequest;
import fun.moonkey.logout.JsonField;
import fun.moonkey.logout.LogoutExchange;
import fun.moonkey.security.RequestFacts;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.Reader;
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

  /** A JSON body's member (the body read up to {@link JsonField#MAX_BODY}), else a form field. */
  @Override
  public Optional<String> bodyField(String name) {
    if (!JsonField.isJson(request.getContentType())) {
      return parameter(name);
    }
    try (Reader reader = request.getReader()) {
      char[] buffer = new char[JsonField.MAX_BODY + 1];
      int length = 0;
      int read;
      while (length < buffer.length
          && (read = reader.read(buffer, length, buffer.length - length)) > 0) {
        length += read;
      }
      return JsonField.read(new String(buffer, 0, length), name);
    } catch (IOException | RuntimeException unreadable) {
      return Optional.empty();
    }
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
