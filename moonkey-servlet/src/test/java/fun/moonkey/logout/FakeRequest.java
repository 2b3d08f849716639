package fun.moonkey.logout;

import fun.moonkey.config.CookieSpec;
import fun.moonkey.local.LogoutRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An in-memory request for pure-logic tests of the flow's collaborators. */
public final class FakeRequest implements LogoutRequest {

  private final List<String[]> cookies = new ArrayList<>();
  private final Map<String, String> headers = new HashMap<>();
  private Map<String, Object> session;
  private boolean secure;
  private String contextPath = "";
  private CookieSpec sessionCookie;

  public FakeRequest cookie(String name, String value) {
    cookies.add(new String[] {name, value});
    return this;
  }

  public FakeRequest header(String name, String value) {
    headers.put(name.toLowerCase(java.util.Locale.ROOT), value);
    return this;
  }

  public FakeRequest sessionAttribute(String name, Object value) {
    if (session == null) {
      session = new HashMap<>();
    }
    session.put(name, value);
    return this;
  }

  public FakeRequest secure(boolean secure) {
    this.secure = secure;
    return this;
  }

  public FakeRequest contextPath(String contextPath) {
    this.contextPath = contextPath;
    return this;
  }

  public FakeRequest sessionCookie(CookieSpec spec) {
    this.sessionCookie = spec;
    return this;
  }

  public boolean hasSession() {
    return session != null;
  }

  @Override
  public List<String> cookieValues(String name) {
    return cookies.stream().filter(c -> c[0].equals(name)).map(c -> c[1]).toList();
  }

  @Override
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
  }

  @Override
  public Optional<Object> sessionAttribute(String name) {
    return session == null ? Optional.empty() : Optional.ofNullable(session.get(name));
  }

  @Override
  public boolean invalidateSession() {
    boolean had = session != null;
    session = null;
    return had;
  }

  @Override
  public boolean isSecure() {
    return secure;
  }

  @Override
  public String contextPath() {
    return contextPath;
  }

  @Override
  public Optional<CookieSpec> sessionCookie() {
    return Optional.ofNullable(sessionCookie);
  }
}
