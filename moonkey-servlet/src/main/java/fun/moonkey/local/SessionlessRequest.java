package fun.moonkey.local;

import fun.moonkey.config.CookieSpec;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** The {@link LogoutRequest#withoutSession} request: cookies and headers, nothing else. */
record SessionlessRequest(
    Function<String, List<String>> cookies,
    Function<String, Optional<String>> headers,
    boolean secure)
    implements LogoutRequest {

  SessionlessRequest {
    Objects.requireNonNull(cookies, "cookies");
    Objects.requireNonNull(headers, "headers");
  }

  @Override
  public List<String> cookieValues(String name) {
    return cookies.apply(name);
  }

  @Override
  public Optional<String> header(String name) {
    return headers.apply(name);
  }

  @Override
  public boolean isSecure() {
    return secure;
  }

  /** Always {@code ""}: the runtime has no context path to give. */
  @Override
  public String contextPath() {
    return "";
  }

  /** Always empty: there is no server-side session. */
  @Override
  public Optional<Object> sessionAttribute(String name) {
    return Optional.empty();
  }

  /** Always false: there is no server-side session. */
  @Override
  public boolean invalidateSession() {
    return false;
  }

  /** Always empty: no session, so no session cookie. */
  @Override
  public Optional<CookieSpec> sessionCookie() {
    return Optional.empty();
  }
}
