package fun.moonkey.jaxrs;

import jakarta.ws.rs.core.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cookies and headers read from JAX-RS request data alone, for a runtime without a servlet layer
 * (see {@link fun.moonkey.local.LogoutRequest#withoutSession}).
 */
final class RequestHeaders {

  private RequestHeaders() {}

  /**
   * Every value of the cookie {@code name}, in header order: {@code HttpHeaders.getCookies()} keeps
   * only one per name.
   */
  static List<String> cookieValues(HttpHeaders headers, String name) {
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

  /** The first value of the header {@code name}. */
  static Optional<String> first(HttpHeaders headers, String name) {
    List<String> values = headers.getRequestHeader(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
