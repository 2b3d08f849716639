package fun.moonkey.jaxrs;

import fun.moonkey.config.CookieSpec;
import fun.moonkey.logout.LogoutRequest;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link LogoutRequest} over JAX-RS request data alone, for runtimes without a servlet layer
 * (Jersey on Grizzly or the JDK HTTP server): cookies and headers, but no server-side session to
 * read or invalidate. There is no context path either: cookie deletions default to {@code Path=/},
 * and {@code expire-cookies} names others. Not thread-safe: one per request.
 */
final class HeaderLogoutRequest implements LogoutRequest {

  private final HttpHeaders headers;
  private final boolean secure;

  /**
   * @param headers the request's headers
   * @param secure whether the request is secure, as the guard decided (TLS, or a trusted proxy)
   */
  HeaderLogoutRequest(HttpHeaders headers, boolean secure) {
    this.headers = Objects.requireNonNull(headers, "headers");
    this.secure = secure;
  }

  /** Every value, in header order: {@code HttpHeaders.getCookies()} keeps only one per name. */
  @Override
  public List<String> cookieValues(String name) {
    List<String> cookieHeaders = headers.getRequestHeader(HttpHeaders.COOKIE);
    if (cookieHeaders == null) {
      return List.of();
    }
    List<String> values = new ArrayList<>(1);
    for (String header : cookieHeaders) {
      for (String pair : header.split(";")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).strip().equals(name)) {
          values.add(pair.substring(eq + 1).strip());
        }
      }
    }
    return values;
  }

  @Override
  public Optional<String> header(String name) {
    List<String> values = headers.getRequestHeader(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  @Override
  public Optional<Object> sessionAttribute(String name) {
    return Optional.empty();
  }

  @Override
  public boolean invalidateSession() {
    return false;
  }

  @Override
  public boolean isSecure() {
    return secure;
  }

  @Override
  public String contextPath() {
    return "";
  }

  @Override
  public Optional<CookieSpec> sessionCookie() {
    return Optional.empty();
  }
}
